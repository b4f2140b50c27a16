/**
 * The SDK against the real Vigil server (real SQLite file, real HTTP on 127.0.0.1). The only stand-in
 * is a loopback proxy in the 429 test, because the server has no deterministic way to answer 429.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { startTestServer, type TestServer } from '../../server/test/helpers/test-server.js';
import { Vigil, type VigilError, type VigilEvent, type VigilOptions } from '../src/index.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ listen: true });
});
after(() => s.close());

const slug = (): string => `sdk-${randomUUID().slice(0, 8)}`;

function client(server: TestServer, extra: Partial<VigilOptions> = {}): { vigil: Vigil; errors: VigilError[] } {
  const errors: VigilError[] = [];
  const vigil = new Vigil({
    url: server.url,
    apiKey: server.adminKey,
    flushIntervalMs: 50,
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { vigil, errors };
}

interface Stored {
  model: string;
  requestId: string;
  timestamp: string;
  status: string;
  endpoint: string | null;
  event: VigilEvent;
}

/** Every stored event of a model, through the public read API. */
async function readAll(server: TestServer, model: string): Promise<Stored[]> {
  const out: Stored[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await fetch(
      `${server.url}/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: server.auth },
    );
    assert.equal(res.status, 200);
    const page = (await res.json()) as { events: Stored[]; nextCursor: string | null };
    out.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function assertExactlyOnce(stored: Stored[], ids: string[]): void {
  const seen = stored.map((e) => e.requestId);
  assert.equal(new Set(seen).size, seen.length, 'no event stored twice');
  assert.deepEqual([...seen].sort(), [...ids].sort(), 'every recorded event stored');
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('recorded events are stored as sent, with the requestId record() returned and an SDK timestamp', async () => {
  const { vigil, errors } = client(s);
  const model = slug();
  const before = Date.now();
  const ids = Array.from({ length: 25 }, (_, i) =>
    vigil.record({
      model,
      endpoint: 'POST /recommend',
      latencyMs: 12.5 + i,
      prediction: { label: 'latte', score: 0.8 },
      features: { temperature: 21.5, store: 'soho', loyal: true, coupon: null },
      tags: { region: 'eu' },
    }),
  );
  ids.push(vigil.record({ model, requestId: `mine-${randomUUID()}` }));
  await vigil.flush();
  const stored = await readAll(s, model);
  assertExactlyOnce(stored, ids);
  const first = stored.find((e) => e.requestId === ids[0])!;
  assert.equal(first.endpoint, 'POST /recommend');
  assert.equal(first.event.latencyMs, 12.5);
  assert.deepEqual(first.event.prediction, { label: 'latte', score: 0.8 });
  assert.deepEqual(first.event.features, { temperature: 21.5, store: 'soho', loyal: true, coupon: null });
  const ts = Date.parse(first.timestamp);
  assert.ok(ts >= before && ts <= Date.now(), `timestamp ${first.timestamp} stamped at record time`);
  assert.deepEqual(errors, []);
  assert.equal(vigil.stats().sent, 26);
  await vigil.shutdown();
});

test('labels reach POST /api/v1/labels', async () => {
  const { vigil, errors } = client(s);
  const model = slug();
  const requestId = vigil.record({ model, prediction: 'latte' });
  assert.equal(vigil.label({ model, requestId, label: 'flat-white' }), true);
  await vigil.shutdown();
  assert.deepEqual(errors, []);
  assert.equal(vigil.stats().labels.sent, 1);
});

test('large volumes: split into batches, gzip-compressed, all stored once', async () => {
  const { vigil, errors } = client(s, { batchSize: 400, gzipThresholdBytes: 1024 });
  const model = slug();
  const ids = Array.from({ length: 1_250 }, (_, i) =>
    vigil.record({ model, latencyMs: i, features: { note: 'x'.repeat(200), i } }),
  );
  await vigil.flush();
  assert.deepEqual(errors, []);
  assertExactlyOnce(await readAll(s, model), ids);
  await vigil.shutdown();
});

test('track() records ok with enrichment, and error with the error name, rethrowing it unchanged', async () => {
  const { vigil } = client(s);
  const model = slug();
  let okId = '';
  const reply = await vigil.track(
    {
      model,
      endpoint: 'POST /chat',
      modelType: 'llm',
      enrich: (r: { text: string; tokens: number }) => ({ llm: { outputTokens: r.tokens } }),
    },
    async ({ requestId }) => {
      okId = requestId;
      await new Promise((r) => setTimeout(r, 20));
      return { text: 'hello', tokens: 42 };
    },
  );
  assert.deepEqual(reply, { text: 'hello', tokens: 42 });
  class RateLimitError extends Error {
    override name = 'RateLimitError';
  }
  const thrown = new RateLimitError('upstream 429');
  await assert.rejects(
    vigil.track({ model, endpoint: 'POST /chat' }, async () => {
      throw thrown;
    }),
    (err) => err === thrown,
  );
  await vigil.flush();
  const stored = await readAll(s, model);
  const ok = stored.find((e) => e.requestId === okId)!;
  assert.equal(ok.status, 'ok');
  assert.equal(ok.event.llm?.outputTokens, 42);
  assert.equal(ok.event.modelType, 'llm');
  assert.ok((ok.event.latencyMs ?? 0) >= 15);
  const failed = stored.find((e) => e.status === 'error')!;
  assert.equal(failed.event.errorType, 'RateLimitError');
  assert.equal(stored.length, 2);
  await vigil.shutdown();
});

test('Connect-style middleware records endpoint, latency and status, and exposes the requestId', async () => {
  const { vigil } = client(s);
  const model = slug();
  const mw = vigil.middleware({ model, modelVersion: '1.2.0' });
  const app = createServer(
    (
      req: IncomingMessage & { route?: { path: string }; baseUrl?: string; vigilRequestId?: string },
      res: ServerResponse,
    ) =>
      mw(req, res, () => {
        const path = (req.url ?? '/').split('?')[0];
        if (path.startsWith('/api/users/')) {
          // What Express sets while routing: the matched pattern and the router's mount path.
          req.baseUrl = '/api';
          req.route = { path: '/users/:id' };
        }
        const status = path === '/boom' ? 500 : 200;
        setTimeout(() => res.writeHead(status).end(req.vigilRequestId), 30);
      }),
  );
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
  const okId = await (await fetch(`${base}/recommend?store=soho`, { method: 'POST' })).text();
  const userId = await (await fetch(`${base}/api/users/123`)).text();
  const boomId = await (await fetch(`${base}/boom`)).text();
  await new Promise((resolve) => app.close(resolve));
  await vigil.flush();

  const stored = await readAll(s, model);
  const byId = new Map(stored.map((e) => [e.requestId, e]));
  assert.equal(stored.length, 3);
  assert.equal(byId.get(okId)?.endpoint, 'POST /recommend');
  assert.equal(byId.get(okId)?.status, 'ok');
  assert.ok((byId.get(okId)?.event.latencyMs ?? 0) >= 25);
  assert.equal(byId.get(okId)?.event.modelVersion, '1.2.0');
  assert.equal(byId.get(userId)?.endpoint, 'GET /api/users/:id');
  assert.equal(byId.get(boomId)?.status, 'error');
  assert.equal(byId.get(boomId)?.event.errorType, 'http_5xx');
  await vigil.shutdown();
});

test('Fastify plugin records the route pattern for the whole app', async () => {
  const { vigil } = client(s);
  const model = slug();
  const app = Fastify();
  await app.register(vigil.fastifyPlugin({ model }));
  await app.register(async (child) => {
    child.get('/drinks/:id', async () => ({ ok: true }));
    child.get('/fail', async () => {
      throw new Error('db down');
    });
  });
  assert.equal((await app.inject({ url: '/drinks/42' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/fail' })).statusCode, 500);
  await app.close();
  await vigil.flush();
  const stored = await readAll(s, model);
  assert.deepEqual(stored.map((e) => [e.endpoint, e.status, e.event.errorType ?? null]).sort(), [
    ['GET /drinks/:id', 'ok', null],
    ['GET /fail', 'error', 'http_5xx'],
  ]);
  await vigil.shutdown();
});

test('207: rejected items are counted and reported with index, code, message and requestId', async () => {
  const { vigil, errors } = client(s);
  const model = slug();
  const good = [vigil.record({ model }), vigil.record({ model })];
  const bad = vigil.record({ model, latencyMs: 'fast' as unknown as number });
  good.push(vigil.record({ model }));
  await vigil.flush();
  const stats = vigil.stats();
  assert.deepEqual([stats.sent, stats.rejected, stats.failed], [3, 1, 0]);
  const report = errors.find((e) => e.code === 'rejected')!;
  assert.equal(report.count, 1);
  const [rejected] = (
    report.details as { rejected: Array<{ index: number; code: string; message: string; requestId: string }> }
  ).rejected;
  assert.equal(rejected.index, 2);
  assert.equal(rejected.code, 'VIGIL_ERR_BATCH_ITEM_INVALID');
  assert.match(rejected.message, /latencyMs/);
  assert.equal(rejected.requestId, bad);
  assertExactlyOnce(await readAll(s, model), good);
  await vigil.shutdown();
});

test('401: a wrong key is not retried; the batch is failed and reported', async () => {
  const { vigil, errors } = client(s, { apiKey: 'wrong-key', retryBaseMs: 1 });
  vigil.record({ model: slug() });
  await vigil.flush();
  const stats = vigil.stats();
  assert.deepEqual([stats.failed, stats.retries, stats.sent], [1, 0, 0]);
  assert.equal(errors.at(-1)?.code, 'delivery_failed');
  assert.match(errors.at(-1)?.message ?? '', /HTTP 401/);
  await vigil.shutdown();
});

test('server down, then back on the same port: everything delivered, nothing lost, nothing twice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-sdk-'));
  let server = await startTestServer({ listen: true, dataDir });
  const port = Number(new URL(server.url).port);
  const env = { VIGIL_ADMIN_KEY: server.adminKey };
  const { vigil, errors } = client(server, { maxRetries: 50, retryBaseMs: 50, retryMaxMs: 200 });
  const model = slug();
  try {
    const ids = Array.from({ length: 300 }, (_, i) => vigil.record({ model, latencyMs: i }));
    await vigil.flush();
    await server.close();

    for (let i = 0; i < 700; i++) ids.push(vigil.record({ model, latencyMs: i }));
    await waitFor(() => vigil.stats().retries >= 3, 'the SDK to retry against the closed port');
    assert.match(vigil.stats().lastError ?? '', /ECONNREFUSED|fetch failed/);
    // Same data dir and admin key: the same server, restarted. (The helper's `auth` field still names
    // a fresh random key, so reads below use the configured one.)
    server = await startTestServer({ listen: true, dataDir, port, env });
    server.auth = { authorization: `Bearer ${env.VIGIL_ADMIN_KEY}` };
    await vigil.flush();

    const stats = vigil.stats();
    assert.deepEqual([stats.sent, stats.failed, stats.dropped, stats.queued], [1000, 0, 0, 0]);
    assert.deepEqual(errors, []);
    assertExactlyOnce(await readAll(server, model), ids);
  } finally {
    await vigil.shutdown({ timeoutMs: 1000 });
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('503 with Retry-After from the real server (load shedding) is honoured', async () => {
  const server = await startTestServer({ listen: true, env: { VIGIL_MAX_IN_FLIGHT: '1' } });
  // Hold the one ingest slot: headers sent, body never finished.
  const { port } = new URL(server.url);
  const hog = connect(Number(port), '127.0.0.1');
  hog.write(
    `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
  );
  for (;;) {
    const probe = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: '{"events":[{"model":"probe"}]}',
    });
    await probe.text();
    if (probe.status === 503) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  // Without Retry-After these settings would burn all 3 retries within ~20 ms and give up.
  const { vigil, errors } = client(server, { maxRetries: 3, retryBaseMs: 1, retryMaxMs: 5 });
  const model = slug();
  try {
    const ids = [vigil.record({ model }), vigil.record({ model })];
    const started = Date.now();
    const flushed = vigil.flush();
    await waitFor(() => vigil.stats().retries >= 1, 'the first 503');
    hog.destroy();
    await flushed;
    assert.ok(Date.now() - started >= 990, `waited ${Date.now() - started} ms for Retry-After: 1`);
    const stats = vigil.stats();
    assert.deepEqual([stats.sent, stats.failed, stats.retries], [2, 0, 1]);
    assert.deepEqual(errors, []);
    assertExactlyOnce(await readAll(server, model), ids);
  } finally {
    hog.destroy();
    await vigil.shutdown({ timeoutMs: 1000 });
    await server.close();
  }
});

test('429 with Retry-After (loopback proxy in front of the real server) is honoured; bodies go gzip', async () => {
  const arrivals: Array<{ at: number; encoding: string | undefined }> = [];
  // The real server cannot be made to answer 429 on demand: this proxy answers the first request
  // with 429 and forwards every later one, byte for byte, to the real server.
  const proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    arrivals.push({ at: Date.now(), encoding: req.headers['content-encoding'] });
    if (arrivals.length === 1) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          statusCode: 429,
          code: 'VIGIL_ERR_RATE_LIMITED',
          error: 'Too Many Requests',
          message: 'slow down',
          requestId: 'x',
        }),
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'content-type', 'content-encoding'])
      if (req.headers[h]) headers[h] = String(req.headers[h]);
    const upstream = await fetch(`${s.url}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  const errors: VigilError[] = [];
  const vigil = new Vigil({
    url,
    apiKey: s.adminKey,
    gzipThresholdBytes: 0,
    maxRetries: 3,
    retryBaseMs: 1,
    retryMaxMs: 5,
    onError: (e) => errors.push(e),
  });
  const model = slug();
  try {
    const ids = Array.from({ length: 10 }, () => vigil.record({ model }));
    await vigil.flush();
    assert.equal(arrivals.length, 2);
    assert.ok(
      arrivals[1].at - arrivals[0].at >= 990,
      `retried after ${arrivals[1].at - arrivals[0].at} ms, Retry-After was 1 s`,
    );
    assert.deepEqual(
      arrivals.map((a) => a.encoding),
      ['gzip', 'gzip'],
    );
    assert.deepEqual([vigil.stats().sent, vigil.stats().retries], [10, 1]);
    assert.deepEqual(errors, []);
    assertExactlyOnce(await readAll(s, model), ids);
  } finally {
    await vigil.shutdown({ timeoutMs: 1000 });
    await new Promise((resolve) => proxy.close(resolve));
  }
});
