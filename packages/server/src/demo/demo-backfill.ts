import { DAY_MS, HOUR_MS, MINUTE_MS, SIX_HOURS_MS, bucketStart } from '../analysis/api-health/index.js';
import type { Store } from '../storage/index.js';
import { buildBackfillChunk, type BackfillChunk } from './backfill-cells.js';
import { buildSegmentCells } from './backfill-segments.js';
import { buildBackfillWindows } from './backfill-windows.js';
import type { TrafficModel } from './traffic-model.js';

/** Minute rollups are kept 14 days (docs/storage.md); older minute cells would be pruned at once. */
const MINUTE_HISTORY_MS = 14 * DAY_MS;
/**
 * Segments get minute cells for the last two hours only, hour cells before: 24 stores × 5 endpoints is 120
 * minute cells a minute (~300 bytes each). Charts of a segment over a range its minute cells do not cover read
 * hour cells instead (GET /api/v1/metrics/timeseries), so the history shows at hourly resolution.
 */
const SEGMENT_MINUTES_MS = 2 * HOUR_MS;
/** …and hour cells for the last week (a 7-day chart reads hours); six-hour and day cells for all of it. */
const SEGMENT_HOURS_MS = 7 * DAY_MS;

export interface BackfillResult {
  /** True when the store already had demo rollups and nothing was written. */
  skipped: boolean;
  fromMs: number;
  toMs: number;
  cells: number;
  /** Segment cells (demo=true, store=…) and model-health windows written. */
  segmentCells: number;
  windows: number;
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
  const result: BackfillResult = {
    skipped: false,
    fromMs,
    toMs,
    cells: 0,
    segmentCells: 0,
    windows: 0,
    calls,
    totalCalls: 0,
    durationMs: 0,
  };
  if (opts.days <= 0 || (await hasDemoRollups(store, model, fromMs, toMs))) {
    result.skipped = opts.days > 0;
    result.durationMs = clock() - started;
    return result;
  }
  const marks = await store.rollups.watermarks();
  const segmentMinutesFrom = toMs - SEGMENT_MINUTES_MS;
  // Six-hour aligned, so each chunk (a day, or an hour in the last 14 days) lies wholly on one side.
  const segmentHoursFrom = bucketStart(toMs - SEGMENT_HOURS_MS, SIX_HOURS_MS);
  // Every flush carries the watermarks as they are: these cells and windows come from no event or label.
  const commit = async (chunk: BackfillChunk, fromChunk: number, toChunk: number) => {
    const segments = buildSegmentCells(model, chunk.cells, segmentMinutesFrom, toChunk > segmentHoursFrom);
    const windows = buildBackfillWindows(model, fromChunk, toChunk, toMs);
    await store.rollups.commitFlush({
      cells: chunk.cells,
      sightings: chunk.sightings,
      watermark: marks.rollups,
      segments: { cells: segments, watermark: marks.segments },
      modelWindows: { windows, eventWatermark: marks.windowEvents, labelWatermark: marks.windowLabels },
    });
    result.cells += chunk.cells.length;
    result.segmentCells += segments.length;
    result.windows += windows.length;
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
    const [a, b] = [Math.max(day, fromMs), Math.min(day + DAY_MS, minutesFrom)];
    await commit(buildBackfillChunk(model, a, b, { withMinuteCells: false }), a, b);
  }
  for (let hour = minutesFrom; hour < toMs; hour = bucketStart(hour, HOUR_MS) + HOUR_MS) {
    const b = Math.min(bucketStart(hour, HOUR_MS) + HOUR_MS, toMs);
    await commit(buildBackfillChunk(model, hour, b, { samplesPerCell: opts.samplesPerCell }), hour, b);
  }
  result.durationMs = clock() - started;
  return result;
}
