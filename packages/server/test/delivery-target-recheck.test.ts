// The SSRF check repeated at delivery time (DNS rebinding): an export destination stored while its name resolved
// to an allowed address (here: put straight into the store) and now resolving to loopback is refused when Vigil
// connects — nothing reaches the receiver, the failure names the address, and the delivery is not retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer } from './helpers/test-server.js';

test('an export destination whose name resolves to loopback at delivery is refused when connecting', async (t) => {
  const s = await startTestServer({
    env: { VIGIL_ALLOW_LOOPBACK_TARGETS: 'false', VIGIL_EXPORT_INTERVAL_MS: '200', VIGIL_EXPORT_SETTLE_MS: '0' },
  });
  const rx = await startLoopbackReceiver(() => ({ status: 202, body: '{"errors":[]}' }));
  t.after(async () => {
    await s.close();
    await rx.close();
  });
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  const ingest = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [{ model: 'rebound', endpoint: 'POST /v1/x', timestamp: minute + 1, latencyMs: 9 }] },
  });
  assert.equal(ingest.statusCode, 200, ingest.body);
  await s.vigil.pipeline.flush();
  await s.vigil.exports.putDestination({
    id: 'dd-rebound',
    name: 'dd-rebound',
    kind: 'datadog',
    enabled: true,
    settings: { url: `http://localhost:${new URL(rx.url).port}`, apiKey: 'dd-key-0123456789abcdef' },
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  const deadline = Date.now() + 15_000;
  let lastError: string | null = null;
  while (Date.now() < deadline && lastError === null) {
    await new Promise((r) => setTimeout(r, 100));
    lastError = (await s.vigil.exports.getState('dd-rebound'))?.lastError ?? null;
  }
  assert.match(lastError ?? 'no attempt', /target refused at delivery: localhost: 127\.0\.0\.1 is a loopback address/);
  const deliveries = await s.vigil.app.inject({ url: '/api/v1/exports/dd-rebound/deliveries', headers: s.auth });
  const first = deliveries.json().deliveries.at(-1);
  assert.equal(first.attempts, 1, 'a refused target is not retried');
  assert.equal(rx.requests.length, 0, 'nothing reached the receiver');
});

test('a CloudWatch endpoint whose name resolves to loopback at delivery is refused by the AWS SDK client too', async (t) => {
  const s = await startTestServer({
    env: { VIGIL_ALLOW_LOOPBACK_TARGETS: 'false', VIGIL_EXPORT_INTERVAL_MS: '200', VIGIL_EXPORT_SETTLE_MS: '0' },
  });
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: '{}' }));
  t.after(async () => {
    await s.close();
    await rx.close();
  });
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  const ingest = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [{ model: 'rebound-cw', endpoint: 'POST /v1/x', timestamp: minute + 1, latencyMs: 9 }] },
  });
  assert.equal(ingest.statusCode, 200, ingest.body);
  await s.vigil.pipeline.flush();
  await s.vigil.exports.putDestination({
    id: 'cw-rebound',
    name: 'cw-rebound',
    kind: 'cloudwatch',
    enabled: true,
    settings: {
      region: 'eu-west-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret-example-key',
      endpoint: `http://localhost:${new URL(rx.url).port}`,
    },
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  const deadline = Date.now() + 15_000;
  let lastError: string | null = null;
  while (Date.now() < deadline && lastError === null) {
    await new Promise((r) => setTimeout(r, 100));
    lastError = (await s.vigil.exports.getState('cw-rebound'))?.lastError ?? null;
  }
  assert.match(
    lastError ?? 'no attempt',
    /target refused at delivery: localhost: (127\.0\.0\.1|::1) is a loopback address/,
  );
  const deliveries = await s.vigil.app.inject({ url: '/api/v1/exports/cw-rebound/deliveries', headers: s.auth });
  assert.equal(deliveries.json().deliveries.at(-1).attempts, 1, 'a refused target is not retried');
  assert.equal(rx.requests.length, 0, 'nothing reached the receiver');
});
