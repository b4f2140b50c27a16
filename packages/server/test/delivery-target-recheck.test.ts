// The SSRF check repeated at delivery time (DNS rebinding): an export destination stored while its name resolved
// to an allowed address (here: put straight into the store) and now resolving to loopback is refused when Vigil
// connects — nothing reaches the receiver, the failure names the address, and the delivery is not retried. Both
// ways Vigil connects: its guarded fetch (the HTTP exporters and channels) and the guarded lookup of clients that
// open their own sockets (the AWS SDK here; e-mail in email-channel.test.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer } from './helpers/test-server.js';

/** A destination of `kind` whose settings name `localhost:<receiver>`, after one event to export. */
async function exportToLocalhost(
  t: TestContext,
  kind: 'datadog' | 'cloudwatch',
  settings: (url: string) => Record<string, unknown>,
) {
  const s = await startTestServer({
    env: { VIGIL_ALLOW_LOOPBACK_TARGETS: 'false', VIGIL_EXPORT_INTERVAL_MS: '200', VIGIL_EXPORT_SETTLE_MS: '0' },
  });
  const rx = await startLoopbackReceiver(() => ({ status: 202, body: '{}' }));
  t.after(async () => {
    await s.close();
    await rx.close();
  });
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  const ingest = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [{ model: `rebound-${kind}`, endpoint: 'POST /v1/x', timestamp: minute + 1, latencyMs: 9 }] },
  });
  assert.equal(ingest.statusCode, 200, ingest.body);
  await s.vigil.pipeline.flush();
  const id = `${kind}-rebound`;
  await s.vigil.exports.putDestination({
    id,
    name: id,
    kind,
    enabled: true,
    settings: settings(`http://localhost:${new URL(rx.url).port}`),
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  const deadline = Date.now() + 15_000;
  let lastError: string | null = null;
  while (Date.now() < deadline && lastError === null) {
    await new Promise((r) => setTimeout(r, 100));
    lastError = (await s.vigil.exports.getState(id))?.lastError ?? null;
  }
  const deliveries = await s.vigil.app.inject({ url: `/api/v1/exports/${id}/deliveries`, headers: s.auth });
  return { lastError, attempts: deliveries.json().deliveries.at(-1)?.attempts, received: rx.requests.length };
}

const REFUSED = /target refused at delivery: localhost: (127\.0\.0\.1|::1) is a loopback address/;

test('an export destination whose name resolves to loopback at delivery is refused when connecting', async (t) => {
  const out = await exportToLocalhost(t, 'datadog', (url) => ({ url, apiKey: 'dd-key-0123456789abcdef' }));
  assert.match(out.lastError ?? 'no attempt', REFUSED);
  assert.equal(out.attempts, 1, 'a refused target is not retried');
  assert.equal(out.received, 0, 'nothing reached the receiver');
});

test('a CloudWatch endpoint whose name resolves to loopback at delivery is refused by the AWS SDK client too', async (t) => {
  const out = await exportToLocalhost(t, 'cloudwatch', (endpoint) => ({
    region: 'eu-west-1',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'secret-example-key',
    endpoint,
  }));
  assert.match(out.lastError ?? 'no attempt', REFUSED);
  assert.equal(out.attempts, 1, 'a refused target is not retried');
  assert.equal(out.received, 0, 'nothing reached the receiver');
});
