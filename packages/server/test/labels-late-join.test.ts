// Labels sent before their predictions (the label pipeline racing the prediction log) are joined when the
// predictions come: through the HTTP API on a real server, accuracy after the late join equals a brute-force
// computation over the same (prediction, label) pairs, a label whose prediction never comes or comes after the
// 7-day bound stays unmatched, and running the join again counts nothing twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { joinLateLabels, LATE_LABEL_BOUND_MS } from '../src/ingest/late-label-job.js';
import { startTestServer } from './helpers/test-server.js';
import { seededRandom } from './helpers/seeded-random.js';

type Obj = Record<string, any>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CLASSES = ['cat', 'dog', 'bird'];

test('labels posted before their predictions join once the predictions are ingested; accuracy equals brute force; bounded; exactly once', async (t) => {
  const T = Date.UTC(2026, 10, 20, 10, 30);
  let clock = T - 8 * DAY;
  const s = await startTestServer({ now: () => clock });
  t.after(() => s.close());
  const post = async (url: string, payload: object) => {
    const res = await s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Obj;
  };
  const model = `late-${randomUUID().slice(0, 8)}`;
  const r = seededRandom(7);
  const pick = () => CLASSES[Math.floor(r.uniform() * CLASSES.length)]!;
  const prediction = (requestId: string, at: number, predicted: string) => ({
    model,
    modelType: 'classification',
    endpoint: 'POST /classify',
    requestId,
    timestamp: at,
    prediction: predicted,
  });

  // 8 days before: a label whose prediction only comes after the bound.
  assert.equal(
    (await post('/api/v1/labels', { labels: [{ model, requestId: 'stale', label: 'cat' }] })).unmatched.count,
    1,
  );
  clock = T;

  // On time: 20 predictions, then their labels (matched at ingest).
  const onTime = Array.from({ length: 20 }, (_, i) => ({ id: `on-${i}`, predicted: pick(), truth: pick() }));
  await post('/api/v1/events', {
    events: onTime.map((p, i) => prediction(p.id, T - 3 * HOUR + i * 1000, p.predicted)),
  });
  assert.equal(
    (await post('/api/v1/labels', { labels: onTime.map((p) => ({ model, requestId: p.id, label: p.truth })) }))
      .unmatched.count,
    0,
  );

  // Early: 60 labels for requestIds not seen yet, and one whose prediction never comes.
  const early = Array.from({ length: 60 }, (_, i) => ({ id: `early-${i}`, predicted: pick(), truth: pick() }));
  const answer = await post('/api/v1/labels', {
    labels: [
      ...early.map((p) => ({ model, requestId: p.id, label: p.truth })),
      { model, requestId: 'ghost', label: 'dog' },
    ],
  });
  assert.equal(answer.unmatched.count, 61, 'all unmatched when they arrive');
  assert.deepEqual(answer.unmatched.items.at(-1), { index: 60, model, requestId: 'ghost' });

  // Their predictions arrive afterwards, spread over two hours (and the stale one's, 8 days after its label).
  await post('/api/v1/events', {
    events: [
      ...early.map((p, i) => prediction(p.id, T - 2 * HOUR + i * 60_000, p.predicted)),
      prediction('stale', T - HOUR, 'cat'),
    ],
  });
  await s.vigil.pipeline.flush();
  const perf = async () =>
    (await s.vigil.app.inject({ url: `/api/v1/models/${model}/performance`, headers: s.auth })).json() as Obj;
  const before = await perf();
  assert.deepEqual(before.labelJoin, { received: 82, unmatched: 62, joinedLate: 0, unmatchedShare: 62 / 82 });
  assert.equal(before.total.labels, 20, 'only the labels matched at ingest scored so far');

  const run = await joinLateLabels(s.vigil.store, clock);
  assert.deepEqual(
    run,
    { tried: 61, joined: 60, isInterrupted: false },
    'the stale label is past the bound: not tried',
  );
  const after = await perf();
  assert.deepEqual(after.labelJoin, { received: 82, unmatched: 2, joinedLate: 60, unmatchedShare: 2 / 82 });
  assert.equal(after.total.labels, 80);
  const pairs = [...onTime, ...early];
  const bruteForce = pairs.filter((p) => p.predicted === p.truth).length / pairs.length;
  assert.equal(after.total.classification.accuracy, bruteForce);
  assert.equal(after.total.classification.n, 80);
  // Scored at the predictions' time: each label in the hour of its prediction, not of its arrival.
  const hourly = (
    (await s.vigil.app.inject({ url: `/api/v1/models/${model}/performance?step=1h`, headers: s.auth })).json() as Obj
  ).points as Obj[];
  const expected = new Map<number, number>();
  const timeOf = new Map<string, number>([
    ...onTime.map((p, i) => [p.id, T - 3 * HOUR + i * 1000] as const),
    ...early.map((p, i) => [p.id, T - 2 * HOUR + i * 60_000] as const),
  ]);
  for (const at of timeOf.values())
    expected.set(Math.floor(at / HOUR) * HOUR, (expected.get(Math.floor(at / HOUR) * HOUR) ?? 0) + 1);
  assert.deepEqual(new Map(hourly.filter((p) => p.labels > 0).map((p) => [p.start, p.labels])), expected);

  // The job again, and after more unrelated traffic: nothing counted twice.
  assert.deepEqual(await joinLateLabels(s.vigil.store, clock), { tried: 0, joined: 0, isInterrupted: false });
  await post('/api/v1/events', { events: [prediction('unrelated', T - 10_000, 'cat')] });
  assert.deepEqual(await joinLateLabels(s.vigil.store, clock + 1000), { tried: 0, joined: 0, isInterrupted: false });
  await s.vigil.pipeline.flush();
  const again = await perf();
  assert.deepEqual(again.labelJoin, after.labelJoin);
  assert.deepEqual(again.total.classification, after.total.classification);

  // The ghost's prediction arriving within the bound joins it too; past the bound it would not be tried.
  assert.ok(clock - (T - 8 * DAY) > LATE_LABEL_BOUND_MS);
  await post('/api/v1/events', { events: [prediction('ghost', T - 30_000, 'dog')] });
  assert.equal((await joinLateLabels(s.vigil.store, clock)).joined, 1);
  assert.deepEqual((await perf()).labelJoin, { received: 82, unmatched: 1, joinedLate: 61, unmatchedShare: 1 / 82 });
});

test('the server runs the late join by itself every window-flush interval', async (t) => {
  const s = await startTestServer({ env: { VIGIL_WINDOW_FLUSH_INTERVAL_MS: '200' } });
  t.after(() => s.close());
  const model = `late-${randomUUID().slice(0, 8)}`;
  const send = (kind: string, items: object[]) =>
    s.vigil.app.inject({ method: 'POST', url: `/api/v1/${kind}`, headers: s.auth, payload: { [kind]: items } });
  const labels = await send('labels', [{ model, requestId: 'a', label: 'yes' }]);
  assert.equal(labels.json().unmatched.count, 1);
  await send('events', [{ model, modelType: 'classification', requestId: 'a', prediction: 'yes' }]);
  const deadline = Date.now() + 5000;
  let perf: Obj = {};
  while (Date.now() < deadline) {
    perf = (await s.vigil.app.inject({ url: `/api/v1/models/${model}/performance`, headers: s.auth })).json();
    if (perf.labelJoin?.joinedLate === 1 && perf.total?.labels === 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(perf.labelJoin.joinedLate, 1);
  assert.equal(perf.labelJoin.unmatched, 0);
  assert.equal(perf.total.classification.accuracy, 1);
});
