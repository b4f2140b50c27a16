import {
  HealthCell,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SIX_HOURS_MS,
  bucketStart,
  type CellDelta,
  type RollupLevel,
} from '../analysis/api-health/index.js';
import { drawCall } from './call-draw.js';
import { STORES } from './coffee-models.js';
import { SeededRandom, hashInts, inverseNormalCdf, unitHash } from './seeded-random.js';
import type { TrafficModel } from './traffic-model.js';

/** Samples per store cell: a segment is a slice of the endpoint's calls, its quantiles need fewer points. */
const SAMPLES_PER_MINUTE_CELL = 2;
const SAMPLES_PER_HOUR_CELL = 6;

/**
 * Segment cells (the API-health cells of one tag value) for the demo history, from the calls' own cells of a
 * backfill chunk: every demo call carries `demo=true` (that segment is the calls' cells themselves) and one of
 * 24 `store=` tags. Each endpoint's calls and errors of an hour (or, from `minuteCellsFromMs` on, a minute) are
 * split across the stores in proportion to each store's popularity (the split adds up exactly), and each
 * store's latency, cost and tokens come from a few calls drawn under the conditions of that time, weighted by
 * the calls they stand for. Six-hour and day cells sum the hours; without `withHourCells` (old history: 120 hour
 * cells an hour would be most of a month's backfill) the split is made per six hours and days sum those. Pure
 * and deterministic.
 *
 * @example buildSegmentCells(traffic, chunk.cells, Date.now() - 25 * HOUR_MS)
 */
export function buildSegmentCells(
  model: TrafficModel,
  callCells: readonly CellDelta[],
  minuteCellsFromMs: number,
  withHourCells = true,
): CellDelta[] {
  const out: CellDelta[] = [];
  const sums = new Map<string, CellDelta>();
  const sumInto = (level: RollupLevel, d: CellDelta) => {
    const start = bucketStart(d.bucketStart, level);
    const key = `${level}\u0000${d.model}\u0000${d.endpoint}\u0000${d.segment}\u0000${start}`;
    let s = sums.get(key);
    if (!s) {
      s = {
        level,
        model: d.model,
        endpoint: d.endpoint,
        segment: d.segment,
        bucketStart: start,
        cell: new HealthCell(),
      };
      sums.set(key, s);
      out.push(s);
    }
    s.cell.merge(d.cell);
  };
  const weights = STORES.map((_, i) => Math.exp(0.3 * inverseNormalCdf(clamp(unitHash(model.options.seed, 707, i)))));
  // The split is done at the finest level kept: minutes (recent), hours, or six hours (old history).
  const source: number = withHourCells ? HOUR_MS : SIX_HOURS_MS;
  for (const c of callCells) {
    const isMinute = c.level === MINUTE_MS;
    if ((c.level !== source && !isMinute) || c.segment) continue;
    if (isMinute && c.bucketStart < minuteCellsFromMs) continue;
    const sums = c.level === HOUR_MS ? ([SIX_HOURS_MS, DAY_MS] as const) : ([DAY_MS] as const);
    const index = model.endpoints.findIndex((e) => e.model === c.model && e.endpoint === c.endpoint);
    if (index < 0) continue;
    out.push({ ...c, segment: 'demo=true' });
    if (!isMinute) for (const level of sums) sumInto(level, { ...c, segment: 'demo=true' });
    const rng = new SeededRandom(
      hashInts(model.options.seed, index, c.bucketStart / MINUTE_MS, c.level / MINUTE_MS, 808),
    );
    const calls = splitExactly(c.cell.calls, weights, rng);
    const errors = splitExactly(c.cell.errors, weights, rng);
    const samples = isMinute ? SAMPLES_PER_MINUTE_CELL : SAMPLES_PER_HOUR_CELL;
    STORES.forEach((store, s) => {
      const n = calls[s]!;
      if (n === 0) return;
      const e = Math.min(errors[s]!, n);
      const cell = new HealthCell();
      addDraws(cell, model, index, c.bucketStart, c.level, n - e, Math.min(n - e, samples), false, rng);
      addDraws(cell, model, index, c.bucketStart, c.level, e, Math.min(e, 1), true, rng);
      const d: CellDelta = {
        level: c.level,
        model: c.model,
        endpoint: c.endpoint,
        segment: `store=${store}`,
        bucketStart: c.bucketStart,
        cell,
      };
      out.push(d);
      if (!isMinute) for (const level of sums) sumInto(level, d);
    });
  }
  return out;
}

/** `total` split across shares in proportion to `weights` with a little noise; the parts add up to `total`. */
function splitExactly(total: number, weights: readonly number[], rng: SeededRandom): number[] {
  if (total === 0) return weights.map(() => 0);
  const noisy = weights.map((w) => w * Math.exp(0.1 * rng.normal()));
  const sum = noisy.reduce((a, b) => a + b, 0);
  const exact = noisy.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) parts[order[i]![1]]!++;
  return parts;
}

/** Adds `k` calls drawn in the bucket (a random minute of it, its conditions) standing for `total` calls. */
function addDraws(
  cell: HealthCell,
  model: TrafficModel,
  index: number,
  bucket: number,
  level: number,
  total: number,
  k: number,
  isError: boolean,
  rng: SeededRandom,
): void {
  if (total === 0 || k === 0) return;
  const ep = model.endpoints[index]!;
  const base = Math.floor(total / k);
  const extra = total - base * k;
  for (let i = 0; i < k; i++) {
    const w = base + (i < extra ? 1 : 0);
    const minute = bucket + Math.floor((rng.next() * level) / MINUTE_MS) * MINUTE_MS;
    const c = drawCall(ep, model.conditionsAt(index, minute), rng, { latencyU: (i + rng.next()) / k, isError });
    cell.calls += w;
    if (c.isError) {
      cell.errors += w;
      const t = c.errorType ?? 'unknown';
      cell.errorTypes[t] = (cell.errorTypes[t] ?? 0) + w;
    }
    cell.latency.add(c.latencyMs, w);
    cell.costUsd += c.costUsd * w;
    cell.costCount += w;
    if (c.inputTokens !== null) cell.inputTokens += c.inputTokens * w;
    if (c.outputTokens !== null) cell.outputTokens += c.outputTokens * w;
    if (c.ttftMs !== null) cell.ttft.add(c.ttftMs, w);
  }
}

function clamp(u: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, u));
}
