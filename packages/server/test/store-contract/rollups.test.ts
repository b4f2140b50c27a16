// The RollupStore contract (storage/contracts/rollup-store.ts): flushes add to the stored cells and windows,
// move this writer's watermarks in the same transaction, and survive a reopen. Runs against every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, HealthCell, HOUR_MS, MINUTE_MS, type CellDelta } from '../../src/analysis/api-health/index.js';
import { ModelWindowAggregator } from '../../src/analysis/model-health/index.js';
import type { RollupFlush } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);

function cell(calls: number, latencyMs: number, costUsd = 0): HealthCell {
  const c = new HealthCell();
  for (let i = 0; i < calls; i++)
    c.add({
      model: 'm',
      endpoint: 'e',
      timestampMs: T0,
      isError: i === 0,
      errorType: i === 0 ? 'Timeout' : null,
      latencyMs,
      costUsd,
      inputTokens: 10,
      outputTokens: 2,
      ttftMs: null,
    });
  return c;
}

const delta = (model: string, endpoint: string, bucketStart: number, c: HealthCell, segment?: string): CellDelta => ({
  level: MINUTE_MS,
  model,
  endpoint,
  bucketStart,
  cell: c,
  ...(segment ? { segment } : {}),
});

const sighting = (model: string, endpoint: string, firstSeen: number, lastSeen: number, version: string | null) => ({
  model,
  endpoint,
  modelType: 'regression',
  modelVersion: version,
  firstSeen,
  lastSeen,
});

function windows(model: string, rows: number): ReturnType<ModelWindowAggregator['drain']> {
  const agg = new ModelWindowAggregator();
  for (let i = 0; i < rows; i++)
    agg.addEvent({ model, features: { x: i }, prediction: i % 2, modelType: 'classification' }, T0 + i);
  return agg.drain();
}

for (const backend of backends) {
  test(`${backend.name}: a new store's watermarks are all 0`, async () => {
    await withStore(backend, async (store) => {
      assert.deepEqual(await store.rollups.watermarks(), { rollups: 0, segments: 0, windowEvents: 0, windowLabels: 0 });
    });
  });

  test(`${backend.name}: flushes add to the stored cells, and each moves only the watermarks it carries`, async () => {
    await withStore(backend, async (store, opened) => {
      const flush1: RollupFlush = {
        cells: [delta('m', 'e', T0, cell(3, 100, 0.5)), delta('m', 'f', T0, cell(1, 50))],
        sightings: [sighting('m', 'e', T0, T0, 'v1')],
        watermark: 10,
      };
      await store.rollups.commitFlush(flush1);
      assert.deepEqual(await store.rollups.watermarks(), {
        rollups: 10,
        segments: 0,
        windowEvents: 0,
        windowLabels: 0,
      });
      await store.rollups.commitFlush({
        cells: [delta('m', 'e', T0, cell(2, 300, 0.25))],
        sightings: [sighting('m', 'e', T0 - 5000, T0 + 5000, 'v2'), sighting('m', 'f', T0, T0, 'v1')],
        watermark: 15,
        segments: { cells: [delta('m', 'e', T0, cell(1, 70), 'region=eu')], watermark: 14 },
        modelWindows: { windows: windows('m', 5), eventWatermark: 12, labelWatermark: 3 },
      });
      const store2 = await opened.reopen();
      assert.deepEqual(await store2.rollups.watermarks(), {
        rollups: 15,
        segments: 14,
        windowEvents: 12,
        windowLabels: 3,
      });
      const cells = await store2.rollups.readCells({ level: MINUTE_MS, fromMs: T0, toMs: T0 + MINUTE_MS, model: 'm' });
      const e = cells.find((c) => c.endpoint === 'e')!;
      assert.equal(e.bucketStart, T0);
      assert.equal(e.cell.calls, 5, 'added, not replaced');
      assert.equal(e.cell.errors, 2);
      assert.deepEqual(e.cell.errorTypes, { Timeout: 2 });
      assert.equal(e.cell.costUsd, 3 * 0.5 + 2 * 0.25);
      assert.equal(e.cell.inputTokens, 50);
      assert.equal(e.cell.latency.count, 5, 'the latency sketches merged');
      assert.ok(Math.abs(e.cell.latency.quantile(1)! - 300) <= 3, 'within the sketch error');
      // Without sketches a read carries the additive facts only.
      const light = await store2.rollups.readCells({
        level: MINUTE_MS,
        fromMs: T0,
        toMs: T0 + MINUTE_MS,
        endpoint: 'e',
        sketches: { latency: false, ttft: false },
      });
      assert.equal(light.length, 1);
      assert.equal(light[0]!.cell.calls, 5);
      assert.equal(light[0]!.cell.latency.count, 0);
      // Segment cells apart from the calls' cells.
      const eu = await store2.rollups.readCells({ level: MINUTE_MS, fromMs: T0, toMs: T0 + 1, segment: 'region=eu' });
      assert.deepEqual(
        eu.map((c) => [c.endpoint, c.cell.calls]),
        [['e', 1]],
      );
      // Sightings merge: every version and endpoint, the earliest first and latest last sighting.
      const [model] = await store2.rollups.listModels();
      assert.equal(model!.model, 'm');
      assert.deepEqual([...model!.versions].sort(), ['v1', 'v2']);
      assert.deepEqual([...model!.endpoints].sort(), ['e', 'f']);
      assert.equal(model!.firstSeen, T0 - 5000);
      assert.equal(model!.lastSeen, T0 + 5000);
    });
  });

  test(`${backend.name}: readCells reads [from, to) of one level, by model, endpoint and segment`, async () => {
    await withStore(backend, async (store) => {
      await store.rollups.commitFlush({
        cells: [
          delta('a', 'x', T0 - MINUTE_MS, cell(1, 1)),
          delta('a', 'x', T0, cell(2, 1)),
          delta('a', 'y', T0 + MINUTE_MS, cell(3, 1)),
          delta('b', 'x', T0, cell(4, 1)),
          { level: HOUR_MS, model: 'a', endpoint: 'x', bucketStart: T0, cell: cell(9, 1) },
        ],
        sightings: [],
        watermark: 1,
      });
      const read = async (q: { model?: string; endpoint?: string }) =>
        (await store.rollups.readCells({ level: MINUTE_MS, fromMs: T0, toMs: T0 + 2 * MINUTE_MS, ...q }))
          .map((c) => `${c.model}/${c.endpoint}@${(c.bucketStart - T0) / MINUTE_MS}:${c.cell.calls}`)
          .sort();
      assert.deepEqual(await read({}), ['a/x@0:2', 'a/y@1:3', 'b/x@0:4']);
      assert.deepEqual(await read({ model: 'a' }), ['a/x@0:2', 'a/y@1:3']);
      assert.deepEqual(await read({ endpoint: 'x' }), ['a/x@0:2', 'b/x@0:4']);
      const hours = await store.rollups.readCells({ level: HOUR_MS, fromMs: T0, toMs: T0 + HOUR_MS });
      assert.deepEqual(
        hours.map((c) => c.cell.calls),
        [9],
      );
    });
  });

  test(`${backend.name}: model-health windows add up per model and hour; readWindows reads [from, to) in order`, async () => {
    await withStore(backend, async (store) => {
      await store.rollups.commitFlush({
        cells: [],
        sightings: [],
        watermark: 0,
        modelWindows: { windows: windows('m', 4), eventWatermark: 4, labelWatermark: 0 },
      });
      await store.rollups.commitFlush({
        cells: [],
        sightings: [],
        watermark: 0,
        modelWindows: { windows: [...windows('m', 6), ...windows('other', 2)], eventWatermark: 12, labelWatermark: 1 },
      });
      const stored = await store.rollups.readWindows('m', T0 - HOUR_MS, T0 + HOUR_MS);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.profile.rows, 10, 'merged, not replaced');
      assert.equal(stored[0]!.bucketStart, Math.floor(T0 / HOUR_MS) * HOUR_MS);
      assert.deepEqual(await store.rollups.readWindows('m', T0 + HOUR_MS, T0 + 2 * HOUR_MS), []);
      assert.equal((await store.rollups.watermarks()).windowEvents, 12);
    });
  });

  test(`${backend.name}: segments are listed per model from day cells; pruning removes one level, segments included`, async () => {
    await withStore(backend, async (store) => {
      const day = Math.floor(T0 / DAY_MS) * DAY_MS;
      const dayCell = (model: string, segment: string): CellDelta => ({
        level: DAY_MS,
        model,
        endpoint: 'e',
        bucketStart: day,
        cell: cell(1, 1),
        segment,
      });
      await store.rollups.commitFlush({
        cells: [delta('m', 'e', T0, cell(1, 1)), delta('m', 'e', T0 + DAY_MS, cell(1, 1))],
        sightings: [],
        watermark: 3,
        segments: {
          cells: [
            dayCell('m', 'region=us'),
            dayCell('m', 'region=eu'),
            dayCell('n', 'tier=gold'),
            delta('m', 'e', T0, cell(1, 1), 'region=eu'),
          ],
          watermark: 3,
        },
      });
      assert.deepEqual(await store.rollups.listSegments(), [
        { model: 'm', segment: 'region=eu' },
        { model: 'm', segment: 'region=us' },
        { model: 'n', segment: 'tier=gold' },
      ]);
      assert.deepEqual(await store.rollups.listSegments('n'), [{ model: 'n', segment: 'tier=gold' }]);
      assert.equal(await store.rollups.pruneCellsBefore(MINUTE_MS, T0 + 1), 2, 'the minute cell and its segment cell');
      const left = await store.rollups.readCells({ level: MINUTE_MS, fromMs: 0, toMs: T0 + 2 * DAY_MS });
      assert.deepEqual(
        left.map((c) => c.bucketStart),
        [T0 + DAY_MS],
      );
      assert.equal((await store.rollups.listSegments()).length, 3, 'day cells untouched');
    });
  });
}
