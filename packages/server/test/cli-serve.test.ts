import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

test('first start: the admin key also goes to a 0600 file in the data dir, named in the output; request lines stay at debug', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-keyfile-'));
  let server: ServerProcess | undefined;
  try {
    // No --log-level: the defaults a first run gets.
    server = await spawnServer([], { VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_KEY: '' }, { logLevel: null });
    const out = server.output();
    const key = /\n\s+(vgl_[A-Za-z0-9_-]+)\n/.exec(out)?.[1];
    const file = join(dataDir, 'admin-key.txt');
    assert.ok(key);
    assert.ok(out.includes(file), `the file's path is printed:\n${out}`);
    assert.equal(readFileSync(file, 'utf8').trim(), key);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const res = await fetch(`${server.url}/api/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(server.output(), /request completed/, 'no per-request lines at the default level');
  } finally {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--log-level info brings the per-request lines back', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-reqlog-'));
  let server: ServerProcess | undefined;
  try {
    server = await spawnServer([], { VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_KEY: 'k'.repeat(20) }, { logLevel: 'info' });
    await fetch(`${server.url}/healthz`);
    // The line reaches the pipe asynchronously: wait for it (up to 5 s on a loaded machine), not a fixed 200 ms.
    for (let i = 0; i < 50 && !/"msg":"request completed"/.test(server.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.match(server.output(), /"msg":"request completed"/);
  } finally {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a port in use is one line on stderr and exit code 1, before the store is opened', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-port-'));
  try {
    const r = await runCli(['serve', '--port', String(port), '--data-dir', dataDir]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(join(dataDir, 'vigil.db')), false);
  } finally {
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
