import { DAY_MS, HOUR_MS, MINUTE_MS, bucketStart } from '../analysis/api-health/index.js';
import type { Store } from '../storage/index.js';
import { buildBackfillChunk, type BackfillChunk } from './backfill-cells.js';

/** Minute rollups are kept 14 days (docs/storage.md); older minute cells would be pruned at once. */
const MINUTE_HISTORY_MS = 14 * DAY_MS;
import type { TrafficModel } from './traffic-model.js';

export interface BackfillResult {
  /** True when the store already had demo rollups and nothing was written. */
  skipped: boolean;
  fromMs: number;
  toMs: number;
  cells: number;
  /** Calls per "model\u0000endpoint" written, summed over the whole range. */
  calls: Map<string, number>;
  totalCalls: number;
  durationMs: number;
}

/** True when any demo model already has rollups in [fromMs, toMs): the demo then keeps its history. */
export async function hasDemoRollups(
  store: Store,
  model: TrafficModel,
  fromMs: number,
  toMs: number,
): Promise<boolean> {
  for (const name of new Set(model.endpoints.map((e) => e.model))) {
    const rows = await store.rollups.readCells({
      level: DAY_MS,
      fromMs: bucketStart(fromMs, DAY_MS),
      toMs: toMs + DAY_MS,
      model: name,
    });
    if (rows.length > 0) return true;
  }
  return false;
}

/**
 * Writes `days` of demo history ending at `endMs` straight into the rollups, one UTC day per
 * transaction, through the same `commitFlush` the ingest pipeline uses. The rollup watermark is passed through
 * unchanged: these cells come from no event or label, so crash replay must neither skip nor repeat any.
 * Run it while no events are being ingested (before listen), or a flush could move the watermark between
 * the read and the commit. Skips when the demo models already have rollups, so restarts are idempotent.
 *
 * @example
 *   const r = await backfillDemoHistory(store, model, { days: 30, endMs: Date.now() });
 *   console.log(`${r.totalCalls} calls in ${r.durationMs} ms`);
 */
export async function backfillDemoHistory(
  store: Store,
  model: TrafficModel,
  opts: { days: number; endMs: number; samplesPerCell?: number; clock?: () => number },
): Promise<BackfillResult> {
  const clock = opts.clock ?? (() => performance.now());
  const started = clock();
  const toMs = bucketStart(opts.endMs, MINUTE_MS);
  const fromMs = toMs - opts.days * DAY_MS;
  const calls = new Map<string, number>();
  const result: BackfillResult = { skipped: false, fromMs, toMs, cells: 0, calls, totalCalls: 0, durationMs: 0 };
  if (opts.days <= 0 || (await hasDemoRollups(store, model, fromMs, toMs))) {
    result.skipped = opts.days > 0;
    result.durationMs = clock() - started;
    return result;
  }
  const watermark = (await store.rollups.watermarks()).rollups;
  const commit = async (chunk: BackfillChunk) => {
    await store.rollups.commitFlush({ cells: chunk.cells, sightings: chunk.sightings, watermark });
    result.cells += chunk.cells.length;
    for (const [key, n] of chunk.calls) {
      calls.set(key, (calls.get(key) ?? 0) + n);
      result.totalCalls += n;
    }
  };
  // Old days as hour and day cells, a day per transaction; the last 14 days also with minute cells, an
  // hour per transaction: the cells of a chunk stay young in the heap and die at once (a day of minute
  // sketches at a time spent most of its time in the garbage collector).
  const minutesFrom = Math.max(fromMs, bucketStart(toMs - MINUTE_HISTORY_MS, HOUR_MS));
  for (let day = bucketStart(fromMs, DAY_MS); day < minutesFrom; day += DAY_MS) {
    await commit(
      buildBackfillChunk(model, Math.max(day, fromMs), Math.min(day + DAY_MS, minutesFrom), { withMinuteCells: false }),
    );
  }
  for (let hour = minutesFrom; hour < toMs; hour = bucketStart(hour, HOUR_MS) + HOUR_MS) {
    await commit(
      buildBackfillChunk(model, hour, Math.min(bucketStart(hour, HOUR_MS) + HOUR_MS, toMs), {
        samplesPerCell: opts.samplesPerCell,
      }),
    );
  }
  result.durationMs = clock() - started;
  return result;
}
