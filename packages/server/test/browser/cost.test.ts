// The Cost page in a real Chromium against a real server: spend, cost per prediction, budgets and the price
// table show the numbers of the API answers the page received (through the page's own formatters); budgets
// are edited through PUT /api/v1/cost/budgets and the API's validation message is shown; empty states are honest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { formatCount, formatUsd } from '../../../web/src/format/format-value.js';
import { costLines, formatPerMTok, formatUsdOfBudget } from '../../../web/src/pages/cost/cost-format.js';
import type { BudgetsResult, CostResult, PriceVersion } from '@vigil/protocol';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const DAY = 86_400_000;
const T0 = Date.now();

let s: TestServer;
let browser: TestBrowser;
let page: Page;

async function seed(): Promise<void> {
  const call = async (method: 'POST' | 'PUT', url: string, payload: object, expect = 200) => {
    const r = await s.vigil.app.inject({ method, url, headers: s.auth, payload });
    assert.equal(r.statusCode, expect, `${url}: ${r.body}`);
  };
  const events = [];
  for (let d = 0; d < 20; d++) {
    const t = T0 - d * DAY - 3_600_000;
    events.push({
      model: 'barista-assistant',
      modelType: 'llm',
      endpoint: 'POST /v1/chat',
      timestamp: t,
      latencyMs: 900,
      costUsd: 2 + (d % 3),
      llm: { requestModel: 'gpt-4o-mini', inputTokens: 5000, outputTokens: 2000 },
    });
    events.push({
      model: 'drink-recommender',
      modelType: 'classification',
      endpoint: 'POST /v1/recommend',
      timestamp: t,
      latencyMs: 40,
      costUsd: 0.01,
    });
    events.push({
      model: 'drink-recommender',
      modelType: 'classification',
      endpoint: 'POST /v1/recommend',
      timestamp: t + 1000,
      latencyMs: 40,
    }); // no cost
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
    },
    201,
  );
  await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'team', target: 'customer-experience', monthlyUsd: 40 },
      { scope: 'model', target: 'drink-recommender', monthlyUsd: 10 },
    ],
  });
  await call('PUT', '/api/v1/cost/prices', {
    prices: [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputPerMTok: 0.15,
        outputPerMTok: 0.6,
        validFrom: new Date(T0 - 60 * DAY).toISOString(),
        note: 'launch price',
      },
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputPerMTok: 0.12,
        outputPerMTok: 0.5,
        validFrom: new Date(T0 - 5 * DAY).toISOString(),
        note: 'price cut',
      },
      {
        provider: 'openai',
        model: 'gpt-4o',
        inputPerMTok: 2.5,
        outputPerMTok: 10,
        validFrom: new Date(T0 - 60 * DAY).toISOString(),
      },
    ],
  });
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

const apiAnswer = (p: Page, path: string, match: (u: URL) => boolean = () => true) =>
  p.waitForResponse(
    (r) => new URL(r.url()).pathname === path && r.request().method() === 'GET' && match(new URL(r.url())),
  );

async function json<T>(res: Response): Promise<T> {
  assert.equal(res.status(), 200, `${res.url()}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function checkSpend(p: Page, cost: CostResult): Promise<void> {
  await p.getByTestId('cost-spend').waitFor();
  assert.equal(
    await p.getByTestId('cost-total-spend').locator('.tile-value').innerText(),
    formatUsd(cost.total.spendUsd),
  );
  assert.equal(
    await p.getByTestId('cost-total-calls').locator('.tile-value').innerText(),
    formatCount(cost.total.calls),
  );
  assert.equal(
    await p.getByTestId('cost-total-cpp').locator('.tile-value').innerText(),
    formatUsd(cost.total.costPerCallUsd),
  );
  const rows = p.getByTestId('cost-group-row');
  assert.equal(await rows.count(), cost.groups.length);
  assert.deepEqual(
    await p.getByTestId('cost-group-spend').allInnerTexts(),
    cost.groups.map((g) => formatUsd(g.totals.spendUsd)),
  );
  assert.deepEqual(
    await p.getByTestId('cost-group-cpp').allInnerTexts(),
    cost.groups.map((g) => formatUsd(g.totals.costPerCallUsd)),
  );
  const drawn = (lines: ReturnType<typeof costLines>) =>
    String(lines.reduce((n, l) => n + l.points.filter((pt) => pt[1] !== null).length, 0));
  assert.equal(
    await p.getByTestId('cost-spend-chart').getAttribute('data-points'),
    drawn(costLines(cost.groups, 'spendUsd')),
  );
  assert.equal(
    await p.getByTestId('cost-cpp-chart').getAttribute('data-points'),
    drawn(costLines(cost.groups, 'costPerCallUsd')),
  );
  assert.equal(
    await p.getByTestId('cost-spend-chart').getAttribute('data-series'),
    String(Math.min(8, cost.groups.length)),
  );
}

test('the Cost page shows the API numbers: spend and cost per prediction per group, budgets, price versions; budgets are edited with PUT', async () => {
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
  await page.goto(s.url + '/');
  await page.getByRole('link', { name: 'Cost' }).waitFor();
  const answers = Promise.all([
    apiAnswer(page, '/api/v1/cost'),
    apiAnswer(page, '/api/v1/cost/budgets'),
    apiAnswer(page, '/api/v1/cost/prices'),
  ]);
  await page.getByRole('link', { name: 'Cost' }).click();
  const [costRes, budgetsRes, pricesRes] = await answers;
  const cost = await json<CostResult>(costRes);
  const { budgets } = await json<BudgetsResult>(budgetsRes);
  const prices = await json<{ current: PriceVersion[]; versions: PriceVersion[] }>(pricesRes);

  assert.equal(cost.groupBy, 'model');
  assert.equal(cost.groups.length, 2);
  assert.ok(cost.total.spendUsd > 0);
  await checkSpend(page, cost);

  await page.getByTestId('cost-budget-row').first().waitFor();
  assert.equal(budgets.length, 2);
  for (const b of budgets) {
    const row = page.locator(`[data-testid="cost-budget-row"][data-target="${b.scope}:${b.target}"]`);
    assert.equal(await row.getByTestId('budget-monthly').innerText(), formatUsd(b.monthlyUsd));
    assert.equal(await row.getByTestId('budget-spent').innerText(), formatUsdOfBudget(b.spentUsd, b.usedRatio));
    assert.equal(
      await row.getByTestId('budget-forecast').innerText(),
      formatUsdOfBudget(b.forecastUsd, b.forecastRatio),
    );
    assert.equal(await row.getByTestId('budget-status').innerText(), b.status);
  }

  assert.deepEqual([prices.versions.length, prices.current.length], [3, 2]);
  assert.equal(await page.getByTestId('cost-price-version-row').count(), 3);
  const current = page.getByTestId('cost-price-current-row');
  assert.deepEqual(
    await current.locator('[data-testid="price-input"]').allInnerTexts(),
    prices.current.map((v) => formatPerMTok(v.inputPerMTok)),
  );
  assert.deepEqual(
    await current.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version'))),
    prices.current.map((v) => String(v.version)),
  );
  assert.match(await page.getByTestId('cost-price-versions').innerText(), /price cut/);
  await page.screenshot({ path: join(SHOTS, 'cost.png'), fullPage: true });

  // Per team: the same rollups grouped by the use cases' owner teams.
  const teamAnswer = apiAnswer(page, '/api/v1/cost', (u) => u.searchParams.get('groupBy') === 'team');
  await page.getByRole('button', { name: 'Team' }).click();
  const byTeam = await json<CostResult>(await teamAnswer);
  assert.deepEqual(byTeam.groups.map((g) => g.key).sort(), ['customer-experience', 'digital']);
  await page.locator('[data-testid="cost-group-row"][data-key="digital"]').waitFor();
  await checkSpend(page, byTeam);

  // Edit: a use case that does not exist is refused with the API's message; a valid change is saved and shown.
  await page.getByRole('button', { name: 'Edit budgets' }).click();
  await page.getByRole('button', { name: 'Add budget' }).click();
  await page.getByLabel('Budget 3 scope').selectOption('useCase');
  await page.getByLabel('Budget 3 target').fill('no-such-use-case');
  await page.getByLabel('Budget 3 monthly USD').fill('5');
  await page.getByRole('button', { name: 'Save budgets' }).click();
  assert.match(await page.getByTestId('budget-save-error').innerText(), /use case "no-such-use-case" does not exist/);
  await page.getByLabel('Budget 3 target').fill('drink-recs');
  // Editor rows follow the API's order.
  await page.getByLabel(`Budget ${budgets.findIndex((b) => b.scope === 'team') + 1} monthly USD`).fill('25');
  const reread = apiAnswer(page, '/api/v1/cost/budgets');
  await page.getByRole('button', { name: 'Save budgets' }).click();
  const saved = (await json<BudgetsResult>(await reread)).budgets;
  assert.deepEqual(saved.map((b) => `${b.scope}:${b.target}:${b.monthlyUsd}`).sort(), [
    'model:drink-recommender:10',
    'team:customer-experience:25',
    'useCase:drink-recs:5',
  ]);
  const edited = saved.find((b) => b.scope === 'team')!;
  const row = page.locator('[data-testid="cost-budget-row"][data-target="team:customer-experience"]');
  await row.waitFor();
  assert.equal(await row.getByTestId('budget-monthly').innerText(), formatUsd(25));
  assert.equal(
    await row.getByTestId('budget-forecast').innerText(),
    formatUsdOfBudget(edited.forecastUsd, edited.forecastRatio),
  );
  assert.equal(await row.getByTestId('budget-status').innerText(), edited.status);
  await page.screenshot({ path: join(SHOTS, 'cost-by-team.png'), fullPage: true });

  // Prices: a negative price is refused with the API's message naming the field; a valid one becomes the next version.
  await page.getByRole('button', { name: 'Add a price' }).click();
  await page.getByLabel('Provider').fill('anthropic');
  await page.getByLabel('Model', { exact: true }).fill('claude-haiku');
  await page.getByLabel('Input USD per million tokens').fill('-1');
  await page.getByLabel('Output USD per million tokens').fill('4');
  await page.getByRole('button', { name: 'Add price version' }).click();
  assert.match(await page.getByTestId('price-save-error').innerText(), /prices\.0\.inputPerMTok/);
  await page.getByLabel('Input USD per million tokens').fill('0.8');
  const repriced = apiAnswer(page, '/api/v1/cost/prices');
  await page.getByRole('button', { name: 'Add price version' }).click();
  const after = await json<{ current: PriceVersion[]; versions: PriceVersion[] }>(await repriced);
  assert.equal(after.versions.length, prices.versions.length + 1);
  const added = after.versions.at(-1)!;
  assert.deepEqual(
    [added.provider, added.model, added.inputPerMTok, added.outputPerMTok],
    ['anthropic', 'claude-haiku', 0.8, 4],
  );
  const addedRow = page.locator(`[data-testid="cost-price-current-row"][data-version="${added.version}"]`);
  await addedRow.waitFor();
  assert.equal(await addedRow.getByTestId('price-input').innerText(), formatPerMTok(0.8));
});

test('honest empty states on a server with no data', async () => {
  const empty = await startTestServer({ listen: true });
  try {
    const p = await browser.context.newPage();
    // Another host name: cookies are per host, not per port, so the main server's session stays.
    const emptyUrl = empty.url.replace('127.0.0.1', 'localhost');
    await signInBrowser(p, emptyUrl, { apiKey: empty.adminKey });
    await p.goto(emptyUrl + '/cost');
    await p.getByTestId('cost-empty').waitFor();
    assert.equal(await p.getByTestId('cost-total-spend').locator('.tile-value').innerText(), '$0');
    assert.equal(await p.getByTestId('cost-total-cpp').locator('.tile-value').innerText(), '—');
    assert.match(await p.getByTestId('cost-budgets-empty').innerText(), /No budgets set/);
    assert.match(await p.getByTestId('cost-prices-empty').innerText(), /No LLM prices yet/);
    await p.screenshot({ path: join(SHOTS, 'cost-empty.png'), fullPage: true });
    await p.close();
  } finally {
    await empty.close();
  }
});
