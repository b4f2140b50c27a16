import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server.js';
import {
  computeClassificationMetrics,
  computeRegressionMetrics,
  estimatePerformance,
} from '../src/analysis/performance/index.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 12, 10);

test('events build hourly profiles; late labels are scored in the hour of their prediction; both survive a restart', async () => {
  const s = await startTestServer({ now: () => NOW });
  const post = (url: string, payload: object) => s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload });
  try {
    const events = [];
    for (let i = 0; i < 40; i++) {
      events.push({
        model: 'clf',
        modelType: 'classification',
        requestId: `c${i}`,
        timestamp: NOW - 2 * HOUR + i * 120_000,
        features: { temp: 10 + i, store: i % 2 ? 'a' : 'b', promo: i % 3 === 0 ? null : true },
        prediction: {
          label: i % 4 === 0 ? 'tea' : 'latte',
          probabilities: i % 4 === 0 ? { tea: 0.6, latte: 0.4 } : { latte: 0.9, tea: 0.1 },
        },
      });
    }
    events.push(
      { model: 'reg', modelType: 'regression', requestId: 'r1', timestamp: NOW - HOUR, prediction: 10 },
      { model: 'reg', modelType: 'regression', requestId: 'r2', timestamp: NOW - HOUR, prediction: 20 },
    );
    assert.equal((await post('/api/v1/events', { events })).statusCode, 200);
    // Labels arrive later: every 'latte' right, every 'tea' wrong; one label for an unknown request.
    const labels = events
      .filter((e) => e.model === 'clf')
      .map((e, i) => ({ model: 'clf', requestId: e.requestId, label: i % 4 === 0 ? 'latte' : 'latte' }));
    labels.push({ model: 'clf', requestId: 'nope', label: 'latte' });
    assert.equal(
      (
        await post('/api/v1/labels', {
          labels: [
            ...labels,
            { model: 'reg', requestId: 'r1', label: 12 },
            { model: 'reg', requestId: 'r2', label: 18 },
          ],
        })
      ).statusCode,
      200,
    );
    await s.vigil.pipeline.flush();

    const check = async () => {
      const windows = await s.vigil.store.rollups.readWindows('clf', NOW - 3 * HOUR, NOW);
      assert.deepEqual(
        windows.map((w) => [w.bucketStart, w.profile.rows, w.labels]),
        [
          [Date.UTC(2026, 10, 27, 10), 25, 25],
          [Date.UTC(2026, 10, 27, 11), 15, 15],
        ],
      );
      const [first, second] = windows;
      first!.merge(second!);
      const temp = first!.profile.features.get('temp')!;
      assert.equal(temp.moments!.n, 40);
      assert.equal(temp.moments!.mean, 10 + 39 / 2);
      assert.equal(first!.profile.missing(first!.profile.features.get('promo')!), 14);
      const m = computeClassificationMetrics(first!.classification);
      assert.equal(m.accuracy, 30 / 40);
      const est = estimatePerformance(first!.cbpe);
      assert.ok(Math.abs(est.expectedAccuracy! - (10 * 0.6 + 30 * 0.9) / 40) < 1e-12);
      const reg = await s.vigil.store.rollups.readWindows('reg', NOW - 3 * HOUR, NOW);
      const r = computeRegressionMetrics(reg[0]!.regression);
      assert.equal(r.mae, 2);
    };
    await check();
    // A restart reads the same windows back from the store.
    await s.vigil.app.close();
    const again = await startTestServer({ now: () => NOW, dataDir: s.dataDir });
    s.vigil = again.vigil;
    await check();
  } finally {
    await s.close();
  }
});
