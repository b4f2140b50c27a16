// The model-health pages in a real Chromium against a real server: every number checked here is compared
// with the API answer the page itself received, run through the page's own formatters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { formatCount } from '../../../web/src/format/format-value.js';
import { formatShare, formatStatistic } from '../../../web/src/format/model-health-format.js';
import type { DriftResult, DriftTimelineResult, PerformanceResult, QualityResult } from '@vigil/protocol';
import { ensureWebBuilt } from './dashboard-fixture.js';
import { seededRandom } from '../helpers/seeded-random.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const HOUR = 3_600_000;
const T0 = Date.now();
const MODEL = `barista-${randomUUID().slice(0, 6)}`;
const NO_REF_MODEL = `pastry-${randomUUID().slice(0, 6)}`;

let s: TestServer;
let browser: TestBrowser;
let page: Page;

/**
 * A drink classifier: a reference day two days ago, then the last 20 hours with `basket` shifted, a new
 * `kiosk` channel and more missing `promo`; labels for the older half of the recent predictions.
 */
async function seed(): Promise<void> {
  const r = seededRandom(11);
  const events: object[] = [];
  const make = (model: string, i: number, ts: number, shifted: boolean): object => {
    const features: Record<string, unknown> = {
      basket: r.normal(shifted ? 62 : 50, 10),
      temp: r.normal(20, 5),
      store: ['north', 'south', 'east'][Math.floor(r.uniform() * 3)],
      channel: shifted && r.uniform() < 0.2 ? 'kiosk' : r.uniform() < 0.5 ? 'app' : 'web',
    };
    if (r.uniform() >= (shifted ? 0.25 : 0.02)) features.promo = r.uniform() < 0.5;
    const p = r.uniform();
    return {
      model,
      modelType: 'classification',
      requestId: `${model}-${i}`,
      timestamp: ts,
      features,
      prediction: { label: p >= 0.5 ? 'latte' : 'tea', probabilities: { latte: p, tea: 1 - p } },
    };
  };
  for (let i = 0; i < 2400; i++) events.push(make(MODEL, i, T0 - 48 * HOUR + i * 36_000, false));
  for (let i = 0; i < 2400; i++) events.push(make(MODEL, 10_000 + i, T0 - 20 * HOUR + i * 30_000, true));
  for (let i = 0; i < 600; i++) events.push(make(NO_REF_MODEL, i, T0 - 40 * HOUR + i * 240_000, i >= 300));
  for (let i = 0; i < events.length; i += 1000) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events: events.slice(i, i + 1000) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  // Truth: the model is right about 80 % of the time on the labelled half.
  const labels: object[] = [];
  for (let i = 0; i < 1200; i++) {
    const e = events[2400 + i] as { requestId: string; prediction: { label: string } };
    const right = r.uniform() < 0.8;
    labels.push({
      model: MODEL,
      requestId: e.requestId,
      label: right ? e.prediction.label : e.prediction.label === 'latte' ? 'tea' : 'latte',
    });
  }
  for (let i = 0; i < labels.length; i += 1000) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/labels',
      headers: s.auth,
      payload: { labels: labels.slice(i, i + 1000) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
  const ref = await s.vigil.app.inject({
    method: 'POST',
    url: `/api/v1/models/${MODEL}/reference`,
    headers: s.auth,
    payload: { window: { from: T0 - 48 * HOUR, to: T0 - 24 * HOUR } },
  });
  assert.equal(ref.statusCode, 201, ref.body);
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ now: () => T0, listen: true });
  await seed();
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
  await page.goto(s.url + '/');
  await page.getByTestId('overview-page').waitFor();
});

after(async () => {
  await browser?.close();
  await s?.close();
});

function nextAnswer<T>(p: Page, path: string): Promise<T> {
  return p
    .waitForResponse((r) => new URL(r.url()).pathname === path)
    .then(async (r) => {
      assert.equal(r.status(), 200, `${r.url()} answered ${r.status()}: ${await r.text()}`);
      return (await r.json()) as T;
    });
}

const text = (p: Page, testId: string) => p.getByTestId(testId).locator('.tile-value').innerText();

test('drift page: the table, the histograms and the heat map show the API numbers', async () => {
  const drift = nextAnswer<DriftResult>(page, `/api/v1/models/${MODEL}/drift`);
  const timeline = nextAnswer<DriftTimelineResult>(page, `/api/v1/models/${MODEL}/drift/timeline`);
  // From the model page, through its tab.
  await page.goto(`${s.url}/models/${MODEL}?range=24h`);
  await page.getByTestId('tab-drift').click();
  await page.getByTestId('drift-page').waitFor();
  const [d, t] = await Promise.all([drift, timeline]);
  await page.getByTestId('drift-table').waitFor();

  assert.equal(await text(page, 'tile-dataset-drift'), d.datasetDrift ? 'yes' : 'no');
  assert.equal(
    await text(page, 'tile-drifted-columns'),
    `${d.columns.filter((c) => c.drifted).length} / ${d.columns.length}`,
  );
  assert.equal(await text(page, 'tile-current-rows'), formatCount(d.currentRows));
  const basket = d.columns.find((c) => c.name === 'basket')!;
  assert.equal(basket.drifted, true, 'the shifted feature drifts');
  assert.equal(d.columns.find((c) => c.name === 'temp')!.drifted, false);
  for (const c of d.columns) {
    const row = page.locator(`[data-testid="drift-row"][data-column="${c.name}"]`);
    assert.equal(
      await row.getByTestId('cell-statistic').innerText(),
      formatStatistic(c.statistic),
      `${c.name} statistic`,
    );
    assert.equal(await row.getByTestId('cell-pvalue').innerText(), formatStatistic(c.pValue), `${c.name} p-value`);
    assert.equal(await row.getByTestId('cell-drifted').textContent(), c.drifted ? 'drifted' : 'stable');
    assert.equal(
      Number(await row.getByTestId('drift-histogram').getAttribute('data-bins')),
      c.reference!.labels.length,
      `${c.name} bins`,
    );
  }
  const heat = page.getByTestId('drift-heatmap');
  await heat.waitFor();
  assert.equal(Number(await heat.getAttribute('data-rows')), t.columns.length);
  assert.equal(Number(await heat.getAttribute('data-buckets')), t.buckets.length);
  const driftedCells = t.columns.reduce((n, c) => n + c.drifted.filter((x) => x === true).length, 0);
  assert.ok(driftedCells > 0);
  assert.equal(Number(await heat.getAttribute('data-drifted-cells')), driftedCells);
  assert.equal(await heat.locator('rect[data-drifted="true"]').count(), driftedCells);
  await page.screenshot({ path: `${SHOTS}model-health-drift.png`, fullPage: true });
});

test('drift page without a stored reference offers the previous period', async () => {
  await page.goto(`${s.url}/models/${NO_REF_MODEL}/drift?range=24h`);
  await page.getByTestId('no-reference').waitFor();
  const drift = nextAnswer<DriftResult>(page, `/api/v1/models/${NO_REF_MODEL}/drift`);
  await page.getByRole('button', { name: 'compare with the previous period' }).click();
  const d = await drift;
  assert.equal(d.reference.source, 'window');
  await page.getByTestId('drift-table').waitFor();
  assert.equal(await text(page, 'tile-reference-rows'), formatCount(d.reference.rows));
  assert.equal(await page.getByTestId('reference-picker').inputValue(), 'previous');
});

test('quality page: findings and per-column numbers are the API answer', async () => {
  const quality = nextAnswer<QualityResult>(page, `/api/v1/models/${MODEL}/quality`);
  await page.goto(`${s.url}/models/${MODEL}/quality?range=24h`);
  const q = await quality;
  await page.getByTestId('findings-table').waitFor();
  assert.equal(await text(page, 'tile-rows'), formatCount(q.rows));
  assert.equal(await page.getByTestId('finding-row').count(), q.findings.length);
  const missing = q.findings.find((f) => f.check === 'missing_rate' && f.feature === 'promo');
  const unseen = q.findings.find((f) => f.check === 'unseen_category' && f.feature === 'channel');
  assert.ok(missing && unseen, JSON.stringify(q.findings));
  for (const f of [missing, unseen]) {
    const row = page.locator(`[data-testid="finding-row"][data-check="${f.check}"][data-feature="${f.feature}"]`);
    assert.equal(await row.getByTestId('cell-rate').innerText(), formatShare(f.rate));
    assert.equal(await row.getByTestId('cell-count').innerText(), formatCount(f.count));
  }
  for (const [name, f] of Object.entries(q.features)) {
    const row = page.locator(`[data-testid="quality-column-row"][data-column="${name}"]`);
    assert.equal(await row.getByTestId('cell-missing').innerText(), formatShare(f.missingRate), `${name} missing`);
  }
  await page.screenshot({ path: `${SHOTS}model-health-quality.png`, fullPage: true });
});

test('performance page: accuracy beside the CBPE estimate, label coverage and the prediction mix over 30 days', async () => {
  const perf = nextAnswer<PerformanceResult>(page, `/api/v1/models/${MODEL}/performance`);
  await page.goto(`${s.url}/models/${MODEL}/performance`);
  const p = await perf;
  assert.equal(p.kind, 'classification');
  assert.equal(p.step, 24 * HOUR, 'the 30-day default is daily');
  await page.getByTestId('performance-tiles').waitFor();
  assert.equal(await text(page, 'tile-accuracy'), formatShare(p.total.classification!.accuracy));
  assert.equal(await text(page, 'tile-estimated'), formatShare(p.total.estimated!.expectedAccuracy));
  assert.equal(await text(page, 'tile-coverage'), formatShare(p.total.labelCoverage));
  assert.equal(await text(page, 'tile-labels'), formatCount(1200));
  const drawn = (pick: (x: PerformanceResult['points'][number]) => number | null) =>
    p.points.filter((x) => pick(x) !== null).length;
  const expectPoints = async (testId: string, n: number) => {
    await page.waitForFunction(
      ([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-points') === v,
      [testId, String(n)] as const,
    );
  };
  await expectPoints('chart-accuracy', drawn((x) => x.accuracy) + drawn((x) => x.estimated?.expectedAccuracy ?? null));
  await expectPoints(
    'chart-coverage',
    drawn((x) => x.labelCoverage),
  );
  const classes = new Set(p.points.flatMap((x) => Object.keys(x.predictionMix)));
  await expectPoints('chart-prediction-mix', classes.size * drawn((x) => (x.predictions > 0 ? 1 : null)));
  assert.ok(
    drawn((x) => x.accuracy) >= 1 && drawn((x) => x.estimated?.expectedAccuracy ?? null) >= 2,
    'the estimate exists where labels do not yet',
  );
  await page.getByTestId('confusion-matrix').waitFor();
  await page.screenshot({ path: `${SHOTS}model-health-performance.png`, fullPage: true });
});
