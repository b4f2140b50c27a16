/**
 * The SDK across restarts, against the real Vigil server: the server stopped for 60 s under load loses nothing
 * with the spool on, and an SDK process killed with SIGKILL hands its spool to the next process, which sends it
 * first and in order. Real processes, real files, real HTTP on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { spawnServer, type ServerProcess } from '../../server/test/helpers/server-process.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { Vigil, type VigilStats } from '../src/index.js';

const OUTAGE_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function storedRequestIds(url: string, key: string, model: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await fetch(
      `${url}/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    assert.equal(res.status, 200);
    const page = (await res.json()) as { events: Array<{ requestId: string }>; nextCursor: string | null };
    ids.push(...page.events.map((e) => e.requestId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** Every item accepted by record() (or found in the spool at start) is settled once, or still queued. */
function assertStatsAddUp(s: VigilStats, recorded: number): void {
  assert.equal(s.sent + s.rejected + s.invalid + s.failed + s.queued, recorded + s.replayed);
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const { code } = await server.exited;
  assert.equal(code, 0, server.output());
}

test('the real server stopped for 60 s under load: with the spool on nothing is lost, nothing is stored twice, and the stats add up exactly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
  const spoolDir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
  const adminKey = `test-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_KEY: adminKey };
  let server = await spawnServer(['--port', String(port)], env);
  const vigil = new Vigil({
    url: server.url,
    apiKey: adminKey,
    spoolDir,
    flushIntervalMs: 100,
    batchSize: 200,
    // Memory alone holds 1,000 events; the outage produces twelve times as many.
    maxQueueSize: 1000,
    retryBaseMs: 200,
    retryMaxMs: 2000,
    onError: () => {},
  });
  const model = `restart-${randomUUID().slice(0, 8)}`;
  const recorded: string[] = [];
  let maxSpooled = 0;
  const load = setInterval(() => {
    for (let i = 0; i < 2; i++) {
      const id = vigil.record({ model, endpoint: 'POST /x', latencyMs: 5, features: { i: recorded.length } });
      assert.notEqual(id, '', 'record() never drops with the spool on');
      recorded.push(id);
    }
    maxSpooled = Math.max(maxSpooled, vigil.stats().spooled);
  }, 10);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    await stop(server);
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const duringOutage = recorded.length;
    server = await spawnServer(['--port', String(port)], env);
    assert.ok(Date.now() - stoppedAt >= OUTAGE_MS);
    await new Promise((r) => setTimeout(r, 3000));
    clearInterval(load);
    await vigil.flush();

    const s = vigil.stats();
    assert.deepEqual(
      { queued: s.queued, failed: s.failed, dropped: s.dropped, rejected: s.rejected, invalid: s.invalid },
      { queued: 0, failed: 0, dropped: 0, rejected: 0, invalid: 0 },
    );
    assert.equal(s.sent, recorded.length);
    assertStatsAddUp(s, recorded.length);
    // ~200 events/s (fewer when the machine is busy: the load is a 10 ms timer).
    assert.ok(duringOutage > 6000, `${duringOutage} events recorded by the end of the outage`);
    assert.ok(maxSpooled > 1000, `the spool held ${maxSpooled} events, more than memory could`);
    const stored = await storedRequestIds(server.url, adminKey, model);
    assert.equal(new Set(stored).size, stored.length, 'nothing stored twice');
    assert.deepEqual(new Set(stored), new Set(recorded), 'every recorded event stored');
  } finally {
    clearInterval(load);
    await vigil.shutdown({ timeoutMs: 1000 });
    if (server.child.exitCode === null) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(spoolDir, { recursive: true, force: true });
  }
});

test('an SDK process killed with SIGKILL loses nothing it had spooled: the next process sends it first, in record() order', async () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
  const s = await startTestServer({ listen: true });
  const model = `crash-${randomUUID().slice(0, 8)}`;
  const count = 3000;
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./fixtures/spool-then-crash.ts', import.meta.url)),
        `http://127.0.0.1:${await freePort()}`,
        spoolDir,
        String(count),
        model,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the child did not spool in time')), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('spooled')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.removeAllListeners('exit');
    const killed = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await killed;

    const vigil = new Vigil({ url: s.url, apiKey: s.adminKey, spoolDir, flushIntervalMs: 50, onError: () => {} });
    assert.equal(vigil.stats().replayed, count);
    assert.equal(vigil.stats().queued, count);
    await vigil.flush();
    const st = vigil.stats();
    assert.equal(st.sent, count);
    assert.equal(st.spooled, 0);
    assertStatsAddUp(st, 0);
    await vigil.shutdown();
    // Same timestamps for all: the read API lists them newest (highest id) first, i.e. in reverse arrival order.
    const arrival = (await storedRequestIds(s.url, s.adminKey, model)).reverse();
    assert.deepEqual(
      arrival,
      Array.from({ length: count }, (_, i) => `seq-${String(i).padStart(6, '0')}`),
    );
  } finally {
    await s.close();
    rmSync(spoolDir, { recursive: true, force: true });
  }
});

test('without a spool, retries ride out a short restart by default (minutes of retry, not seconds)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
  const adminKey = `test-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_KEY: adminKey };
  let server = await spawnServer(['--port', String(port)], env);
  const vigil = new Vigil({
    url: server.url,
    apiKey: adminKey,
    flushIntervalMs: 50,
    retryMaxMs: 2000,
    onError: () => {},
  });
  const model = `retry-${randomUUID().slice(0, 8)}`;
  try {
    await stop(server);
    const ids = Array.from({ length: 500 }, () => vigil.record({ model }));
    // 20 s down: longer than the old retry budget (5 retries, ~15 s) that lost events in ordinary restarts.
    await new Promise((r) => setTimeout(r, 20_000));
    server = await spawnServer(['--port', String(port)], env);
    await vigil.flush();
    const st = vigil.stats();
    assert.deepEqual({ sent: st.sent, failed: st.failed, queued: st.queued }, { sent: 500, failed: 0, queued: 0 });
    assert.ok(st.retries > 5, `${st.retries} retries`);
    assert.deepEqual(new Set(await storedRequestIds(server.url, adminKey, model)), new Set(ids));
  } finally {
    await vigil.shutdown({ timeoutMs: 1000 });
    if (server.child.exitCode === null) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
