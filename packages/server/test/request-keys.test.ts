import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server.js';
import { assignedRequestId, eventIdOfAssigned, newRequestIdPrefix, requestKey } from '../src/storage/request-key.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30);

test('request ids are found whether already bulk-indexed or still in the unindexed tail', async () => {
  const s = await startTestServer({ now: () => NOW });
  const post = (url: string, payload: object) => s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload });
  try {
    const ev = (requestId: string, i: number) => ({
      model: 'rk',
      modelType: 'classification',
      requestId,
      timestamp: NOW - 60_000 + i,
      prediction: 'latte',
    });
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
    assert.deepEqual(
      found.map((e) => e.requestId),
      ['a', 'b', 'a', 'b', 'c', 'c'],
    );
  } finally {
    await s.close();
  }
});

test('assigned request ids: the event id round-trips; strings of another store or shape are not ones', () => {
  const prefix = newRequestIdPrefix();
  assert.match(prefix, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-$/);
  assert.notEqual(prefix, newRequestIdPrefix(), 'random per store');
  for (const id of [1, 255, 2 ** 32 + 7, 2 ** 48 - 1])
    assert.equal(eventIdOfAssigned(prefix, assignedRequestId(prefix, id)), id);
  const one = assignedRequestId(prefix, 42);
  assert.equal(one.length, 36);
  for (const other of [
    one.toUpperCase(),
    `${one}0`,
    one.slice(0, -1),
    assignedRequestId(newRequestIdPrefix(), 42),
    `${prefix}00000000002g`,
    'r-42',
  ]) {
    assert.equal(eventIdOfAssigned(prefix, other), undefined, other);
  }
  assert.notEqual(requestKey('m', ''), 0, 'a sent id never gets the key that marks an assigned one');
});
