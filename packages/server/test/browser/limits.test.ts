// The Limits page and the overview's limits banner in a real Chromium against a real server whose cardinality
// limits were passed: each row shows the numbers GET /api/v1/limits answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LimitsResult } from '@vigil/protocol';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let browser: TestBrowser;

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, env: { VIGIL_MAX_MODELS: '2', VIGIL_MAX_ERROR_TYPES_PER_MODEL: '1' } });
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: {
      events: [
        { model: 'drink-recommender', endpoint: 'POST /v1/recommend', latencyMs: 20 },
        { model: 'demand-forecaster', status: 'error', errorType: 'Timeout' },
        { model: 'demand-forecaster', status: 'error', errorType: 'Unavailable' },
        { model: 'latte-art-checker' },
        { model: 'barista-assistant' },
      ],
    },
  });
  assert.equal(r.statusCode, 207);
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  browser.page.setDefaultTimeout(10_000);
  await signInBrowser(browser.page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('the Limits page lists every limit with its use, maximum and what it refused or folded since start', async () => {
  const { page } = browser;
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/limits');
  await page.goto(`${s.url}/limits`);
  const api = (await (await answer).json()) as LimitsResult;
  await page.getByTestId('limits-table').waitFor();
  const rows = page.getByTestId('limit-row');
  assert.equal(await rows.count(), api.limits.length);
  const models = page.locator('[data-testid="limit-row"][data-limit="maxModels"]');
  assert.equal(await models.getByTestId('limit-used').innerText(), '2');
  assert.equal(await models.getByTestId('limit-since-start').innerText(), '2', 'two models refused');
  const errors = page.locator('[data-testid="limit-row"][data-limit="maxErrorTypesPerModel"]');
  assert.equal(await errors.getByTestId('limit-since-start').innerText(), '1', 'one error type folded');
  await page.screenshot({ path: `${SHOTS}limits.png`, fullPage: true });
});

test('the overview warns when a limit refused events, and links to the Limits page', async () => {
  const { page } = browser;
  await page.goto(s.url);
  const banner = page.getByTestId('limits-banner');
  await banner.waitFor();
  const text = await banner.innerText();
  assert.match(text, /maxModels \(2 of 2; 2 events refused since start\)/);
  assert.match(text, /maxErrorTypesPerModel \(1 of 1; 1 folded into \(other\) since start\)/);
  await page.screenshot({ path: `${SHOTS}overview-limits-banner.png` });
  await banner.getByRole('link').click();
  await page.getByTestId('limits-page').waitFor();
});
