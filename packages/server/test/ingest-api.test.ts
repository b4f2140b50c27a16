import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { generateApiKey, hashApiKey } from '../src/plugins/auth.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const slug = () => `m-${randomUUID().slice(0, 8)}`;
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  s.vigil.app.inject({
    method: 'POST',
    url,
    headers: { ...s.auth, 'content-type': 'application/json', ...headers },
    payload: payload as string,
  });

function assertErrorShape(body: Record<string, unknown>, status: number, code: string): void {
  assert.equal(body.statusCode, status);
  assert.equal(body.code, code);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
  assert.equal(typeof body.requestId, 'string');
}

test('a valid batch is stored and every event comes back with its requestId', async () => {
  const model = slug();
  const events = Array.from({ length: 50 }, (_, i) => ({
    model,
    endpoint: 'POST /score',
    latencyMs: i,
    requestId: `r-${i}`,
    features: { x: i },
  }));
  const res = await post('/api/v1/events', { events });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.accepted, 50);
  assert.deepEqual(body.rejected, []);
  assert.deepEqual(
    body.requestIds,
    events.map((e) => e.requestId),
  );
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: {
      statusCode: number;
      json(): { events: Array<{ requestId: string; event: { features: { x: number } } }>; nextCursor: string | null };
    } = await s.vigil.app.inject({
      url: `/api/v1/events?model=${model}&limit=20${cursor ? `&cursor=${cursor}` : ''}`,
      headers: s.auth,
    });
    assert.equal(page.statusCode, 200);
    const p = page.json();
    for (const e of p.events) {
      ids.add(e.requestId);
      assert.equal(e.event.features.x, Number(e.requestId.slice(2)));
    }
    cursor = p.nextCursor;
  } while (cursor);
  assert.equal(ids.size, 50);
  const one = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}&requestId=r-7`, headers: s.auth });
  assert.equal(one.json().events.length, 1);
  assert.equal(one.json().events[0].event.latencyMs, 7);
});

test('requestIds the server assigns are unique version-8 UUIDs, returned to the caller, that find their event and join labels', async () => {
  const model = slug();
  const res = await post('/api/v1/events', {
    events: [
      { model, latencyMs: 1 },
      { model, requestId: 'mine', latencyMs: 2 },
      { model, latencyMs: 3 },
    ],
  });
  assert.equal(res.statusCode, 200);
  const [a, mine, c] = res.json().requestIds as string[];
  assert.equal(mine, 'mine');
  for (const id of [a, c]) assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, c);
  const again = await post('/api/v1/events', { events: [{ model, latencyMs: 4 }] });
  assert.ok(![a, c].includes(again.json().requestIds[0]), 'unique across requests');
  for (const [id, latencyMs] of [
    [a, 1],
    [c, 3],
  ] as const) {
    const found = await s.vigil.app.inject({ url: `/api/v1/events?requestId=${id}`, headers: s.auth });
    assert.deepEqual(
      found
        .json()
        .events.map((e: { requestId: string; event: { latencyMs: number } }) => [e.requestId, e.event.latencyMs]),
      [[id, latencyMs]],
    );
  }
  // One character off, or another model: nothing.
  const off = `${a!.slice(0, -1)}${a!.endsWith('f') ? 'e' : 'f'}`;
  assert.equal(
    (await s.vigil.app.inject({ url: `/api/v1/events?requestId=${off}&model=${model}`, headers: s.auth })).json().events
      .length,
    0,
  );
  assert.equal(
    (await s.vigil.app.inject({ url: `/api/v1/events?requestId=${a}&model=${slug()}`, headers: s.auth })).json().events
      .length,
    0,
  );
  const labels = await post('/api/v1/labels', { labels: [{ model, requestId: c, label: 1 }] });
  assert.equal(labels.statusCode, 200);
});

test('one bad item does not sink the batch: 207 with index, code and a message naming the field', async () => {
  const model = slug();
  const res = await post('/api/v1/events', {
    events: [{ model }, { model, latencyMs: 'fast' }, { model: 'Not A Slug' }, { model }],
  });
  assert.equal(res.statusCode, 207);
  const body = res.json();
  assert.equal(body.accepted, 2);
  assert.deepEqual(
    body.rejected.map((r: { index: number }) => r.index),
    [1, 2],
  );
  assert.equal(body.rejected[0].code, 'VIGIL_ERR_BATCH_ITEM_INVALID');
  assert.match(body.rejected[0].message, /^events\[1\]\.latencyMs: /);
  assert.match(body.rejected[1].message, /^events\[2\]\.model: /);
  assert.equal(body.requestIds[1], null);
  const stored = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}`, headers: s.auth });
  assert.equal(stored.json().events.length, 2);
});

test('gzip bodies are accepted', async () => {
  const model = slug();
  const res = await post(
    '/api/v1/events',
    gzipSync(JSON.stringify({ events: [{ model }, { model }] })) as unknown as string,
    { 'content-encoding': 'gzip' },
  );
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().accepted, 2);
});

test('a body starting with a byte-order mark is stored and reads back', async () => {
  const model = slug();
  const res = await post(
    '/api/v1/events',
    `\ufeff{"events": [{"model": "${model}", "requestId": "bom-1", "features": {"x": 1}}]}`,
  );
  assert.equal(res.statusCode, 200, res.body);
  const [e] = (await s.vigil.app.inject({ url: `/api/v1/events?model=${model}`, headers: s.auth })).json().events;
  assert.deepEqual(e.event.features, { x: 1 });
});

test('malformed JSON → 400 VIGIL_ERR_MALFORMED_JSON', async () => {
  const res = await post('/api/v1/events', '{"events": [');
  assert.equal(res.statusCode, 400);
  assertErrorShape(res.json(), 400, 'VIGIL_ERR_MALFORMED_JSON');
});

test('bad gzip → 400; unsupported encoding → 415; wrong content type → 415', async () => {
  const bad = await post('/api/v1/events', 'not gzip', { 'content-encoding': 'gzip' });
  assertErrorShape(bad.json(), 400, 'VIGIL_ERR_MALFORMED_JSON');
  const br = await post('/api/v1/events', '{}', { 'content-encoding': 'br' });
  assertErrorShape(br.json(), 415, 'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE');
  const text = await post('/api/v1/events', 'model=x', { 'content-type': 'text/plain' });
  assertErrorShape(text.json(), 415, 'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE');
});

test('empty and missing batches → 400 naming the field; oversized ones → 413 VIGIL_ERR_BATCH_TOO_LARGE', async () => {
  const empty = await post('/api/v1/events', { events: [] });
  assertErrorShape(empty.json(), 400, 'VIGIL_ERR_VALIDATION');
  assert.match(empty.json().message, /^body\.events: /);
  const missing = await post('/api/v1/events', { evnts: [] });
  assert.match(missing.json().message, /^body\.events: is required/);
  const many = await post('/api/v1/events', { events: Array.from({ length: 1001 }, () => ({ model: 'm' })) });
  assertErrorShape(many.json(), 413, 'VIGIL_ERR_BATCH_TOO_LARGE');
  assert.match(many.json().message, /body\.events: .*1000/);
  const labels = await post('/api/v1/labels', {
    labels: Array.from({ length: 1001 }, (_, i) => ({ model: 'm', requestId: `r${i}`, label: 1 })),
  });
  assertErrorShape(labels.json(), 413, 'VIGIL_ERR_BATCH_TOO_LARGE');
  const notArray = await post('/api/v1/events', { events: 'x' });
  assert.match(notArray.json().message, /^body\.events: /);
});

test('a body over 5 MB → 413, raw or once decompressed', async () => {
  const big = JSON.stringify({ events: [{ model: 'm', features: { pad: 'x'.repeat(4000) } }] }).replace(
    '"pad"',
    `"pad":"${'y'.repeat(5 * 1024 * 1024)}","p2"`,
  );
  const res = await post('/api/v1/events', big);
  assertErrorShape(res.json(), 413, 'VIGIL_ERR_PAYLOAD_TOO_LARGE');
  const bomb = gzipSync(Buffer.from(`{"events":[{"model":"m","tags":{"a":"${'z'.repeat(6 * 1024 * 1024)}"}}]}`));
  assert.ok(bomb.length < 100_000);
  const res2 = await post('/api/v1/events', bomb as unknown as string, { 'content-encoding': 'gzip' });
  assertErrorShape(res2.json(), 413, 'VIGIL_ERR_PAYLOAD_TOO_LARGE');
});

test('missing or wrong key → 401; a read key may not ingest → 403; an ingest key may not read → 403', async () => {
  const none = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { 'content-type': 'application/json' },
    payload: { events: [{ model: 'm' }] },
  });
  assertErrorShape(none.json(), 401, 'VIGIL_ERR_UNAUTHORIZED');
  const wrong = await post('/api/v1/events', { events: [{ model: 'm' }] }, { authorization: 'Bearer nope' });
  assertErrorShape(wrong.json(), 401, 'VIGIL_ERR_UNAUTHORIZED');
  const basic = await post('/api/v1/events', { events: [{ model: 'm' }] }, { authorization: 'Basic abc' });
  assert.match(basic.json().message, /Bearer/);
  const readKey = generateApiKey();
  const ingestKey = generateApiKey();
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'reader',
    role: 'read',
    hash: hashApiKey(readKey),
    createdAtMs: Date.now(),
    revokedAtMs: null,
  });
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'writer',
    role: 'ingest',
    hash: hashApiKey(ingestKey),
    createdAtMs: Date.now(),
    revokedAtMs: null,
  });
  const forbidden = await post('/api/v1/events', { events: [{ model: 'm' }] }, { authorization: `Bearer ${readKey}` });
  assertErrorShape(forbidden.json(), 403, 'VIGIL_ERR_FORBIDDEN');
  const ok = await post('/api/v1/events', { events: [{ model: 'm' }] }, { authorization: `Bearer ${ingestKey}` });
  assert.equal(ok.statusCode, 200);
  const cannotRead = await s.vigil.app.inject({
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${ingestKey}` },
  });
  assertErrorShape(cannotRead.json(), 403, 'VIGIL_ERR_FORBIDDEN');
  const canRead = await s.vigil.app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${readKey}` } });
  assert.equal(canRead.statusCode, 200);
});

test('labels: same batch semantics', async () => {
  const model = slug();
  const res = await post('/api/v1/labels', {
    labels: [
      { model, requestId: 'r1', label: 'latte' },
      { model, label: 'x' },
    ],
  });
  assert.equal(res.statusCode, 207);
  assert.equal(res.json().accepted, 1);
  assert.match(res.json().rejected[0].message, /^labels\[1\]\.requestId: is required/);
});

test('bad query parameters → 400 naming the parameter', async () => {
  const from = await s.vigil.app.inject({ url: '/api/v1/events?from=yesterday', headers: s.auth });
  assertErrorShape(from.json(), 400, 'VIGIL_ERR_VALIDATION');
  assert.match(from.json().message, /^querystring\.from: /);
  const cursor = await s.vigil.app.inject({ url: '/api/v1/events?cursor=zzz', headers: s.auth });
  assert.match(cursor.json().message, /^querystring\.cursor: /);
  const limit = await s.vigil.app.inject({ url: '/api/v1/events?limit=5000', headers: s.auth });
  assert.match(limit.json().message, /^querystring\.limit: /);
  const metric = await s.vigil.app.inject({ url: '/api/v1/metrics/timeseries?metric=latency.p42', headers: s.auth });
  assert.match(metric.json().message, /^querystring\.metric: unknown metric "latency\.p42"/);
  const step = await s.vigil.app.inject({ url: '/api/v1/metrics/timeseries?metric=calls&step=often', headers: s.auth });
  assert.match(step.json().message, /^querystring\.step: /);
});

test('unknown routes → 404 in the error shape', async () => {
  const res = await s.vigil.app.inject({ url: '/api/v1/nope', headers: s.auth });
  assertErrorShape(res.json(), 404, 'VIGIL_ERR_NOT_FOUND');
});
