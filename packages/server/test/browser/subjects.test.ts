// The Privacy page's "Data subjects" tab in a real Chromium: an InfoSec person looks a subject up (counts and
// sample as GET /api/v1/subjects answered), downloads the export, erases it behind a typed confirmation (the
// store then holds none of it, the other subject's events stay), and edits a use case's retention. A DevOps
// person is told the page is not theirs. Screenshots at 1440 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SubjectExport } from '@vigil/protocol';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { addTestUser, signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const tag = randomBytes(4).toString('hex');
const SUBJECT = `cust-${tag}`;
const OTHER = `cust-other-${tag}`;

let s: TestServer;
let browser: TestBrowser;

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true });
  const now = Date.now();
  const events = Array.from({ length: 12 }, (_, i) => ({
    model: i % 2 ? 'drink-recommender' : 'loyalty-churn',
    endpoint: i % 2 ? 'POST /v1/recommend' : 'POST /v1/churn',
    requestId: `req-${tag}-${i}`,
    subjectId: i < 8 ? SUBJECT : OTHER,
    timestamp: now - (12 - i) * 60_000,
    latencyMs: 20 + i,
  }));
  const sent = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events },
  });
  assert.equal(sent.statusCode, 200, sent.body);
  await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/labels',
    headers: s.auth,
    payload: { labels: [{ model: 'drink-recommender', requestId: `req-${tag}-1`, label: 'latte' }] },
  });
  const uc = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/use-cases',
    headers: s.auth,
    payload: {
      id: 'loyalty',
      name: 'Loyalty churn',
      ownerTeam: 'Data Science',
      models: ['loyalty-churn'],
      endpoints: [],
    },
  });
  assert.equal(uc.statusCode, 201, uc.body);
  await s.vigil.pipeline.flush();
  browser = await launchTestBrowser({ width: 1440, height: 1000 });
  browser.page.setDefaultTimeout(10_000);
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('InfoSec looks a subject up, downloads the export, erases it with a typed confirmation, sets a retention', async () => {
  const { page } = browser;
  const ines = await addTestUser(s, { roles: ['infosec'], displayName: 'Inès (InfoSec)' });
  await signInBrowser(page, s.url, ines);
  await page.goto(`${s.url}/privacy/subjects`);
  await page.getByTestId('subjects-page').waitFor();
  await page.getByTestId('subject-id').fill(SUBJECT);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/subjects/${SUBJECT}`);
  await page.getByTestId('subject-search').click();
  const api = (await (await answer).json()) as SubjectExport;
  await page.getByTestId('subject-held').waitFor();
  assert.equal(await page.getByTestId('subject-events').innerText(), String(api.counts.events));
  assert.equal(api.counts.events, 8);
  assert.equal(await page.getByTestId('subject-labels').innerText(), '1');
  assert.equal(await page.getByTestId('subject-sample').locator('tbody tr').count(), 8);
  await page.screenshot({ path: `${SHOTS}privacy-subjects.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('subject-download').click()]);
  assert.match(download.suggestedFilename(), /^vigil-subject-export-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as SubjectExport;
  assert.equal(file.subjectId, SUBJECT);
  assert.equal(file.events.length, 8);

  const erase = page.getByTestId('subject-erase-button');
  assert.equal(await erase.isDisabled(), true);
  await page.getByTestId('subject-confirm').fill(SUBJECT.slice(0, -1));
  assert.equal(await erase.isDisabled(), true, 'a confirmation that differs does not enable the erasure');
  await page.getByTestId('subject-confirm').fill(SUBJECT);
  await page.screenshot({ path: `${SHOTS}privacy-subjects-erase.png`, fullPage: true });
  await erase.click();
  await page.getByTestId('subject-erased').waitFor();
  assert.match(await page.getByTestId('subject-erased').innerText(), /Erased 8 events and 1 label/);
  await page.getByTestId('subject-nothing').waitFor();
  assert.equal((await s.vigil.store.privacy.findSubject(SUBJECT, 10)).eventCount, 0);
  assert.equal((await s.vigil.store.privacy.findSubject(OTHER, 10)).eventCount, 4);

  const row = page.getByTestId('retention-loyalty');
  await row.getByTestId('retention-raw').fill('7');
  await row.getByTestId('retention-rollup').fill('90');
  await row.getByTestId('retention-save').click();
  await page.getByTestId('retention-loyalty').filter({ hasText: 'raw 7 d · rollups 90 d' }).waitFor();
  assert.deepEqual(
    (await s.vigil.store.privacy.listRetentionPolicies()).map((p) => [p.useCaseId, p.rawEventDays, p.rollupDays]),
    [['loyalty', 7, 90]],
  );
  await page.screenshot({ path: `${SHOTS}privacy-subjects-after.png`, fullPage: true });

  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByTestId('subject-id').fill(OTHER);
  await page.getByTestId('subject-search').click();
  await page.getByTestId('subject-held').waitFor();
  await page.screenshot({ path: `${SHOTS}privacy-subjects-375.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 375 px`);
  await page.setViewportSize({ width: 1440, height: 1000 });
});

test('a DevOps person may not look subjects up or edit retention', async () => {
  const { page } = browser;
  await page.context().clearCookies();
  const dev = await addTestUser(s, { roles: ['devops'] });
  await signInBrowser(page, s.url, dev);
  await page.goto(`${s.url}/privacy/subjects`);
  await page.getByTestId('subjects-page').waitFor();
  assert.equal(await page.getByTestId('subject-search').isDisabled(), true);
  assert.match(await page.getByTestId('subject-lookup').innerText(), /Only InfoSec and Admin/);
  await page.getByTestId('retention-loyalty').waitFor();
  assert.equal(await page.getByTestId('retention-raw').isDisabled(), true);
  assert.equal(await page.getByTestId('retention-save').count(), 0);
});
