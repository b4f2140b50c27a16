import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server.js';
import { applyRetention } from '../src/ingest/retention-job.js';

const DAY = 86_400_000;

test('retention drops raw events and old minute rollups but keeps hourly and daily rollups', async () => {
  let now = Date.UTC(2026, 9, 1, 12);
  const s = await startTestServer({ now: () => now });
  try {
    const post = (n: number) =>
      s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: s.auth,
        payload: { events: Array.from({ length: n }, () => ({ model: 'ret', latencyMs: 3, timestamp: now - 1000 })) },
      });
    assert.equal((await post(10)).statusCode, 200);
    await s.vigil.pipeline.flush();
    now += 40 * DAY;
    assert.equal((await post(5)).statusCode, 200);
    await s.vigil.pipeline.flush();
    const removed = await applyRetention(s.vigil.store, now, 30);
    assert.equal(removed.events, 10);
    assert.ok(removed.minuteCells >= 1);
    const left = await s.vigil.app.inject({ url: '/api/v1/events?model=ret&limit=100', headers: s.auth });
    assert.equal(left.json().events.length, 5);
    const from = Date.UTC(2026, 9, 1);
    const hourly = await s.vigil.app.inject({
      url: `/api/v1/metrics/timeseries?model=ret&metric=calls&from=${from}&to=${now}&step=1d`,
      headers: s.auth,
    });
    const total = hourly.json().series[0].points.reduce((a: number, p: [number, number]) => a + p[1], 0);
    assert.equal(total, 15, 'the first day still counts its 10 calls from the day rollup');
  } finally {
    await s.close();
  }
});
