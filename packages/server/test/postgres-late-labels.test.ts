// The late label join with two nodes (two writers) on one PostgreSQL database: event ids of the two writers
// interleave (each takes chunks of ids), so a node's events can commit below ids the join has already read past —
// the scan keeps a mark per writer and still finds them; two nodes running the join at once count each label once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClassificationMetrics } from '../src/analysis/performance/index.js';
import { joinLateLabels } from '../src/ingest/late-label-job.js';
import { openStore, type EventRecord, type LabelRecord, type Store } from '../src/storage/index.js';
import { eventRecord } from './helpers/event-record.js';
import { postgresCluster } from './helpers/postgres-cluster.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const DAY = 86_400_000;

const event = (requestId: string, ts: number, prediction: string): EventRecord =>
  eventRecord(
    { model: 'm', endpoint: 'POST /p', latencyMs: 3, modelType: 'classification', prediction, requestId },
    ts,
  );

const label = (requestId: string, value: string): LabelRecord => ({
  model: 'm',
  requestId,
  label: JSON.stringify(value),
  timestampMs: T0,
  receivedAtMs: T0,
  isMatched: false,
});

async function twoNodes(t: { after(fn: () => Promise<void>): void }): Promise<[Store, Store]> {
  const url = await (await postgresCluster()).createDatabase();
  const open = (nodeName: string) =>
    openStore({
      dataDir: '',
      sync: 'normal',
      busyTimeoutMs: 5000,
      databaseUrl: url,
      nodeName,
      clusterStaleMs: 600_000,
    });
  const a = await open('node-a');
  const b = await open('node-b');
  t.after(async () => {
    await a.close();
    await b.close();
  });
  return [a, b];
}

const scoredLabels = async (store: Store) =>
  (await store.rollups.readWindows('m', T0 - DAY, T0 + DAY)).reduce((s, w) => s + w.labels, 0);

test('postgres: a prediction committed by one node below event ids the join already read of another node still joins its label', async (t) => {
  const [a, b] = await twoNodes(t);
  // A takes its chunk of ids first, B the next one: A's ids stay below B's.
  const lowA = await a.events.appendEvents([event('warm-a', T0, 'no')]);
  const highB = await b.events.appendEvents([event('warm-b', T0, 'no')]);
  assert.ok(lowA.lastId < highB.firstId);
  await b.events.appendLabels([label('late', 'yes')]);
  await b.events.appendEvents([event('other', T0 + 1, 'no')]);
  assert.deepEqual(await joinLateLabels(b, T0), { tried: 1, joined: 0, isInterrupted: false });
  // Now A commits the prediction, with an id below every id of B the join has read.
  const p = await a.events.appendEvents([event('late', T0 + 2, 'yes')]);
  assert.ok(p.lastId < highB.firstId);
  assert.deepEqual(await joinLateLabels(b, T0 + 10), { tried: 1, joined: 1, isInterrupted: false });
  assert.equal(await scoredLabels(a), 1);
  assert.deepEqual(await a.events.countLabels('m', T0 - DAY, T0 + DAY), {
    received: 1,
    known: 1,
    unmatched: 0,
    joinedLate: 1,
  });
});

test('postgres: two nodes running the late join at once score each label once', async (t) => {
  const [a, b] = await twoNodes(t);
  const n = 40;
  await a.events.appendLabels(Array.from({ length: n }, (_, i) => label(`r${i}`, i % 3 === 0 ? 'no' : 'yes')));
  await b.events.appendEvents(Array.from({ length: n }, (_, i) => event(`r${i}`, T0 + i, 'yes')));
  const runs = await Promise.all([
    joinLateLabels(a, T0, { limits: { labels: 7, events: 7 } }),
    joinLateLabels(b, T0, { limits: { labels: 7, events: 7 } }),
  ]);
  // Whatever one run found joined already, the next run picks up.
  for (let i = 0; i < 3; i++) runs.push(await joinLateLabels(a, T0));
  assert.equal(
    runs.reduce((s, r) => s + r.joined, 0),
    n,
    'each label joined by exactly one run',
  );
  assert.equal(await scoredLabels(b), n);
  const [w] = await b.rollups.readWindows('m', T0 - DAY, T0 + DAY);
  // Every prediction is "yes"; a third of the labels say "no".
  const correct = Array.from({ length: n }, (_, i) => i % 3 !== 0).filter(Boolean).length;
  assert.equal(computeClassificationMetrics(w!.classification).accuracy, correct / n);
  assert.equal((await b.events.countLabels('m', T0 - DAY, T0 + DAY)).joinedLate, n);
});
