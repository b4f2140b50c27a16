// The Exports page in a real Chromium against a real server exporting to two loopback Datadog receivers, one
// accepting and one down: each row shows the status GET /api/v1/exports answered; a destination is added
// through the form (its secret never shown again) and test-sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ExportDestinationList } from '@vigil/protocol';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let browser: TestBrowser;
const receivers: Server[] = [];

async function receiver(status: number): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status < 300 ? '{"errors":[]}' : '{"errors":["Forbidden"]}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receivers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, env: { VIGIL_EXPORT_INTERVAL_MS: '300', VIGIL_EXPORT_SETTLE_MS: '0' } });
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  const events = [0, 1, 2, 3].map((i) => ({
    model: 'drink-recommender',
    endpoint: 'POST /v1/recommend',
    timestamp: minute + i,
    latencyMs: 20 + i,
  }));
  assert.equal(
    (await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } }))
      .statusCode,
    200,
  );
  await s.vigil.pipeline.flush();
  const add = async (name: string, url: string) =>
    s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: s.auth,
      payload: { name, kind: 'datadog', settings: { url, apiKey: `${name}-key-0123456789abcd` } },
    });
  assert.equal((await add('datadog-eu', await receiver(202))).statusCode, 201);
  // 403 is not retried: the failure shows at once.
  assert.equal((await add('datadog-old-key', await receiver(403))).statusCode, 201);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const list = (
      await s.vigil.app.inject({ url: '/api/v1/exports', headers: s.auth })
    ).json() as ExportDestinationList;
    if (list.destinations.every((d) => d.status.lastAttemptAt !== null)) break;
    if (Date.now() > deadline) throw new Error('exports did not run');
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  browser.page.setDefaultTimeout(10_000);
  await signInBrowser(browser.page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
  for (const r of receivers) r.close();
});

test('the Exports page shows each destination delivering or failing, with its deliveries and a test send', async () => {
  const { page } = browser;
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/exports');
  await page.goto(`${s.url}/exports`);
  const api = (await (await answer).json()) as ExportDestinationList;
  await page.getByTestId('exports-table').waitFor();
  assert.equal(await page.getByTestId('export-row').count(), api.destinations.length);
  const rows = page.getByTestId('export-row');
  const ok = rows.filter({ hasText: 'datadog-eu' });
  const failing = rows.filter({ hasText: 'datadog-old-key' });
  assert.equal((await ok.getByTestId('export-health').innerText()).toLowerCase(), 'delivering');
  assert.equal((await failing.getByTestId('export-health').innerText()).toLowerCase(), 'failing');
  assert.match(await failing.getByTestId('export-last-error').innerText(), /HTTP 403/);
  await ok.getByTestId('export-history').click();
  await page.getByTestId('export-deliveries').waitFor();
  assert.match(
    await page.getByTestId('export-deliveries').innerText(),
    /metrics\s+ok delivered \d+ points: status 202 after 1 attempt/i,
  );
  await page.screenshot({ path: `${SHOTS}exports.png`, fullPage: true });
  await ok.getByTestId('export-test').click();
  await page.getByTestId('export-notice').waitFor();
  assert.match(await page.getByTestId('export-notice').innerText(), /datadog-eu: test delivered 1 points: status 202/);
});

test('a destination added through the form is stored with its secret, which the page then shows masked', async () => {
  const { page } = browser;
  const url = await receiver(200);
  await page.goto(`${s.url}/exports`);
  await page.getByTestId('new-export').click();
  await page.getByTestId('export-kind').selectOption('splunk');
  await page.getByTestId('export-name').fill('splunk-prod');
  await page.getByTestId('export-field-url').fill(url);
  await page.getByTestId('export-field-token').fill('hec-secret-token-98765');
  await page.getByTestId('export-field-metricsIndex').fill('vigil_metrics');
  await page.screenshot({ path: `${SHOTS}exports-new.png`, fullPage: true });
  await page.getByTestId('export-save').click();
  await page.getByTestId('export-row').filter({ hasText: 'splunk-prod' }).waitFor();
  const stored = (await s.vigil.exports.listDestinations()).find((d) => d.name === 'splunk-prod')!;
  assert.deepEqual(stored.settings, { url, token: 'hec-secret-token-98765', metricsIndex: 'vigil_metrics' });
  assert.doesNotMatch(await page.content(), /hec-secret-token-98765/);
  await page.getByTestId('export-row').filter({ hasText: 'splunk-prod' }).getByRole('button', { name: 'Edit' }).click();
  assert.equal(
    await page.getByTestId('export-field-token').getAttribute('placeholder'),
    'stored …8765; type to replace',
  );
  await page.getByTestId('export-save').click();
  await page.getByTestId('export-editor').waitFor({ state: 'detached' });
  const after = (await s.vigil.exports.getDestination(stored.id))!;
  assert.equal(after.settings.token, 'hec-secret-token-98765', 'saving without retyping keeps the secret');
});
