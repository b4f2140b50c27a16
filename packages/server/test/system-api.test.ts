import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { EventBatch, Event } from '@vigil/protocol';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { SQLITE_MIGRATIONS } from '../src/storage/sqlite/sqlite-migrations.js';
import { CLASSIC_BOUNDS } from '../src/telemetry/latency-histogram.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ listen: true, env: { VIGIL_MAX_IN_FLIGHT: '2' } });
});
after(() => s.close());

test('/healthz and /readyz need no key; readyz proves the store is writable and migrated', async () => {
  const h = await fetch(`${s.url}/healthz`);
  assert.deepEqual(await h.json(), { status: 'ok' });
  const r = await fetch(`${s.url}/readyz`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), {
    status: 'ready',
    store: 'sqlite',
    schemaVersion: SQLITE_MIGRATIONS.at(-1)!.version,
  });
});

test('/metrics is Prometheus text that promtool accepts, with model and ingest series', async () => {
  const events = [
    { model: 'prom-a', endpoint: 'POST /x', latencyMs: 20, costUsd: 0.5, llm: { inputTokens: 7, outputTokens: 3 } },
    { model: 'prom-a', endpoint: 'POST /x', status: 'error', errorType: 'Timeout', latencyMs: 900 },
  ];
  const ing = await fetch(`${s.url}/api/v1/events`, {
    method: 'POST',
    headers: { ...s.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  assert.equal(ing.status, 200);
  const unauth = await fetch(`${s.url}/metrics`);
  assert.equal(unauth.status, 401);
  const res = await fetch(`${s.url}/metrics`, { headers: s.auth });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await res.text();
  assert.match(text, /vigil_model_calls_total\{model="prom-a",endpoint="POST \/x",status="ok"\} 1/);
  assert.match(text, /vigil_model_errors_total\{model="prom-a",endpoint="POST \/x",error_type="Timeout"\} 1/);
  // 20 ms and 900 ms: every cumulative bucket, the sum and the count.
  const buckets = [
    ...text.matchAll(/vigil_model_latency_seconds_bucket\{le="([^"]+)",model="prom-a",endpoint="POST \/x"\} (\d+)/g),
  ].map((m) => `${m[1]}:${m[2]}`);
  // 137 bounds from 2^-10 s to 2^7 s, ×2^(1/8) each (latency-histogram.ts), then +Inf.
  assert.deepEqual(buckets, [...CLASSIC_BOUNDS.map((le) => `${le}:${le < 0.02 ? 0 : le < 0.9 ? 1 : 2}`), '+Inf:2']);
  assert.match(text, /vigil_model_latency_seconds_sum\{model="prom-a",endpoint="POST \/x"\} 0.92\n/);
  assert.match(text, /vigil_model_latency_seconds_count\{model="prom-a",endpoint="POST \/x"\} 2/);
  assert.match(text, /vigil_model_cost_usd_total\{model="prom-a",endpoint="POST \/x"\} 0.5/);
  assert.match(text, /vigil_model_tokens_total\{model="prom-a",endpoint="POST \/x",direction="input"\} 7/);
  assert.match(text, /vigil_ingest_items_total\{kind="events",outcome="accepted"\} \d+/);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
  writeFileSync(join(dir, 'metrics.txt'), text);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.error, undefined, 'promtool must be installed (Debian package "prometheus"; .ci/run installs it)');
  assert.equal(check.status, 0, `promtool: ${check.stdout}${check.stderr}`);
});

test('OpenAPI 3 document is generated from the validating schemas', async () => {
  const res = await fetch(`${s.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
  };
  assert.match(doc.openapi, /^3\./);
  for (const path of [
    '/api/v1/events',
    '/api/v1/labels',
    '/api/v1/models',
    '/api/v1/metrics/timeseries',
    '/healthz',
    '/readyz',
    '/metrics',
  ]) {
    assert.ok(doc.paths[path], `missing ${path}`);
  }
  const body = doc.paths['/api/v1/events']!.post!.requestBody!.content['application/json']!.schema as {
    properties: { events: { maxItems: number; minItems: number } };
  };
  assert.equal(body.properties.events.maxItems, EventBatch.properties.events.maxItems);
  assert.equal(body.properties.events.minItems, EventBatch.properties.events.minItems);
  assert.ok(
    s.vigil.app.hasRoute({ method: 'POST', url: '/api/v1/events' }),
    'the documented route is the one registered',
  );
  // The event model itself is published in the same schema object the ingest path compiles.
  assert.equal(Event.properties.model.pattern, '^[a-z0-9][a-z0-9._-]{0,127}$');
});

test('over the in-flight limit the server answers 503 with Retry-After instead of queueing', async () => {
  const { port } = new URL(s.url);
  // Two requests whose bodies never finish hold both in-flight slots.
  const holders = [0, 1].map(
    () =>
      new Promise<ReturnType<typeof connect>>((resolve) => {
        const sock = connect(Number(port), '127.0.0.1', () => {
          sock.write(
            `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.auth.authorization}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"events":[`,
          );
          resolve(sock);
        });
      }),
  );
  const socks = await Promise.all(holders);
  await new Promise((r) => setTimeout(r, 200));
  const res = await fetch(`${s.url}/api/v1/events`, {
    method: 'POST',
    headers: { ...s.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ model: 'busy' }] }),
  });
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '1');
  const body = (await res.json()) as { code: string; message: string };
  assert.equal(body.code, 'VIGIL_ERR_OVERLOADED');
  for (const sock of socks) sock.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const after = await fetch(`${s.url}/api/v1/events`, {
    method: 'POST',
    headers: { ...s.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ model: 'busy' }] }),
  });
  assert.equal(after.status, 200, 'slots are released when the clients go away');
});

test('a lagging event loop sheds ingest (503 + Retry-After) but not reads', async () => {
  const lagging = await startTestServer({ env: { VIGIL_MAX_EVENT_LOOP_DELAY_MS: '20' } });
  try {
    const until = Date.now() + 1200;
    while (Date.now() < until) {
      // Busy-wait in 100 ms slices so the delay monitor samples a saturated loop.
      const slice = Date.now() + 100;
      while (Date.now() < slice);
      await new Promise((r) => setImmediate(r));
    }
    const shed = await lagging.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: lagging.auth,
      payload: { events: [{ model: 'lag' }] },
    });
    assert.equal(shed.statusCode, 503);
    assert.equal(shed.headers['retry-after'], '1');
    assert.match(shed.json().message, /event-loop delay/);
    const read = await lagging.vigil.app.inject({ url: '/api/v1/models', headers: lagging.auth });
    assert.equal(read.statusCode, 200);
  } finally {
    await lagging.close();
  }
});
