import {
  HealthCell,
  MINUTE_MS,
  HOUR_MS,
  SIX_HOURS_MS,
  DAY_MS,
  bucketStart,
  type CellDelta,
  type ModelSighting,
} from '../analysis/api-health/index.js';
import { drawCall, type SimCall } from './call-draw.js';
import { SeededRandom, hashInts } from './seeded-random.js';
import type { TrafficModel } from './traffic-model.js';

/** Weighted samples per (endpoint, minute): enough for a steady p99 once an hour merges 60 of them. */
export const DEFAULT_SAMPLES_PER_CELL = 64;
/** Samples per minute when only hour and day cells are written (history older than minute retention). */
const SAMPLES_PER_MINUTE_IN_HOUR = 6;
const MAX_ERROR_SAMPLES = 8;

export interface BackfillChunk {
  cells: CellDelta[];
  sightings: ModelSighting[];
  /** Calls per "model\u0000endpoint", exactly as written to the cells. */
  calls: Map<string, number>;
}

/**
 * Builds minute, hour and day cells for [fromMs, toMs) — at most one UTC day, minute-aligned — straight
 * from the traffic model, without raw events: each (endpoint, minute) gets its exact call and error
 * counts from the model and a few dozen calls drawn at stratified latency quantiles, each weighted by the
 * calls it stands for. Hour and day cells cover only the part of their bucket inside the range (the store
 * merges chunks into the same bucket). `withMinuteCells: false` skips the minute level and adds a few
 * samples per minute straight into the hours. Pure and deterministic for a given model and range.
 *
 * @example
 *   const chunk = buildBackfillChunk(model, hour, hour + HOUR_MS);
 *   // then store.rollups.commitFlush({ ...chunk, watermark }) with the current watermark
 */
export function buildBackfillChunk(
  model: TrafficModel,
  fromMs: number,
  toMs: number,
  opts: { withMinuteCells?: boolean; samplesPerCell?: number } = {},
): BackfillChunk {
  const withMinutes = opts.withMinuteCells ?? true;
  const samples = withMinutes ? (opts.samplesPerCell ?? DEFAULT_SAMPLES_PER_CELL) : SAMPLES_PER_MINUTE_IN_HOUR;
  if (
    fromMs % MINUTE_MS !== 0 ||
    toMs % MINUTE_MS !== 0 ||
    bucketStart(fromMs, DAY_MS) !== bucketStart(toMs - 1, DAY_MS)
  ) {
    throw new RangeError('buildBackfillChunk: [fromMs, toMs) must be minute-aligned and within one UTC day');
  }
  const cells: CellDelta[] = [];
  const sightings: ModelSighting[] = [];
  const calls = new Map<string, number>();
  model.endpoints.forEach((ep, index) => {
    const rng = new SeededRandom(hashInts(model.options.seed, index, fromMs / MINUTE_MS, 303));
    const day = new HealthCell();
    let hour: HealthCell | undefined;
    let hourStart = -1;
    let total = 0;
    // First and last minute with calls per model version (a release inside the range splits the sightings).
    const versions = new Map<string, { first: number; last: number }>();
    for (let m = fromMs; m < toMs; m += MINUTE_MS) {
      const n = model.callsInMinute(index, m);
      if (n === 0) continue;
      const version = model.versionAt(index, m);
      const seen = versions.get(version);
      if (seen) seen.last = m;
      else versions.set(version, { first: m, last: m });
      total += n;
      const h = bucketStart(m, HOUR_MS);
      if (h !== hourStart) {
        if (hour) day.merge(hour);
        hour = new HealthCell();
        hourStart = h;
        cells.push({ level: HOUR_MS, model: ep.model, endpoint: ep.endpoint, bucketStart: h, cell: hour });
      }
      if (withMinutes) {
        const cell = buildMinuteCell(model, index, m, n, rng, samples, new HealthCell());
        cells.push({ level: MINUTE_MS, model: ep.model, endpoint: ep.endpoint, bucketStart: m, cell });
        hour!.merge(cell);
      } else {
        buildMinuteCell(model, index, m, n, rng, samples, hour!);
      }
    }
    if (hour) day.merge(hour);
    if (total === 0) return;
    const sixes = new Map<number, HealthCell>();
    for (const c of cells) {
      if (c.level !== HOUR_MS || c.model !== ep.model || c.endpoint !== ep.endpoint) continue;
      const start = bucketStart(c.bucketStart, SIX_HOURS_MS);
      let six = sixes.get(start);
      if (!six) {
        six = new HealthCell();
        sixes.set(start, six);
        cells.push({ level: SIX_HOURS_MS, model: ep.model, endpoint: ep.endpoint, bucketStart: start, cell: six });
      }
      six.merge(c.cell);
    }
    cells.push({
      level: DAY_MS,
      model: ep.model,
      endpoint: ep.endpoint,
      bucketStart: bucketStart(fromMs, DAY_MS),
      cell: day,
    });
    calls.set(`${ep.model}\u0000${ep.endpoint}`, total);
    const latest = [...versions.values()].reduce((a, b) => Math.max(a, b.last), -1);
    for (const [version, seen] of versions)
      sightings.push({
        model: ep.model,
        endpoint: ep.endpoint,
        modelType: ep.modelType,
        modelVersion: version,
        firstSeen: seen.first,
        lastSeen: seen.last === latest ? toMs - 1 : seen.last + MINUTE_MS - 1,
      });
  });
  return { cells, sightings, calls };
}

/** Adds the calls of one (endpoint, minute) to `cell` and returns it. */
function buildMinuteCell(
  model: TrafficModel,
  index: number,
  minute: number,
  calls: number,
  rng: SeededRandom,
  samples: number,
  cell: HealthCell,
): HealthCell {
  const ep = model.endpoints[index]!;
  const cond = model.conditionsAt(index, minute);
  const p = cond.errorRate;
  const errors = Math.min(calls, Math.max(0, Math.round(calls * p + Math.sqrt(calls * p * (1 - p)) * rng.normal())));
  const draws: SimCall[] = [];
  const weights: number[] = [];
  drawStratified(
    draws,
    weights,
    calls - errors,
    Math.min(calls - errors, samples),
    (u) => drawCall(ep, cond, rng, { latencyU: u, isError: false }),
    rng,
  );
  drawStratified(
    draws,
    weights,
    errors,
    Math.min(errors, MAX_ERROR_SAMPLES),
    () => drawCall(ep, cond, rng, { isError: true }),
    rng,
  );
  // The sketch library copies its bins whenever a value lands outside the current key range, so the
  // extremes go in first: one or two copies per cell instead of one per (ascending) sample.
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < draws.length; i++) {
    if (draws[i]!.latencyMs < draws[lo]!.latencyMs) lo = i;
    if (draws[i]!.latencyMs > draws[hi]!.latencyMs) hi = i;
  }
  addWeighted(cell, draws[lo]!, weights[lo]!);
  if (hi !== lo) addWeighted(cell, draws[hi]!, weights[hi]!);
  for (let i = 0; i < draws.length; i++) if (i !== lo && i !== hi) addWeighted(cell, draws[i]!, weights[i]!);
  return cell;
}

/** Draws `k` calls standing for `total` calls: integer weights that sum to `total` exactly. */
function drawStratified(
  draws: SimCall[],
  weights: number[],
  total: number,
  k: number,
  draw: (u: number) => SimCall,
  rng: SeededRandom,
): void {
  if (total === 0 || k === 0) return;
  const base = Math.floor(total / k);
  const extra = total - base * k;
  const offset = rng.int(k);
  for (let i = 0; i < k; i++) {
    weights.push(base + ((i + offset) % k < extra ? 1 : 0));
    draws.push(draw((i + rng.next()) / k));
  }
}

function addWeighted(cell: HealthCell, c: SimCall, w: number): void {
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
