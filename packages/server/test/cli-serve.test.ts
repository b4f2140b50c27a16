import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/storage/index.js';
import { postgresCluster } from './helpers/postgres-cluster.js';
import { runCli, spawnServer, type ServerProcess } from './helpers/server-process.js';

test('bad settings are all reported in one message and the process exits non-zero', async () => {
  const r = await runCli(['serve', '--port', 'http'], { VIGIL_SYNC: 'maybe', VIGIL_MAX_IN_FLIGHT: '0' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Invalid configuration/);
  assert.match(r.stderr, /--port="http"/);
  assert.match(r.stderr, /VIGIL_SYNC="maybe"/);
  assert.match(r.stderr, /VIGIL_MAX_IN_FLIGHT="0"/);
});

test('a node started against a database of a newer schema refuses to start and says what to do (PostgreSQL and SQLite)', async () => {
  const databaseUrl = await (await postgresCluster()).createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-schema-'));
  try {
    // Migrate both stores as this version does, then mark them as migrated by a later version.
    for (const config of [
      { dataDir, sync: 'normal' as const, busyTimeoutMs: 5000, databaseUrl: undefined },
      { dataDir, sync: 'normal' as const, busyTimeoutMs: 5000, databaseUrl },
    ])
      await (await openStore(config)).close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', 0)");
    await client.end();
    const db = new Database(join(dataDir, 'vigil.db'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', 0)").run();
    db.close();

    const pgRun = await runCli(['serve', '--port', '0', '--database-url', databaseUrl]);
    assert.equal(pgRun.code, 1, pgRun.stderr);
    assert.match(pgRun.stderr, /PostgreSQL database has schema version 9999, newer than this Vigil knows \(\d+\)/);
    assert.match(pgRun.stderr, /will not start/);
    const sqliteRun = await runCli(['serve', '--port', '0'], { VIGIL_DATA_DIR: dataDir });
    assert.equal(sqliteRun.code, 1, sqliteRun.stderr);
    assert.match(sqliteRun.stderr, /SQLite file in the data directory has schema version 9999/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('unknown flags and commands exit 2 with a message', async () => {
  const flag = await runCli(['serve', '--prot', '1']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /--prot/);
  const cmd = await runCli(['sevre']);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command "sevre"/);
});

test('without VIGIL_ADMIN_KEY an admin key is generated at first start, printed once, and works', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
  const env: Record<string, string> = { VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_KEY: '' };
  const children: ServerProcess[] = [];
  try {
    const first = await spawnServer([], env);
    children.push(first);
    const key = /\n\s+(vgl_[A-Za-z0-9_-]+)\n/.exec(first.output())?.[1];
    assert.ok(key, `no key printed:\n${first.output()}`);
    const ok = await fetch(`${first.url}/api/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(ok.status, 200);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);
    const second = await spawnServer([], env);
    children.push(second);
    assert.doesNotMatch(second.output(), /vgl_/, 'printed only at first start');
    const again = await fetch(`${second.url}/api/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(again.status, 200, 'the key is stored (as a hash) across restarts');
    second.child.kill('SIGINT');
    assert.equal((await second.exited).code, 0);
  } finally {
    for (const c of children) c.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
