import { type HealthCell, MINUTE_MS, HOUR_MS, SIX_HOURS_MS, DAY_MS, type RollupLevel } from './health-cell.js';
import { computeMetric } from './health-metrics.js';

/** Steps a chart can ask for; a requested step is rounded up to the next of these. */
const NICE_STEPS = [1, 2, 5, 10, 15, 30]
  .map((m) => m * MINUTE_MS)
  .concat(
    [1, 2, 3, 6, 12].map((h) => h * HOUR_MS),
    [1, 2, 7].map((d) => d * DAY_MS),
  );
export const DEFAULT_POINTS = 120;
/** Metrics that are sums: an empty bucket is a true zero. Ratios and quantiles of nothing are null. */
const COUNTERS = new Set(['calls', 'callsPerMinute', 'errors', 'cost', 'tokens', 'inputTokens', 'outputTokens']);
export const MAX_POINTS = 1000;

export interface TimeseriesPlan {
  from: number;
  to: number;
  step: number;
  level: RollupLevel;
}

/**
 * Chooses the bucket width and the rollup level to read. The step is at least (to − from) / MAX_POINTS,
 * rounded up to a nice step; the level is the coarsest rollup whose width divides the step, so a 30-day
 * chart at the default ~120 points reads six-hour rows (120 per series), never minutes.
 */
export function planTimeseries(from: number, to: number, requestedStep: number | undefined): TimeseriesPlan {
  const range = Math.max(to - from, MINUTE_MS);
  const minStep = range / MAX_POINTS;
  const wanted = Math.max(requestedStep ?? range / DEFAULT_POINTS, minStep, MINUTE_MS);
  const step = NICE_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / DAY_MS) * DAY_MS;
  const level: RollupLevel =
    step % DAY_MS === 0
      ? DAY_MS
      : step % SIX_HOURS_MS === 0
        ? SIX_HOURS_MS
        : step % HOUR_MS === 0
          ? HOUR_MS
          : MINUTE_MS;
  const alignedFrom = Math.floor(from / step) * step;
  const alignedTo = Math.ceil(to / step) * step;
  return { from: alignedFrom, to: alignedTo, step, level };
}

/**
 * Merges rollup cells into the plan's buckets and evaluates each metric per bucket. A counter of a bucket
 * without calls is 0 only from `knownFromMs` on (when the series is known to have been recorded: the model's
 * first call, a segment's first cell); before it, it is null like every other metric, so a chart draws a gap
 * for missing history, never a run of zeros. A rate divides by the time its bucket covers: the bucket still
 * filling at `nowMs` covers only its elapsed part (calls/min would otherwise drop at the end of every chart).
 */
export function buildPoints(
  plan: TimeseriesPlan,
  rows: Array<{ bucketStart: number; cell: HealthCell }>,
  metrics: string[],
  knownFromMs = -Infinity,
  nowMs = Infinity,
): Array<Array<[number, number | null]>> {
  const n = Math.round((plan.to - plan.from) / plan.step);
  const buckets: Array<HealthCell | undefined> = new Array(n);
  for (const row of rows) {
    const i = Math.floor((row.bucketStart - plan.from) / plan.step);
    if (i < 0 || i >= n) continue;
    const b = buckets[i];
    // Rows are decoded per query and owned here, so the first one can be the bucket itself.
    if (b) b.merge(row.cell);
    else buckets[i] = row.cell;
  }
  return metrics.map((m) => {
    const points: Array<[number, number | null]> = new Array(n);
    for (let i = 0; i < n; i++) {
      const cell = buckets[i];
      const start = plan.from + i * plan.step;
      const isKnown = start + plan.step > knownFromMs;
      const covered = Math.min(plan.step, Math.max(nowMs - start, 1000));
      const value = cell && cell.calls > 0 ? computeMetric(m, cell, covered) : COUNTERS.has(m) && isKnown ? 0 : null;
      points[i] = [start, value];
    }
    return points;
  });
}
