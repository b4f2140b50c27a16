// The PostgreSQL ClusterStore with two stores (two nodes) on one database: a lease has one holder at a time and
// passes on when the holder's session dies; a dead node's writer is adopted with its watermarks and events, and
// adoption fences the old owner out (its appends and flushes fail with VIGIL_FENCED, nothing half-written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore, type EventRecord, type Store } from '../src/storage/index.js';
import { eventRecord } from './helpers/event-record.js';
import { postgresCluster } from './helpers/postgres-cluster.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const event = (requestId: string, ts: number): EventRecord =>
  eventRecord({ model: 'm', endpoint: 'POST /p', latencyMs: 3, modelType: 'regression', prediction: 1, requestId }, ts);

async function twoNodes(t: { after(fn: () => Promise<void>): void }) {
  const url = await (await postgresCluster()).createDatabase();
  const open = (nodeName: string, clusterStaleMs: number) =>
    openStore({ dataDir: '', sync: 'normal', busyTimeoutMs: 5000, databaseUrl: url, nodeName, clusterStaleMs });
  // A beats its heartbeat rarely (it must not reconnect during the test); B finds a 2 s silence stale.
  const a = await open('node-a', 600_000);
  const b = await open('node-b', 2000);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  t.after(async () => {
    await Promise.all([a.close(), b.close()]);
    await admin.end();
  });
  /** Kills the session holding A's locks, as PostgreSQL does when A's process dies, and makes A's heartbeat stale. */
  const killSessionOf = async (store: Store, node: string) => {
    const r = await admin.query(
      `SELECT DISTINCT l.pid FROM pg_locks l JOIN writers w ON l.objid = w.id
       WHERE l.locktype = 'advisory' AND l.classid = $1 AND w.node = $2`,
      [0x56_49_47_01, node],
    );
    assert.equal(r.rows.length, 1, 'one session holds the writer lock');
    await admin.query('SELECT pg_terminate_backend($1)', [r.rows[0].pid]);
    await admin.query('UPDATE writers SET heartbeat_at = 0 WHERE node = $1', [node]);
    void store;
  };
  return { a, b, admin, killSessionOf };
}

test('postgres: a lease has one holder; when its session dies the lease passes to another node', async (t) => {
  const { a, b, killSessionOf } = await twoNodes(t);
  assert.equal(await a.cluster.tryLease('background'), true);
  assert.equal(await a.cluster.tryLease('background'), true, 'the holder asking again keeps it');
  assert.equal(await b.cluster.tryLease('background'), false, 'one holder at a time');
  assert.equal(a.cluster.holdsLease('background'), true);
  await killSessionOf(a, 'node-a');
  for (let i = 0; i < 50 && a.cluster.holdsLease('background'); i++) await sleep(50);
  assert.equal(a.cluster.holdsLease('background'), false, 'the holder learns it lost the lease');
  assert.equal(await b.cluster.tryLease('background'), true, 'another node takes it over');
  await b.cluster.releaseLease('background');
  assert.equal(b.cluster.holdsLease('background'), false);
});

test("postgres: a dead node's writer is adopted with its events and watermarks; the old owner is fenced out", async (t) => {
  const { a, b, killSessionOf } = await twoNodes(t);
  const first = await a.events.appendEvents([event('a-1', T0), event('a-2', T0 + 1)]);
  await a.rollups.commitFlush({ cells: [], sightings: [], watermark: first.firstId });
  const second = await a.events.appendEvents([event('a-3', T0 + 2)]);
  assert.equal(await b.cluster.adoptOrphanWriter(), null, 'a live node is not adopted');

  await killSessionOf(a, 'node-a');
  // The terminated backend lets go of its locks as it exits.
  let adopted = await b.cluster.adoptOrphanWriter();
  for (let i = 0; i < 40 && !adopted; i++) {
    await sleep(50);
    adopted = await b.cluster.adoptOrphanWriter();
  }
  assert.ok(adopted, "A's writer adopted once its lock is free and its heartbeat stale");
  assert.equal((await adopted.store.rollups.watermarks()).rollups, first.firstId, "A's watermarks");
  const replay = await adopted.store.events.scanEventsAfter(first.firstId, 100);
  assert.deepEqual(
    replay.map((e) => e.requestId),
    ['a-2', 'a-3'],
    'exactly the events above its watermark',
  );
  assert.equal(replay.at(-1)!.id, second.lastId);
  assert.deepEqual(
    (await b.events.scanEventsAfter(0, 100)).map((e) => e.requestId),
    [],
    "B's own scans see only B's appends",
  );

  // A, were it only cut off, can commit nothing as that writer any more.
  await assert.rejects(a.events.appendEvents([event('a-4', T0 + 3)]), { code: 'VIGIL_FENCED' });
  await assert.rejects(a.rollups.commitFlush({ cells: [], sightings: [], watermark: second.lastId }), {
    code: 'VIGIL_FENCED',
  });
  assert.equal((await adopted.store.events.findByRequestIds('m', ['a-4'])).length, 0, 'nothing half-written');

  await adopted.store.rollups.commitFlush({ cells: [], sightings: [], watermark: second.lastId });
  await adopted.retire();
  assert.equal(await b.cluster.adoptOrphanWriter(), null, 'a retired writer is not adopted again');
});
