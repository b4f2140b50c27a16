// Every input bounded, every answer in the one error shape: event and label bounds refused item by item,
// query ranges past 400 days named with their maximum, default body bounds, and the answers Node and Fastify
// give before a route runs (431, a bad request line, an undecodable URL, unknown API paths beside the dashboard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { ensureWebBuilt } from './browser/dashboard-fixture.js';

let s: TestServer;
before(async () => {
  ensureWebBuilt();
  s = await startTestServer({ listen: true });
});
after(() => s.close());

function assertError(body: Record<string, unknown>, status: number, code: string, message?: RegExp): void {
  assert.equal(body.statusCode, status);
  assert.equal(body.code, code);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.requestId, 'string');
  if (message) assert.match(String(body.message), message);
}

async function get(url: string) {
  const r = await s.vigil.app.inject({ url, headers: s.auth });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

test('each event past a bound is refused on its own, naming the field; the valid ones are stored', async () => {
  const ok = { model: 'bounds-m', latencyMs: 3 };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [
      { model: 'bounds-m', llm: { inputTokens: 100_000_001 } },
      /llm\.inputTokens: expected integer to be less or equal to 100000000/,
    ],
    [{ model: 'bounds-m', costUsd: 100_001 }, /costUsd: expected number to be less or equal to 100000/],
    [{ model: 'bounds-m', features: { x: 1e21 } }, /features\.x: expected union value/],
    [
      { model: 'bounds-m', features: { ['f'.repeat(257)]: 1 } },
      /features: key "f{64}.*"… \(257 characters\) is not allowed/,
    ],
    [
      { model: 'bounds-m', features: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, i])) },
      /features: expected object to have no more than 500 properties/,
    ],
    [
      { model: 'bounds-m', tags: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`t${i}`, 'v'])) },
      /tags: expected object to have no more than 64 properties/,
    ],
    [{ model: 'bounds-m', prediction: { label: 'a', boxes: [[1, 2]] } }, /prediction: expected union value/],
    [{ model: 'bounds-m', timestamp: '2026-02-30T10:00:00Z' }, /timestamp/],
    [{ model: 'bounds-m', timestamp: '2026-11-27T24:00:00Z' }, /timestamp/],
    [{ model: 'bounds-m', vision: { width: 1_000_001 } }, /vision\.width/],
    [{ model: 'bounds-m', embedding: [1e7] }, /embedding\.0/],
  ];
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [ok, ...cases.map(([e]) => e), ok] },
  });
  assert.equal(r.statusCode, 207);
  const body = r.json() as { accepted: number; rejected: Array<{ index: number; code: string; message: string }> };
  assert.equal(body.accepted, 2);
  assert.deepEqual(
    body.rejected.map((x) => x.index),
    cases.map((_, i) => i + 1),
  );
  body.rejected.forEach((x, i) => {
    assert.equal(x.code, 'VIGIL_ERR_BATCH_ITEM_INVALID');
    assert.match(x.message, cases[i]![1]);
    assert.ok(x.message.length < 1000, 'messages stay short whatever was sent');
  });
  // At the bounds is fine.
  const edge = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: {
      events: [
        {
          model: 'bounds-m',
          costUsd: 100_000,
          llm: { inputTokens: 100_000_000 },
          features: { ['f'.repeat(256)]: 1e20, card: 4111111111111111 },
          timestamp: '2024-02-29T23:59:59Z',
          prediction: { label: 'a', score: 0.5, top: ['a', 'b'], extra: 1 },
        },
      ],
    },
  });
  assert.equal(edge.statusCode, 200, edge.body);
});

test('query ranges: past 400 days, a 400 naming the parameter and the maximum; unreal dates and non-finite numbers refused', async () => {
  assertError(
    (await get('/api/v1/models?window=401d')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.window: "401d" is longer than the maximum of 400d/,
  );
  assertError(
    (await get('/api/v1/models?window=99999999999999999999')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.window: .* is longer than the maximum of 400d/,
  );
  assert.equal((await get('/api/v1/models?window=400d')).status, 200);
  assertError(
    (await get('/api/v1/metrics/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.from: the range spans 2192d, more than the maximum of 400d/,
  );
  assertError(
    (await get('/api/v1/cost?from=2026-02-30')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.from: "2026-02-30" is not a time/,
  );
  assertError(
    (await get('/api/v1/cost?to=1990-01-01T00:00:00Z')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /outside 2000-01-01 – 2100-01-01/,
  );
  assertError(
    (await get('/api/v1/incidents?limit=1e999')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.limit: must be a finite number/,
  );
  assertError(
    (await get('/api/v1/incidents/metrics?bucket=1ms')).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.bucket: more than 1,000 buckets/,
  );
  assertError(
    (await get(`/api/v1/events?model=${'m'.repeat(1025)}`)).body,
    400,
    'VIGIL_ERR_VALIDATION',
    /querystring\.model: must NOT have more than 1024 characters/,
  );
});

test('bodies of other routes: nesting past 32 levels, strings, arrays and numbers past the default bounds are refused whole', async () => {
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = { a: deep };
  const channel = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: s.auth,
    payload: { name: 'x', kind: 'webhook', settings: { url: 'http://127.0.0.1:1/x', extra: deep } },
  });
  assertError(channel.json(), 400, 'VIGIL_ERR_VALIDATION', /body: nested deeper than 32 levels/);
  const budget = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/cost/budgets',
    headers: s.auth,
    payload: { budgets: [{ scope: 'model', target: 'm', monthlyUsd: 1e300 }] },
  });
  assertError(budget.json(), 400, 'VIGIL_ERR_VALIDATION', /monthlyUsd/);
  const comment = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: s.auth,
    payload: { name: 'ok', members: [{ id: 'x'.repeat(16_385), name: 'n' }], channels: [] },
  });
  assertError(comment.json(), 400, 'VIGIL_ERR_VALIDATION', /must NOT have more than 16384 characters/);
});

/** Writes raw bytes to the server and returns what it answers. */
function raw(text: string): Promise<string> {
  const { port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    let out = '';
    const c = connect(Number(port), '127.0.0.1', () => c.write(text));
    c.on('data', (d) => (out += d));
    c.on('end', () => resolve(out));
    c.on('close', () => resolve(out));
    c.on('error', reject);
  });
}

function bodyOf(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

test('answers given before any route runs use the one error shape: 431, a bad request line, an undecodable URL', async () => {
  const big = await fetch(`${s.url}/api/v1/models`, { headers: { ...s.auth, 'x-big': 'y'.repeat(20_000) } });
  assert.equal(big.status, 431);
  assertError(
    (await big.json()) as Record<string, unknown>,
    431,
    'VIGIL_ERR_HEADERS_TOO_LARGE',
    /headers: larger than 16 KB/,
  );
  const line = await raw('GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(line, /^HTTP\/1\.1 400/);
  assertError(bodyOf(line), 400, 'VIGIL_ERR_MALFORMED_REQUEST');
  const url = await fetch(`${s.url}/api/v1/%zz`, { headers: s.auth });
  assert.equal(url.status, 400);
  assertError(
    (await url.json()) as Record<string, unknown>,
    400,
    'VIGIL_ERR_MALFORMED_REQUEST',
    /url: cannot be decoded/,
  );
});

test('unknown API paths answer 404 in the error shape, however spelled, while the dashboard serves its own pages', async () => {
  for (const path of ['/api/v1/nope', '/api', '/API/v1/x', '//api/v1/x', '/metrics/x', '/v1/nope', '/api.json']) {
    const r = await fetch(`${s.url}${path}`, { headers: s.auth });
    assert.equal(r.status, 404, path);
    assertError((await r.json()) as Record<string, unknown>, 404, 'VIGIL_ERR_NOT_FOUND');
  }
  const page = await fetch(`${s.url}/models/drink-recommender`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<!doctype html>/i);
  const otlp = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { ...s.auth, 'content-type': 'application/json' },
    payload: 'null',
  });
  assertError(otlp.json(), 400, 'VIGIL_ERR_VALIDATION', /body: must be a JSON object/);
});
