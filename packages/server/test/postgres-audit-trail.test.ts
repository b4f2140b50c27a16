// The audit trail on PostgreSQL: two nodes appending at once form one chain (the append reads the last entry and
// inserts the sealed one under one lock), the table refuses UPDATE, and `vigil audit verify --database-url` finds
// an edit and a deletion made behind Vigil's back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createAuditService } from '../src/audit/index.js';
import { openStore } from '../src/storage/index.js';
import { postgresCluster } from './helpers/postgres-cluster.js';
import { runCli } from './helpers/server-process.js';

const config = (databaseUrl: string, nodeName: string) => ({
  dataDir: '',
  sync: 'normal' as const,
  busyTimeoutMs: 5000,
  databaseUrl,
  nodeName,
});
const log = { error: () => undefined };

test('two nodes appending at once form one unbroken chain; UPDATE is refused; vigil audit verify --database-url finds an edit and a deletion', async (t) => {
  const url = await (await postgresCluster()).createDatabase();
  const [a, b] = await Promise.all([openStore(config(url, 'node-a')), openStore(config(url, 'node-b'))]);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  t.after(async () => {
    await Promise.allSettled([a.close(), b.close(), db.end()]);
  });
  const audits = [a, b].map((s) => createAuditService({ store: s.audit, now: Date.now, retentionDays: 400, log }));
  const N = 30;
  const written = await Promise.all(
    Array.from({ length: 2 * N }, (_, i) =>
      audits[i % 2]!.record({
        actor: `user:node-${i % 2}`,
        action: 'user.update',
        target: `user:u${i}`,
        outcome: 'success',
        sourceIp: '127.0.0.1',
        before: { roles: ['viewer'] },
        after: { roles: ['devops'], i },
      }),
    ),
  );
  assert.ok(
    written.every((e) => e !== null),
    'every append committed',
  );
  assert.deepEqual(
    written.map((e) => e!.seq).sort((x, y) => x - y),
    Array.from({ length: 2 * N }, (_, i) => i + 1),
    'one position per entry, none taken twice',
  );
  for (const audit of audits)
    assert.deepEqual(await audit.verify(), { isIntact: true, checked: 2 * N, firstBad: null });

  await assert.rejects(db.query("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 1"), /append-only/);

  const ok = await runCli(['audit', 'verify', '--database-url', url]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`audit trail intact: ${2 * N} entries checked`));

  // Whoever owns the database can switch the trigger off; the chain still tells.
  const { actor } = (await db.query<{ actor: string }>('SELECT actor FROM audit_log WHERE seq = 7')).rows[0]!;
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  await db.query("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 7");
  const edited = await runCli(['audit', 'verify', '--database-url', url]);
  assert.equal(edited.code, 1);
  assert.match(edited.stderr, /BROKEN at entry 7: content does not match its hash \(edited\)/);

  await db.query('UPDATE audit_log SET actor = $1 WHERE seq = 7', [actor]);
  await db.query('DELETE FROM audit_log WHERE seq = 12');
  const deleted = await runCli(['audit', 'verify', '--database-url', url]);
  assert.equal(deleted.code, 1);
  assert.match(deleted.stderr, /BROKEN at entry 13: entries 12–12 are missing \(deleted\)/);
});
