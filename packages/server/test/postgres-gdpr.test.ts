// Erasure on PostgreSQL beyond the contract suite: after the transaction the erasure VACUUMs the tables it
// touched (the dead row versions' index entries go and their space becomes reusable; docs/gdpr.md says what that
// does not do), and the subject index rows of blocks that retention dropped with their partition go with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore, type EventRecord } from '../src/storage/index.js';
import { eventRecord } from './helpers/event-record.js';
import { postgresCluster } from './helpers/postgres-cluster.js';

const DAY = 86_400_000;

const event = (requestId: string, subjectId: string, ts: number): EventRecord =>
  eventRecord({ model: 'm', requestId, latencyMs: 3, subjectId }, ts);

test('postgres: an erasure vacuums event_blocks and labels; dropped partitions take their subject index rows', async () => {
  const databaseUrl = await (await postgresCluster()).createDatabase();
  const store = await openStore({ dataDir: '', sync: 'normal', busyTimeoutMs: 5000, databaseUrl });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    await store.events.appendEvents([event('r1', 'ana', now), event('r2', 'bo', now)]);
    await store.events.appendEvents([event('old', 'cy', now - 40 * DAY)]);
    await store.events.appendLabels([
      { model: 'm', requestId: 'r1', label: '"x"', timestampMs: now, receivedAtMs: now, subjectId: 'ana' },
    ]);
    const vacuums = async () => {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const r = await client.query<{ relname: string; n: string }>(
        "SELECT relname, vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'labels' OR relname LIKE 'event_blocks_p%'",
      );
      return r.rows.reduce((sum, row) => sum + Number(row.n), 0);
    };
    const before = await vacuums();
    assert.deepEqual(await store.privacy.eraseSubject('ana'), { events: 1, labels: 1, blocksRewritten: 1 });
    let after = await vacuums();
    for (let i = 0; i < 20 && after <= before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await vacuums();
    }
    assert.ok(after >= before + 2, `vacuum counts ${before} → ${after}: labels and the event partition were vacuumed`);
    const indexRows = async () =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM event_subjects')).rows[0]!.n);
    assert.equal(await indexRows(), 2, 'bo and cy remain indexed');
    assert.ok((await store.events.pruneEventsBefore(now - 30 * DAY)) >= 1);
    assert.equal(await indexRows(), 1, 'the dropped partition took cy’s index row');
    assert.equal((await store.privacy.findSubject('bo', 10)).eventCount, 1);
  } finally {
    await client.end();
    await store.close();
  }
});
