// The executive report in a real Chromium against a real server: the page shows the numbers of the API answer
// it received (through the page's own formatters), prints without navigation or buttons, and page.pdf() gives
// a short A4 document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import type { Incident } from '../../src/storage/contracts/alerting-store.js';
import { formatUsd } from '../../../web/src/format/format-value.js';
import {
  describeCoverageHistory,
  formatDollars,
  formatMetricValue,
  formatRoiPercent,
  formatTrendPoint,
} from '../../../web/src/pages/report/report-format.js';
import type { ExecutiveReport } from '@vigil/protocol';
import { ensureWebBuilt } from './dashboard-fixture.js';
import {
  CoverageSnapshotJob,
  createScorecardService,
  snapshotCoverage,
  startOfUtcDay,
} from '../../src/governance/index.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.now();

let s: TestServer;
let browser: TestBrowser;
let page: Page;

function incident(over: Partial<Incident>): Incident {
  return {
    id: randomUUID(),
    groupKey: randomUUID(),
    title: 'p95 latency over 800 ms',
    area: 'API Performance',
    severity: 'critical',
    model: 'drink-recommender',
    endpoint: null,
    team: 'devops',
    participants: [],
    status: 'resolved',
    openedAt: T0 - DAY,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: T0 - DAY + 30 * MIN,
    resolvedBy: 'x',
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: null,
    isCustomerFacing: false,
    runbook: null,
    links: [],
    ruleIds: [],
    fingerprints: [],
    pagedChannels: [],
    escalation: null,
    ...over,
  };
}

async function seed(): Promise<void> {
  const call = async (method: 'POST' | 'PUT', url: string, payload: object, expect = 200) => {
    const r = await s.vigil.app.inject({ method, url, headers: s.auth, payload });
    assert.equal(r.statusCode, expect, `${url}: ${r.body}`);
  };
  const events = [];
  for (let d = 1; d <= 20; d++) {
    events.push({
      model: 'barista-assistant',
      modelType: 'llm',
      endpoint: 'POST /v1/chat',
      timestamp: T0 - d * DAY,
      latencyMs: 900,
      costUsd: 12.5,
      llm: { requestModel: 'gpt-4o-mini', inputTokens: 50_000, outputTokens: 20_000 },
    });
    events.push({
      model: 'drink-recommender',
      modelType: 'classification',
      endpoint: 'POST /v1/recommend',
      timestamp: T0 - d * DAY,
      latencyMs: 40,
      costUsd: 0.25,
    });
    events.push({
      model: 'menu-vision',
      modelType: 'vision',
      endpoint: 'POST /v1/scan',
      timestamp: T0 - d * DAY,
      latencyMs: 80,
      costUsd: 0.5,
    });
  }
  await call('POST', '/api/v1/events', { events });
  await s.vigil.pipeline.flush();
  await call(
    'POST',
    '/api/v1/use-cases',
    {
      id: 'barista-chat',
      name: 'Barista chat',
      ownerTeam: 'customer-experience',
      models: ['barista-assistant'],
      endpoints: ['POST /v1/chat'],
    },
    201,
  );
  await call(
    'POST',
    '/api/v1/use-cases',
    {
      id: 'drink-recs',
      name: 'Drink recommendations',
      ownerTeam: 'digital',
      models: ['drink-recommender'],
      endpoints: ['POST /v1/recommend'],
      latencyLimitMs: 500,
      stage: 'production',
    },
    201,
  );
  // Coverage history as the daily job computes it: 5 and 4 days ago nothing was fully monitored; no snapshot
  // 3 days ago; then a runbook rule and a latency SLO make drink-recs and its model monitored.
  const job = () => new CoverageSnapshotJob(s.vigil.store);
  for (const d of [5, 4]) assert.ok(await job().runIfDue(T0 - d * DAY));
  await call(
    'POST',
    '/api/v1/alerts/rules',
    {
      id: 'recs-latency',
      name: 'p95 latency',
      kind: 'threshold',
      area: 'API Performance',
      severity: 'critical',
      runbook: 'https://runbooks/latency',
      metric: 'latency.p95',
      comparator: '>',
      value: 300,
      scope: { model: 'drink-recommender' },
    },
    201,
  );
  await call(
    'POST',
    '/api/v1/slos',
    {
      id: 'recs-latency',
      name: 'recs latency',
      kind: 'latency',
      model: 'drink-recommender',
      objectivePercent: 99,
      latencyThresholdMs: 300,
    },
    201,
  );
  for (const d of [2, 1]) assert.ok(await job().runIfDue(T0 - d * DAY));
  // Today's row was taken at start-up on an empty store; take it again now that there is data (same day: replaced).
  await s.vigil.store.governance.putCoverageSnapshot(
    snapshotCoverage(await createScorecardService({ store: s.vigil.store, now: () => T0 }).coverageFacts(T0)),
  );
  await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'team', target: 'customer-experience', monthlyUsd: 300 },
      { scope: 'model', target: 'drink-recommender', monthlyUsd: 10 },
    ],
  });
  await call('PUT', '/api/v1/report/roi-inputs', {
    calculator: {
      oneTimeCosts: { implementation: '$50K', training: '$20K' },
      benefits: {
        incidentPrevention: '$300K',
        fasterResolution: '$150K',
        complianceAvoided: '$500K',
        retention: '$200K',
      },
      scenarios: [{ name: 'Deck, licensing $120K', annualCosts: { licensing: '$120K' }, stated: { roiPercent: 400 } }],
    },
    measured: { costPerIncidentUsd: 75_000, costPerHourUsd: 5_000, vigilRunningCostPerYearUsd: 24_000 },
  });
  const st = s.vigil.store.alerting;
  const base = T0 - 170 * DAY;
  await st.createIncident(incident({ openedAt: base, resolvedAt: base + 180 * MIN }));
  await st.createIncident(
    incident({ openedAt: base + 2 * DAY, resolvedAt: base + 2 * DAY + 100 * MIN, severity: 'error' }),
  );
  await st.createIncident(incident({ openedAt: T0 - 9 * DAY, resolvedAt: T0 - 9 * DAY + 40 * MIN }));
  await st.createIncident(
    incident({
      title: 'Payment fraud model error rate 12 %',
      area: 'Model Accuracy',
      severity: 'error',
      openedAt: T0 - 4 * DAY,
      resolvedAt: T0 - 4 * DAY + 75 * MIN,
      impactUsdPerHour: 18_000,
      isCustomerFacing: true,
    }),
  );
  await st.createIncident(
    incident({
      title: 'Drift on drink-recommender',
      area: 'Data Quality',
      severity: 'warning',
      openedAt: T0 - 2 * DAY,
      resolvedAt: T0 - 2 * DAY + 20 * MIN,
    }),
  );
  await st.createIncident(
    incident({
      title: 'Noisy latency alert',
      openedAt: T0 - DAY,
      resolvedAt: T0 - DAY + 5 * MIN,
      isFalsePositive: true,
    }),
  );
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, now: () => T0 });
  await seed();
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  page = browser.page;
  page.setDefaultTimeout(10_000);
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('the report page shows the API numbers, prints without nav or buttons, and page.pdf() gives a few A4 pages', async () => {
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
  await page.goto(s.url + '/');
  await page.getByRole('link', { name: 'Report' }).waitFor();
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/report/executive');
  await page.getByRole('link', { name: 'Report' }).click();
  const res = await answer;
  assert.equal(res.status(), 200);
  const rep = (await res.json()) as ExecutiveReport;
  await page.getByTestId('report-scorecard').waitFor();

  for (const m of rep.scorecard.metrics)
    assert.equal(await page.getByTestId(`report-metric-${m.key}-value`).innerText(), formatMetricValue(m), m.key);
  assert.match(
    await page.getByTestId('report-metric-mttr-value').innerText(),
    / min$/,
    'MTTR against the seeded baseline',
  );
  assert.match(await page.getByTestId('report-shadow').innerText(), /menu-vision/);

  // Trends: one dot per non-null point of the API's trend, labelled with the API's numbers.
  for (const m of rep.scorecard.metrics) {
    const shown = m.trend.filter((p) => p.value !== null).map((p) => formatTrendPoint(m, p));
    assert.deepEqual(
      await page.getByTestId(`report-metric-${m.key}-trend-point`).locator('title').allTextContents(),
      shown,
      `${m.key} trend`,
    );
  }
  const coverage = rep.scorecard.metrics.find((m) => m.key === 'coverage')!;
  const days = coverage.trend.map((p) => p.periodStart.slice(0, 10));
  const day = (d: number) => new Date(startOfUtcDay(T0 - d * DAY)).toISOString().slice(0, 10);
  assert.deepEqual(days, [5, 4, 2, 1, 0].map(day), 'a point per stored day, none for the day without a snapshot');
  assert.deepEqual(
    coverage.trend.slice(0, 4).map((p) => p.value),
    [0, 0, 0.5, 0.5],
  );
  assert.deepEqual(
    await page.getByTestId('report-coverage-trend-point').locator('title').allTextContents(),
    coverage.trend.filter((p) => p.value !== null).map((p) => formatTrendPoint(coverage, p)),
  );
  assert.equal(
    await page.getByTestId('report-coverage-history').innerText(),
    `${describeCoverageHistory(coverage)} (one snapshot a day; days without one are left out).`,
  );

  assert.equal(rep.highImpactIncidents.items.length, 1);
  assert.deepEqual(
    await page.getByTestId('report-incident-impact').allInnerTexts(),
    rep.highImpactIncidents.items.map((i) => formatDollars(i.estimatedImpactUsd)),
  );
  assert.equal(await page.getByTestId('report-incident-impact').innerText(), '$22,500');

  assert.ok(rep.measuredRoi.isAvailable && rep.measuredRoi.roi);
  assert.equal(await page.getByTestId('report-caught').innerText(), String(rep.measuredRoi.facts.caught));
  assert.equal(
    await page.getByTestId('report-measured-roi-figures-percent').innerText(),
    formatRoiPercent(rep.measuredRoi.roi.roiPercent),
  );
  assert.equal(await page.getByTestId('report-roi-0-percent').innerText(), '505.26 %');
  assert.match(
    await page.getByTestId('report-roi').innerText(),
    /stated ROI 400\.00 % does not follow from the inputs/,
  );

  assert.equal(await page.getByTestId('report-spend-total').innerText(), formatUsd(rep.spend.total.spendUsd));
  assert.equal(await page.getByTestId('report-team-row').count(), rep.spend.byTeam.length);
  assert.equal(await page.getByTestId('report-budget-row').count(), 2);
  await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false, 'nav hidden in print');
  assert.equal(
    await page.getByRole('button', { name: 'Print / save as PDF' }).isVisible(),
    false,
    'buttons hidden in print',
  );
  await page.screenshot({ path: join(SHOTS, 'report-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(SHOTS, 'report.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  assert.ok(pdf.length > 0);
  assert.ok(pages >= 1 && pages <= 4, `${pages} PDF pages`);
  await page.emulateMedia({ media: 'screen' });
});

test('honest empty states on a server with no data', async () => {
  let emptyClock = Date.now();
  const empty = await startTestServer({ listen: true, now: () => emptyClock });
  try {
    // The start-up snapshot (0 of 0) is taken; 200 days later it is out of the trend window: no coverage history.
    for (
      let i = 0;
      i < 100 && (await empty.vigil.store.governance.listCoverageSnapshots(0, emptyClock + 1)).length === 0;
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    emptyClock += 200 * DAY;
    const p = await browser.context.newPage();
    // Another host name: cookies are per host, not per port, so the main server's session stays.
    const emptyUrl = empty.url.replace('127.0.0.1', 'localhost');
    await signInBrowser(p, emptyUrl, { apiKey: empty.adminKey });
    await p.goto(emptyUrl + '/report');
    await p.getByTestId('report-scorecard').waitFor();
    assert.match(await p.getByTestId('report-incidents-empty').innerText(), /No incident in the period/);
    assert.match(await p.getByTestId('report-roi-empty').innerText(), /No business-case inputs stored yet/);
    assert.match(await p.getByTestId('report-measured-missing').innerText(), /vigilRunningCostPerYearUsd/);
    assert.equal(await p.getByTestId('report-spend-total').innerText(), '$0');
    assert.match(await p.getByTestId('report-coverage-history-empty').innerText(), /No coverage history yet/);
    assert.equal(await p.getByTestId('report-metric-coverage-trend-empty').innerText(), 'no history yet');
    assert.equal(await p.getByTestId('report-coverage-trend').count(), 0);
    await p.screenshot({ path: join(SHOTS, 'report-empty.png'), fullPage: true });
    await p.close();
  } finally {
    await empty.close();
  }
});
