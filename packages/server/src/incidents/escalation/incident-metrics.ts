import type { MonitoringArea, Severity } from '../../alerting/rules/rule-schema.js';

/** What metrics need of an incident. Times in epoch ms. */
export interface IncidentRecord {
  id: string;
  title?: string;
  area: MonitoringArea;
  /** The PRIMARY team it was routed to. */
  team: string;
  model?: string | null;
  severity: Severity;
  /** The alert (group) went firing and the incident was opened. */
  openedAt: number;
  /** First acknowledgement by a human. */
  acknowledgedAt?: number | null;
  /** Marked resolved (or its alerts resolved). */
  resolvedAt?: number | null;
  /** Closed as "not a real problem" by the responder. */
  isFalsePositive?: boolean;
  businessImpactUsd?: number | null;
  url?: string;
}

export interface IncidentMetricsBucket {
  /** Group value (team, area or model name; "" for `all`; "(none)" for an incident without a model). */
  key: string;
  /** [bucketStart, bucketEnd) on openedAt. */
  bucketStart: number;
  bucketEnd: number;
  opened: number;
  acknowledged: number;
  resolved: number;
  /** Mean of acknowledgedAt − openedAt over acknowledged incidents; null when none. */
  mttaMs: number | null;
  /** Mean of resolvedAt − openedAt over resolved incidents that were not false positives; null when none. */
  mttrMs: number | null;
  criticalResolved: number;
  criticalFalsePositives: number;
  /** criticalFalsePositives / criticalResolved; null when no critical incident resolved. */
  falsePositiveRate: number | null;
}

export interface IncidentMetricsOptions {
  from: number;
  to: number;
  bucketMs: number;
  groupBy: 'team' | 'area' | 'model' | 'all';
}

/**
 * MTTA, MTTR and the false-positive rate of critical alerts per group and time bucket. Incidents belong to
 * the bucket holding their `openedAt`; buckets start at `from`, are `bucketMs` wide and end at or after `to`.
 * Every (group, bucket) pair with at least one incident is returned, sorted by key then time.
 * @example
 * computeIncidentMetrics(incidents, { from: monthStart, to: now, bucketMs: 7 * 86_400_000, groupBy: 'team' })
 */
export function computeIncidentMetrics(
  incidents: readonly IncidentRecord[],
  options: IncidentMetricsOptions,
): IncidentMetricsBucket[] {
  const { from, to, bucketMs, groupBy } = options;
  if (!(bucketMs > 0) || !(to > from)) throw new RangeError('need bucketMs > 0 and to > from');
  const groups = new Map<string, IncidentRecord[]>();
  for (const inc of incidents) {
    if (inc.openedAt < from || inc.openedAt >= to) continue;
    const key =
      groupBy === 'all' ? '' : groupBy === 'model' ? (inc.model ?? '(none)') : groupBy === 'team' ? inc.team : inc.area;
    const b = Math.floor((inc.openedAt - from) / bucketMs);
    const gk = `${key}\u0000${b}`;
    const list = groups.get(gk);
    if (list) list.push(inc);
    else groups.set(gk, [inc]);
  }
  return [...groups.entries()]
    .map(([gk, list]) => {
      const [key, b] = gk.split('\u0000');
      const bucketStart = from + Number(b) * bucketMs;
      return { key, bucketStart, bucketEnd: bucketStart + bucketMs, ...summarize(list) };
    })
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.bucketStart - y.bucketStart));
}

/** Mean time to acknowledge, ms: mean of acknowledgedAt − openedAt over acknowledged incidents. */
export function computeMtta(incidents: readonly IncidentRecord[]): number | null {
  return mean(incidents.filter(isAcknowledged).map((i) => i.acknowledgedAt - i.openedAt));
}

/** Mean time to resolve, ms: mean of resolvedAt − openedAt over resolved incidents, false positives excluded. */
export function computeMttr(incidents: readonly IncidentRecord[]): number | null {
  return mean(
    incidents.filter((i) => isResolved(i) && !i.isFalsePositive).map((i) => (i.resolvedAt as number) - i.openedAt),
  );
}

/** Share of resolved critical incidents closed as false positives; null when none resolved. */
export function computeFalsePositiveRate(incidents: readonly IncidentRecord[]): number | null {
  const critical = incidents.filter((i) => i.severity === 'critical' && isResolved(i));
  return critical.length ? critical.filter((i) => i.isFalsePositive).length / critical.length : null;
}

function summarize(list: readonly IncidentRecord[]) {
  const criticalResolved = list.filter((i) => i.severity === 'critical' && isResolved(i));
  return {
    opened: list.length,
    acknowledged: list.filter(isAcknowledged).length,
    resolved: list.filter(isResolved).length,
    mttaMs: computeMtta(list),
    mttrMs: computeMttr(list),
    criticalResolved: criticalResolved.length,
    criticalFalsePositives: criticalResolved.filter((i) => i.isFalsePositive).length,
    falsePositiveRate: computeFalsePositiveRate(list),
  };
}

function isAcknowledged(i: IncidentRecord): i is IncidentRecord & { acknowledgedAt: number } {
  return typeof i.acknowledgedAt === 'number' && i.acknowledgedAt >= i.openedAt;
}

function isResolved(i: IncidentRecord): boolean {
  return typeof i.resolvedAt === 'number' && i.resolvedAt >= i.openedAt;
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
