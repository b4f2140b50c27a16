// The report archive page in a real Chromium: a review generated through the API (PDF printed by the same
// Chromium) is listed with its period and deliveries, its frozen numbers open in place, and its PDF downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArchivedReport } from '@vigil/protocol';
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
  s = await startTestServer({
    listen: true,
    now: () => Date.UTC(2026, 11, 3, 9),
    env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0', VIGIL_REPORT_CHECK_INTERVAL_MS: '0' },
  });
  browser = await launchTestBrowser({ width: 1280, height: 800 });
  await signInBrowser(browser.page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('report archive: the generated review is listed, its numbers open, its PDF downloads', async () => {
  const run = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/reports/run',
    headers: s.auth,
    payload: { cadence: 'monthly', deliver: false },
  });
  assert.equal(run.statusCode, 201, run.body);
  const made = run.json() as ArchivedReport;
  assert.equal(made.report.hasPdf, true, made.report.pdfUnavailableReason ?? '');
  const page = browser.page;
  page.setDefaultTimeout(20_000);
  await page.goto(`${s.url}/reports?report=${made.report.id}`);
  const row = page.locator(`[data-testid="report-row"][data-report="${made.report.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /November 2026/);
  const numbers = page.getByTestId('report-numbers');
  await numbers.waitFor();
  await numbers.locator('table').waitFor();
  assert.match(await numbers.innerText(), /MTTR vs baseline/);
  await page.screenshot({ path: SHOTS + 'reports-archive.png', fullPage: true });
  const download = page.waitForEvent('download');
  await row.getByTestId('download-pdf').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'vigil-review-monthly-2026-11-01.pdf');
  const bytes = readFileSync((await file.path())!);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
});
