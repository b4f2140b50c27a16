// The seven journeys a new user takes (issue 18 item 7), in real Chromium at 1440 px and 375 px, on the coffee
// demo as `vigil demo` ships it: the same backfill, simulator and configuration through the public API (teams,
// rules file, SLOs, references, use cases, budgets, ROI inputs, dashboards), then the latency incident the demo
// starts on POST /v1/recommend. One demo server serves every journey; the history is 8 days instead of 30 to keep
// the suite's CPU in seconds (the configuration needs a week: the references are each model's first week).
// No page may log a console error or throw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { DriftResult, Incident, MetricSummary, RuleOne } from '@vigil/protocol';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { DEMO_PASSWORD, prepareCoffeeDemo, type DemoSimulator } from '../../src/demo/index.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 375, height: 812 },
] as const;

let s: TestServer;
let url: string;
let simulator: DemoSimulator;
let incident: Incident;

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${url}${path}`, { headers: s.auth });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text) as T;
}

before(async () => {
  await ensureWebBuilt();
  // Rules evaluated every 5 s instead of 30 s: the incident opens sooner, nothing else changes.
  s = await startTestServer({ env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '5000' } });
  const demo = await prepareCoffeeDemo(s.vigil, {
    rate: 10_000,
    backfillDays: 8,
    rawMinutes: 2,
    seed: 20251127,
    utcOffsetMinutes: 0,
  });
  url = await s.vigil.app.listen({ port: 0, host: '127.0.0.1' });
  simulator = await demo.startTraffic(url);
  const setup = await demo.configure(url);
  assert.equal(setup.isConfigured, true, setup.steps.join('\n'));
  // The demo's spell lasts 5 minutes; both viewports' journeys must see it open, so it lasts 15 here.
  simulator.triggerIncident(0, 15 * 60_000);
  // The demo's latency incident on POST /v1/recommend: the recommend-p95 rule (2 m window) opens an incident.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const open = (await api<{ incidents: Incident[] }>('/api/v1/incidents?status=open')).incidents;
    const found = open.find((i) => i.ruleIds.includes('recommend-p95'));
    if (found) {
      incident = found;
      break;
    }
    assert.ok(Date.now() < deadline, 'the demo incident opens within three minutes');
    await new Promise((r) => setTimeout(r, 2000));
  }
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await simulator?.stop();
  await s?.close();
});

/** A fresh Chromium at the viewport, signed in with the admin key (session cookie), failing the test on any console error. */
async function openBrowser(viewport: { width: number; height: number }) {
  const browser: TestBrowser = await launchTestBrowser(viewport);
  const problems: string[] = [];
  browser.page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  browser.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await signInBrowser(browser.page, url, { apiKey: s.adminKey });
  return { browser, page: browser.page, problems };
}

async function go(page: Page, path: string, testId: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.getByTestId(testId).first().waitFor({ timeout: 30_000 });
}

/** The page is no wider than the viewport: nothing scrolls sideways on a phone. */
async function assertNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client + 1, `${where}: the page is ${scroll} px wide in a ${client} px viewport`);
}

for (const vp of VIEWPORTS) {
  test(`journeys at ${vp.width} px: slowest endpoint, drift, incident, rule, go-live, ROI, dashboard`, async (t) => {
    const { browser, page, problems } = await openBrowser(vp);
    t.after(() => browser.close());
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}journey-${vp.name}-${name}.png`, fullPage: true });
    try {
      await journeys(page, vp, shot, browser);
    } catch (err) {
      await shot('failed').catch(() => {});
      throw err;
    }
    assert.deepEqual(problems, [], 'no console errors');
  });
}

async function journeys(
  page: Page,
  vp: (typeof VIEWPORTS)[number],
  shot: (name: string) => Promise<unknown>,
  browser: TestBrowser,
): Promise<void> {
  // 1. The slowest endpoint and its p99: sort the Endpoints table by p99.
  await go(page, '/endpoints?range=1h', 'endpoints-table');
  // The column head on a wide screen; on a phone (rows stacked as cards) the sort menu.
  if (vp.name === 'desktop') await page.getByTestId('sort-p99').click();
  else await page.getByTestId('sort-select').selectOption('p99:desc');
  await page.waitForURL(/sort=p99/);
  const top = page.getByTestId('endpoint-row').first();
  const slowest = await top.getAttribute('data-endpoint');
  const to = Date.now();
  const summary = await api<MetricSummary>(
    `/api/v1/metrics/summary?metric=latency.p99&groupBy=endpoint&from=${to - 3_600_000}&to=${to}`,
  );
  const bySlowness = [...summary.groups].sort(
    (a, b) => (b.values['latency.p99'] ?? 0) - (a.values['latency.p99'] ?? 0),
  );
  assert.equal(slowest, bySlowness[0]!.endpoint, 'the top row is the endpoint with the highest p99');
  assert.match(await top.getByTestId('cell-p99').innerText(), /\d/);
  await assertNoSidewaysScroll(page, 'endpoints');
  await shot('1-endpoints');

  // 2. Which model drifted, and on which feature: the forecaster's temperature against its stored reference.
  const drift = await api<DriftResult>('/api/v1/models/demand-forecaster/drift');
  const driftedColumns = drift.columns.filter((c) => c.drifted).map((c) => c.name);
  assert.ok(driftedColumns.includes('temperature'), `the API flags temperature (${driftedColumns.join(', ')})`);
  await go(page, '/models/demand-forecaster/drift', 'drift-table');
  const row = page.getByTestId('drift-row').filter({ hasText: 'temperature' }).first();
  await row.waitFor();
  assert.match(await row.getByTestId('cell-drifted').innerText(), /^drifted$/i);
  await assertNoSidewaysScroll(page, 'drift');
  await shot('2-drift');

  // 3. The open incident, who was paged, and acknowledging it (once; the phone run sees it acknowledged).
  // The overview marks the recommender alerting (never "healthy" beside an open incident), linked.
  await go(page, '/', 'models-table');
  const recommender = page.locator('[data-testid="model-row"][data-model="drink-recommender"]');
  await recommender.getByTestId('cell-status').filter({ hasText: 'alerting' }).waitFor({ timeout: 30_000 });
  await recommender
    .getByTestId('alert-state-link')
    .filter({ hasText: /incident/ })
    .first()
    .waitFor();
  await go(page, '/incidents', 'incidents-table');
  await page.locator(`[data-testid="incident-row"][data-incident="${incident.id}"] a`).first().click();
  await page.getByTestId('incident-page').waitFor();
  const paged = page.getByTestId('delivery-row').filter({ hasText: 'page' });
  await paged.first().waitFor({ timeout: 30_000 });
  assert.match(await paged.first().innerText(), /DevOps/, 'DevOps was paged');
  if (vp.name === 'desktop') {
    await page.getByTestId('acknowledge').click();
  }
  await page.getByTestId('fact-acknowledged').filter({ hasText: 'by' }).waitFor({ timeout: 30_000 });
  await assertNoSidewaysScroll(page, 'incident');
  await shot('3-incident');
  await go(page, '/inbox', 'inbox-messages');
  assert.ok((await page.getByTestId('inbox-message').count()) > 0, 'the inbox shows what the teams were sent');

  // 4. A rule and its preview over the past week, with the threshold drawn; then saved.
  const ruleId = `chat-p95-${vp.name}`;
  await go(page, '/alerts/rules/new', 'rule-form');
  await page.getByTestId('rule-id').fill(ruleId);
  await page.getByTestId('rule-name').fill('Assistant slow');
  await page.getByTestId('rule-model').fill('barista-assistant');
  await page.getByTestId('rule-window').fill('5m');
  await page.getByTestId('rule-value').fill('4000');
  await page
    .getByTestId('rule-runbook')
    .fill('Check the LLM provider status page, then the prompt size of recent calls.');
  const preview = page.getByTestId('rule-preview');
  await preview.locator('[data-thresholds="4000"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('preview-firings').waitFor({ timeout: 30_000 });
  await page.getByTestId('rule-save').click();
  // Created: the editor moves to the rule's own page, which loads it back from the server.
  await page.waitForURL(new RegExp(`/alerts/rules/${ruleId}$`), { timeout: 30_000 });
  await page.getByTestId('rule-name').and(page.locator('[value="Assistant slow"]')).waitFor({ timeout: 30_000 });
  assert.equal((await api<RuleOne>(`/api/v1/alerts/rules/${ruleId}`)).rule.rule.id, ruleId);
  await assertNoSidewaysScroll(page, 'rule editor');
  await shot('4-rule');

  // 5. A use case through intake to go-live: the latte-art checker lacks only the CTO's approval, which only a
  // signed-in Executive gives: the demo's CTO signs in to approve, then the admin takes it live.
  await go(page, '/use-cases', 'use-cases-table');
  assert.ok((await page.getByTestId('use-case-row').count()) >= 6, 'use cases at every stage');
  if (vp.name === 'desktop') {
    await signInBrowser(page, url, { username: 'cto', password: DEMO_PASSWORD });
    await go(page, '/use-cases/latte-art-quality', 'checkpoints');
    await page.getByTestId('approve').click();
    await page
      .getByTestId('go-live-ready')
      .filter({ hasText: /^ready to go live$/ })
      .waitFor({ timeout: 30_000 });
    await signInBrowser(page, url, { apiKey: s.adminKey });
    await go(page, '/use-cases/latte-art-quality', 'checkpoints');
    await page.getByTestId('advance').click();
  } else {
    await go(page, '/use-cases/latte-art-quality', 'checkpoints');
  }
  await page
    .getByTestId('go-live-ready')
    .filter({ hasText: /^live$/ })
    .waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    async ([base, key]) => {
      const r = await fetch(`${base}/api/v1/use-cases/latte-art-quality`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return ((await r.json()) as { stage: string }).stage === 'production';
    },
    [url, s.adminKey] as const,
    { timeout: 30_000 },
  );
  await assertNoSidewaysScroll(page, 'use case');
  await shot('5-use-case');

  // 6. ROI and the scorecard: the report shows the ROI from its stored inputs and the success metrics.
  await go(page, '/report', 'report-roi');
  await page.getByTestId('report-scorecard').waitFor();
  assert.equal(await page.getByTestId('report-roi-empty').count(), 0, 'the ROI inputs are set');
  assert.match(await page.getByTestId('report-roi').innerText(), /\$/);
  await assertNoSidewaysScroll(page, 'report');
  await shot('6-report');
  await go(page, '/roi', 'roi-form');
  await page.getByTestId('roi-calculate').click();
  await page.getByTestId('roi-steps').waitFor({ timeout: 30_000 });
  assert.ok((await page.getByTestId('roi-step').count()) > 0, 'the calculator shows its steps');

  // 7. A custom dashboard, built, saved and opened from its shared link in a fresh page.
  await go(page, '/dashboards', 'dashboards-table');
  assert.equal(await page.getByTestId('team-home').count(), 5, 'each of the five teams has its home');
  await go(page, '/dashboards/new', 'dashboard-editor');
  const name = `Chat latency ${vp.name}`;
  await page.getByTestId('dashboard-name').fill(name);
  await page.getByTestId('add-panel').click();
  await page.getByTestId('panel-title').last().fill('Assistant p95');
  await page.getByTestId('panel-metric').last().selectOption('latency.p95');
  await page.getByTestId('panel-model').last().fill('barista-assistant');
  await page.getByTestId('save-dashboard').click();
  await page.waitForURL(/\/dashboards\/[^/]+$/, { timeout: 30_000 });
  await page.getByTestId('share-dashboard').click();
  const message = await page.getByTestId('dashboard-message').innerText();
  const link = /(http\S+)/.exec(message)?.[1];
  assert.ok(link?.startsWith(url), `the share message holds a link: ${message}`);
  const other = await browser.context.newPage();
  await other.goto(link!);
  await other.getByTestId('dashboard-panel').filter({ hasText: 'Assistant p95' }).waitFor({ timeout: 30_000 });
  await other.close();
  await assertNoSidewaysScroll(page, 'dashboard');
  await shot('7-dashboard');
}
