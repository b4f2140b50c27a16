// Store faults on a real filesystem: a small tmpfs that really fills up (ENOSPC → SQLITE_FULL), and a database
// file with corrupt pages. Mounting needs root (no Docker here; CI runs as root); the test says so and skips
// where mount is not permitted. A read-only remount cannot be tested this way: Linux refuses `remount,ro`
// (EBUSY) while the server holds the database open for writing; src/storage/store-fault.test.ts covers the codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const TMPFS_MB = 24;

function mountTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return dir;
}

function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Writes a file until the filesystem has no space left. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
  // The last partial chunk: fill the remaining bytes one block at a time.
  const fd2 = openSync(path, 'a');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(4096, 7));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function event(model: string) {
  return {
    model,
    requestId: randomUUID(),
    latencyMs: 12,
    features: { note: randomUUID().repeat(20) },
    tags: { run: randomUUID() },
  };
}

async function post(s: TestServer, events: unknown[]) {
  const r = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } });
  return r;
}

async function storedIds(s: TestServer, model: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const r: { statusCode: number; body: string; json(): unknown } = await s.vigil.app.inject({
      url: `/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      headers: s.auth,
    });
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json() as { events: Array<{ requestId: string }>; nextCursor: string | null };
    for (const e of page.events) ids.add(e.requestId);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

function assertNotReady(r: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): void {
  assert.equal(r.statusCode, 503);
  const body = r.json() as { code: string; statusCode: number; message: string; requestId: string };
  assert.equal(body.code, 'VIGIL_ERR_NOT_READY');
  assert.equal(body.statusCode, 503);
  assert.ok(body.requestId);
  assert.equal(r.headers['retry-after'], '5');
}

test('a full disk: writes answer 503 VIGIL_ERR_NOT_READY with Retry-After, /readyz is not ready, reads go on; when space returns the server takes writes again by itself, and nothing acknowledged is lost', async (t) => {
  const mount = mountTmpfs();
  if (!mount) return t.skip('mount -t tmpfs is not permitted here (needs root)');
  const dataDir = join(mount, 'data');
  mkdirSync(dataDir);
  let s: TestServer | undefined;
  try {
    s = await startTestServer({ dataDir, env: { VIGIL_MIN_FREE_DISK_MB: '1' } });
    const model = `full-${randomUUID().slice(0, 6)}`;
    const acknowledged = new Set<string>();
    const first = Array.from({ length: 50 }, () => event(model));
    assert.equal((await post(s, first)).statusCode, 200);
    first.forEach((e) => acknowledged.add(e.requestId));

    fillDisk(join(mount, 'filler'));
    // Until SQLite needs a fresh page some commits still fit; keep sending until the fault shows.
    const refused = await waitFor('a 503 from the full disk', async () => {
      const batch = Array.from({ length: 200 }, () => event(model));
      const r = await post(s!, batch);
      if (r.statusCode === 200) {
        batch.forEach((e) => acknowledged.add(e.requestId));
        return undefined;
      }
      return r;
    });
    assertNotReady(refused);
    assert.match(refused.json().message as string, /disk full/);
    assertNotReady(await s.vigil.app.inject({ url: '/readyz' }));
    // Writes are refused before any work, also on other routes; reads keep answering.
    assertNotReady(await post(s, [event(model)]));
    assertNotReady(
      await s.vigil.app.inject({
        method: 'PUT',
        url: '/api/v1/cost/budgets',
        headers: s.auth,
        payload: { budgets: [] },
      }),
    );
    assert.equal((await s.vigil.app.inject({ url: '/api/v1/models', headers: s.auth })).statusCode, 200);
    assert.equal((await s.vigil.app.inject({ url: '/healthz' })).statusCode, 200);
    const metrics = await s.vigil.app.inject({ url: '/metrics', headers: s.auth });
    assert.equal(metrics.statusCode, 200);

    rmSync(join(mount, 'filler'));
    await waitFor('/readyz after space returned', async () =>
      (await s!.vigil.app.inject({ url: '/readyz' })).statusCode === 200 ? true : undefined,
    );
    const after = Array.from({ length: 20 }, () => event(model));
    assert.equal((await post(s, after)).statusCode, 200);
    after.forEach((e) => acknowledged.add(e.requestId));

    const stored = await storedIds(s, model);
    for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged ${id} is stored`);
    assert.equal(stored.size, acknowledged.size, 'nothing refused was stored');
    await s.close();
    s = await startTestServer({ dataDir, env: { VIGIL_MIN_FREE_DISK_MB: '1' } });
    assert.equal((await storedIds(s, model)).size, acknowledged.size, 'and all of it after a restart');
  } finally {
    await s?.close().catch(() => undefined);
    unmount(mount);
  }
});

test('a corrupt database file: 503 VIGIL_ERR_NOT_READY instead of a 500, writes refused, /readyz says so and stays not ready', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-corrupt-'));
  let s: TestServer | undefined;
  try {
    s = await startTestServer({ dataDir });
    const model = `bad-${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 10; i++)
      assert.equal(
        (
          await post(
            s,
            Array.from({ length: 200 }, () => event(model)),
          )
        ).statusCode,
        200,
      );
    await s.close();
    // Garbage over the pages of the rollups table (found with SQLite's dbstat), the rest of the file intact: the
    // server starts (nothing reads rollups at start-up) and meets the corruption on the first chart it draws.
    const file = join(dataDir, 'vigil.db');
    const inspect = new Database(file, { readonly: true });
    const pageSize = inspect.pragma('page_size', { simple: true }) as number;
    const pages = (
      inspect.prepare("SELECT pageno FROM dbstat WHERE name = 'rollups'").all() as Array<{ pageno: number }>
    ).map((r) => r.pageno);
    inspect.close();
    assert.ok(pages.length >= 1);
    const fd = openSync(file, 'r+');
    for (const p of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (p - 1) * pageSize);
    closeSync(fd);
    writeFileSync(join(dataDir, 'vigil.db-wal'), '');
    s = await startTestServer({ dataDir });
    const read = await s.vigil.app.inject({ url: '/api/v1/metrics/timeseries?metric=calls', headers: s.auth });
    assertNotReady(read);
    assert.match(read.json().message as string, /corrupt/);
    assertNotReady(await post(s, [event(model)]));
    const ready = await s.vigil.app.inject({ url: '/readyz' });
    assertNotReady(ready);
    assert.match(ready.json().message as string, /corrupt; an operator must restore it/);
    await new Promise((r) => setTimeout(r, 2500)); // past a probe interval: corruption is not cleared by a probe
    assertNotReady(await s.vigil.app.inject({ url: '/readyz' }));
  } finally {
    await s?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
