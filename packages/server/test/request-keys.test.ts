import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30);

test('request ids are found whether already bulk-indexed or still in the unindexed tail', async () => {
  const s = await startTestServer({ now: () => NOW });
  const post = (url: string, payload: object) => s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload });
  try {
    const ev = (requestId: string, i: number) => ({ model: 'rk', modelType: 'classification', requestId, timestamp: NOW - 60_000 + i, prediction: 'latte' });
    // First batch: the first flush after start-up indexes it (request_keys).
    assert.equal((await post('/api/v1/events', { events: [ev('a', 0), ev('b', 1), ev('a', 2)] })).statusCode, 200);
    await s.vigil.pipeline.flush();
    // Second batch within 10 s: flushed into the rollups but left in the unindexed tail.
    assert.equal((await post('/api/v1/events', { events: [ev('b', 3), ev('c', 4), ev('c', 5)] })).statusCode, 200);
    await s.vigil.pipeline.flush();

    const dupes = await s.vigil.store.events.countDuplicateRequestIds('rk', NOW - 3_600_000, NOW + 1);
    assert.equal(dupes, 3, 'a (indexed twice), b (indexed then tail), c (twice in the tail)');

    for (const id of ['a', 'b', 'c']) {
      const res = await s.vigil.app.inject({ url: `/api/v1/events?model=rk&requestId=${id}`, headers: s.auth });
      assert.equal(res.json().events.length, 2, `requestId ${id}`);
    }
    const found = await s.vigil.store.events.findByRequestIds('rk', ['a', 'b', 'c', 'nope']);
    assert.deepEqual(found.map((e) => e.requestId), ['a', 'b', 'a', 'b', 'c', 'c']);
  } finally {
    await s.close();
  }
});
