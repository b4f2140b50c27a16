// A crash between the late join and the ingest pipeline's next window flush: the restarted pipeline replays the
// labels above its watermark, and must leave those stored unmatched to the late join, which scored them already.
// Real stores of every backend (store-contract/backends.ts), the real pipeline; the "crash" drops the pipeline
// with its unflushed windows, as a killed process would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { computeClassificationMetrics } from '../src/analysis/performance/index.js';
import { IngestPipeline } from '../src/ingest/index.js';
import { joinLateLabels } from '../src/ingest/late-label-job.js';
import type { Store } from '../src/storage/index.js';
import { backends, withStore } from './store-contract/backends.js';

const T = Date.UTC(2026, 10, 27, 10, 30);
const DAY = 86_400_000;
const QUIET = { onEvents() {}, onBatch() {}, onFlush() {} };

function pipelineOf(store: Store): IngestPipeline {
  // Timers off: the test flushes by hand.
  const never = 3_600_000;
  return new IngestPipeline(store, QUIET, Fastify().log, {
    flushIntervalMs: never,
    windowFlushIntervalMs: never,
    segmentFlushIntervalMs: never,
    now: () => T,
  });
}

const prediction = (requestId: string, predicted: string) => ({
  model: 'm',
  modelType: 'classification',
  requestId,
  timestamp: T - 60_000,
  prediction: predicted,
});

for (const backend of backends) {
  test(`${backend.name}: labels joined late are not scored again by the replay after a crash`, async () => {
    await withStore(backend, async (store, opened) => {
      const first = pipelineOf(store);
      await first.recover();
      await first.ingestEvents([prediction('a', 'yes'), prediction('b', 'no')]);
      const onTime = await first.ingestLabels([
        { model: 'm', requestId: 'a', label: 'yes' },
        { model: 'm', requestId: 'b', label: 'yes' },
      ]);
      assert.equal(onTime.body.unmatched.count, 0);
      const early = await first.ingestLabels([
        { model: 'm', requestId: 'x', label: 'no' },
        { model: 'm', requestId: 'y', label: 'no' },
      ]);
      assert.equal(early.body.unmatched.count, 2);
      await first.ingestEvents([prediction('x', 'no'), prediction('y', 'yes')]);
      // Rollup cells only: the windows and the label watermark stay behind, as between two window flushes.
      await first.flush({ withWindows: false, withSegments: false });
      assert.equal((await joinLateLabels(store, T)).joined, 2);

      // Crash: the first pipeline's windows are lost. The restarted one replays events and labels.
      const reopened = await opened.reopen();
      const second = pipelineOf(reopened);
      await second.recover();
      await second.flush();
      const windows = await reopened.rollups.readWindows('m', T - DAY, T + DAY);
      assert.equal(
        windows.reduce((s, w) => s + w.labels, 0),
        4,
        'a and b by the replay, x and y once by the late join',
      );
      // (a: yes/yes, b: no/yes, x: no/no, y: yes/no) → 2 of 4 right.
      assert.equal(computeClassificationMetrics(windows[0]!.classification).accuracy, 0.5);
      assert.equal(windows[0]!.profile.rows, 4, 'every prediction profiled once');
      assert.deepEqual(await joinLateLabels(reopened, T), { tried: 0, joined: 0, isInterrupted: false });
    });
  });
}
