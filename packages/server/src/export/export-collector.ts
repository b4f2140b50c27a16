import { MINUTE_MS, summarizeCell } from '../analysis/api-health/index.js';
import { fetchModelHealthMetrics, type ModelHealthReads } from '../alerting/service/index.js';
import type { AlertingStore, Incident, RollupStore } from '../storage/index.js';
import type { IncidentEvent, MetricPoint } from './export-types.js';

const HOUR_MS = 3_600_000;

/**
 * The per-minute numbers of every (model, endpoint) with calls in [fromMs, toMs), from the stored minute
 * rollups: calls, errors, latency p50/p95/p99 (seconds, from the 1 %-accurate sketches), cost, tokens.
 * @example await collectMinuteMetrics(store.rollups, t0, t0 + 60_000)
 */
export async function collectMinuteMetrics(rollups: RollupStore, fromMs: number, toMs: number): Promise<MetricPoint[]> {
  const cells = await rollups.readCells({
    level: MINUTE_MS,
    fromMs,
    toMs,
    sketches: { latency: true, ttft: false },
  });
  const points: MetricPoint[] = [];
  for (const { model, endpoint, bucketStart, cell } of cells) {
    if (cell.calls === 0) continue;
    const tags: Record<string, string> = endpoint ? { model, endpoint } : { model };
    const s = summarizeCell(cell, MINUTE_MS);
    const at = { timestampMs: bucketStart, intervalMs: MINUTE_MS, tags };
    points.push({ name: 'vigil.calls', kind: 'count', value: s.calls, unit: 'calls', ...at });
    points.push({ name: 'vigil.errors', kind: 'count', value: s.errors, unit: 'calls', ...at });
    for (const [q, v] of [
      ['p50', s.latencyP50],
      ['p95', s.latencyP95],
      ['p99', s.latencyP99],
    ] as const)
      if (v !== null && Number.isFinite(v))
        points.push({ name: `vigil.latency.${q}`, kind: 'gauge', value: v / 1000, unit: 'seconds', ...at });
    if (cell.costCount > 0)
      points.push({ name: 'vigil.cost_usd', kind: 'count', value: s.costUsd, unit: 'usd', ...at });
    if (s.inputTokens)
      points.push({ name: 'vigil.tokens.input', kind: 'count', value: s.inputTokens, unit: 'tokens', ...at });
    if (s.outputTokens)
      points.push({ name: 'vigil.tokens.output', kind: 'count', value: s.outputTokens, unit: 'tokens', ...at });
  }
  return points.sort((a, b) => a.timestampMs - b.timestampMs);
}

const HEALTH: Array<{ metric: 'drift.share' | 'quality.missingRate' | 'accuracy'; name: string }> = [
  { metric: 'drift.share', name: 'vigil.drift.share' },
  { metric: 'quality.missingRate', name: 'vigil.quality.missing_rate' },
  { metric: 'accuracy', name: 'vigil.accuracy' },
];

/**
 * Drift share (features drifting against the stored reference), missing rate and accuracy of every model over
 * one hour, as gauges at the hour's start; models without a value (no reference, no labels) are left out.
 */
export async function collectModelHealth(reads: ModelHealthReads, hourStartMs: number): Promise<MetricPoint[]> {
  const models = (await reads.rollups.listModels()).filter((m) => m.lastSeen >= hourStartMs);
  const queries = models.flatMap((m) =>
    HEALTH.map((h) => ({ metric: h.metric, model: m.model, from: hourStartMs, to: hourStartMs + HOUR_MS })),
  );
  const values = await fetchModelHealthMetrics(reads, queries);
  const points: MetricPoint[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const q = queries[i]!;
    points.push({
      name: HEALTH.find((h) => h.metric === q.metric)!.name,
      kind: 'gauge',
      value: v,
      unit: 'ratio',
      timestampMs: hourStartMs,
      intervalMs: HOUR_MS,
      tags: { model: q.model },
    });
  });
  return points;
}

/**
 * Incident transitions (opened, acknowledged, resolved) in (afterMs, untilMs], oldest first. Reads the open
 * and acknowledged incidents and those opened in the last 30 days.
 */
export async function collectIncidentEvents(
  alerting: Pick<AlertingStore, 'listIncidents'>,
  afterMs: number,
  untilMs: number,
  incidentUrl: (id: string) => string | null,
): Promise<IncidentEvent[]> {
  const seen = new Map<string, Incident>();
  for (const list of await Promise.all([
    alerting.listIncidents({ status: 'open', limit: 1000 }),
    alerting.listIncidents({ status: 'acknowledged', limit: 1000 }),
    alerting.listIncidents({ from: untilMs - 30 * 86_400_000, limit: 1000 }),
  ]))
    for (const i of list) seen.set(i.id, i);
  const events: IncidentEvent[] = [];
  for (const i of seen.values()) {
    const base = {
      incidentId: i.id,
      title: i.title,
      severity: i.severity,
      area: i.area,
      model: i.model,
      endpoint: i.endpoint,
      team: i.team,
      impactUsdPerHour: i.impactUsdPerHour,
      url: incidentUrl(i.id),
    };
    const at: Array<[IncidentEvent['transition'], number | null, string | null]> = [
      ['opened', i.openedAt, null],
      ['acknowledged', i.acknowledgedAt, i.acknowledgedBy],
      ['resolved', i.resolvedAt, i.resolvedBy],
    ];
    for (const [transition, t, actor] of at)
      if (t !== null && t > afterMs && t <= untilMs) events.push({ ...base, transition, atMs: t, actor });
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
