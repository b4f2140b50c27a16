import type { SecuritySignalStore } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { SECURITY_KEY_TAG, type SecurityMetric } from '../rules/security-metrics.js';

const MINUTE_MS = 60_000;
/** The trailing period a key's volume is compared with. */
export const KEY_VOLUME_BASELINE_MS = 24 * 3_600_000;

const SIGNAL_OF: Record<Exclude<SecurityMetric, 'security.keyVolumeRatio'>, string> = {
  'security.failedLogins': 'failedLogins',
  'security.rejectedKeys': 'rejectedKeys',
  'security.keyNewAddress': 'keyNewAddress',
  'security.promptInjections': 'promptInjections',
  'security.llmOutputPii': 'llmOutputPii',
};

/**
 * Values of security metric queries (alerting/rules/security-metrics.ts) from the per-minute signal counts: the
 * minutes starting in [from, to) with `from` and `to` rounded down to whole minutes (the minute in progress is
 * still being counted). Counts are 0, not "no data", when nothing happened: a quiet hour is a fact.
 * @example await fetchSecurityMetrics(store.securitySignals, [{ metric: 'security.failedLogins', from, to }])
 */
export async function fetchSecurityMetrics(
  signals: SecuritySignalStore | null,
  queries: readonly (MetricQuery & { metric: SecurityMetric })[],
): Promise<(number | null)[]> {
  if (signals === null) return queries.map(() => null);
  return Promise.all(
    queries.map(async (q) => {
      const from = floorMinute(q.from);
      const to = floorMinute(q.to);
      const key = q.tags?.[SECURITY_KEY_TAG];
      if (q.metric === 'security.keyVolumeRatio') return keyVolumeRatio(signals, from, to, key);
      const rows = await signals.sumBySubject(SIGNAL_OF[q.metric], from, to);
      const subject = q.metric === 'security.keyNewAddress' ? key : q.model;
      return rows.reduce((sum, r) => (subject === undefined || r.subject === subject ? sum + r.count : sum), 0);
    }),
  );
}

/**
 * The window's requests ÷ the mean requests per window of the same length over the baseline before it, per key;
 * the highest ratio (or the named key's). A key without requests in the baseline has no ratio.
 */
async function keyVolumeRatio(
  signals: SecuritySignalStore,
  from: number,
  to: number,
  key: string | undefined,
): Promise<number | null> {
  const windowMs = to - from;
  if (windowMs <= 0) return null;
  const [current, baseline] = await Promise.all([
    signals.sumBySubject('keyRequests', from, to),
    signals.sumBySubject('keyRequests', from - KEY_VOLUME_BASELINE_MS, from),
  ]);
  const windows = KEY_VOLUME_BASELINE_MS / windowMs;
  const base = new Map(baseline.map((r) => [r.subject, r.count / windows]));
  let best: number | null = null;
  for (const r of current) {
    if (key !== undefined && r.subject !== key) continue;
    const mean = base.get(r.subject);
    if (mean === undefined || mean <= 0) continue;
    const ratio = r.count / mean;
    if (best === null || ratio > best) best = ratio;
  }
  // The named key was quiet in the window but has a baseline: its ratio is 0.
  if (best === null && key !== undefined && (base.get(key) ?? 0) > 0) return 0;
  return best;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
