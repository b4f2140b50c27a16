import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { joinLateLabels } from '../src/ingest/late-label-job.js';
import { startTestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;

test('POST /api/v1/labels reports the labels that matched no prediction; the performance answer gives their share', async (t) => {
  const clock = Date.UTC(2026, 10, 20, 10, 30);
  const s = await startTestServer({ now: () => clock });
  t.after(() => s.close());
  const post = async (url: string, payload: unknown) =>
    s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });
  const a = `lab-${randomUUID().slice(0, 8)}`;
  const b = `lab-${randomUUID().slice(0, 8)}`;
  const events = [
    ...['r1', 'r2', 'r3'].map((requestId) => ({ model: a, requestId, prediction: 'yes', timestamp: clock - 60_000 })),
    { model: b, requestId: 'b1', prediction: 'no', timestamp: clock - 60_000 },
  ];
  assert.equal((await post('/api/v1/events', { events })).statusCode, 200);

  const res = await post('/api/v1/labels', {
    labels: [
      { model: a, requestId: 'r1', label: 'yes' },
      { model: a, requestId: 'r2', label: 'no' },
      { model: a, requestId: 'nope', label: 'yes' }, // no such request
      { model: a, requestId: 'b1', label: 'no' }, // another model's request
      { model: a, label: 'x' }, // invalid: rejected, not "unmatched"
      { model: a, requestId: 'r9', label: 'yes' }, // sent before its prediction
    ],
  });
  assert.equal(res.statusCode, 207);
  const body = res.json() as Obj;
  assert.equal(body.accepted, 5);
  assert.deepEqual(
    body.rejected.map((r: Obj) => r.index),
    [4],
  );
  assert.deepEqual(body.unmatched, {
    count: 3,
    items: [
      { index: 2, model: a, requestId: 'nope' },
      { index: 3, model: a, requestId: 'b1' },
      { index: 5, model: a, requestId: 'r9' },
    ],
  });
  // The prediction arriving afterwards scores the label stored before it only once the late join runs.
  await post('/api/v1/events', { events: [{ model: a, requestId: 'r9', prediction: 'yes', timestamp: clock - 1000 }] });

  // A large batch: every unmatched label counted, the first 100 listed.
  const many = Array.from({ length: 150 }, (_, i) => ({ model: a, requestId: `missing-${i}`, label: 'yes' }));
  const big = (await post('/api/v1/labels', { labels: [{ model: a, requestId: 'r3', label: 'yes' }, ...many] })).json();
  assert.equal(big.unmatched.count, 150);
  assert.equal(big.unmatched.items.length, 100);
  assert.deepEqual(big.unmatched.items[0], { index: 1, model: a, requestId: 'missing-0' });

  const all = (await post('/api/v1/labels', { labels: [{ model: b, requestId: 'b1', label: 'no' }] })).json();
  assert.deepEqual(all.unmatched, { count: 0, items: [] });

  await s.vigil.pipeline.flush();
  const perfOf = async () =>
    (await s.vigil.app.inject({ url: `/api/v1/models/${a}/performance`, headers: s.auth })).json();
  const perf = await perfOf();
  assert.deepEqual(perf.labelJoin, { received: 156, unmatched: 153, joinedLate: 0, unmatchedShare: 153 / 156 });
  assert.equal(perf.total.labels, 3, 'the matched labels scored: r1, r2, r3');

  // The late join scores r9 at its prediction; the labels with a wrong model or requestId stay unmatched.
  assert.equal((await joinLateLabels(s.vigil.store, clock)).joined, 1);
  const late = await perfOf();
  assert.deepEqual(late.labelJoin, { received: 156, unmatched: 152, joinedLate: 1, unmatchedShare: 152 / 156 });
  assert.equal(late.total.labels, 4, 'r1, r2, r3 and r9');
});
