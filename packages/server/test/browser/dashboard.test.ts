// The dashboard in a real Chromium against a real server: every number checked here is compared with the
// API answer the page itself received, run through the dashboard's own formatters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { addTestUser } from '../helpers/identity.js';
import type { TestServer } from '../helpers/test-server.js';
import { generateApiKey, hashApiKey } from '../../src/plugins/auth.js';
import { formatCount, formatMs, formatPercent, formatRate, formatUsd } from '../../../web/src/format/format-value.js';
import type { MetricSummary, ModelList, TimeseriesResult } from '@vigil/protocol';
import { computeModelStatus } from '../../../web/src/format/model-status.js';
import { listDemoModels } from '../../src/demo/index.js';
import { ensureWebBuilt, startDemoServer, STALE_MODEL } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let browser: TestBrowser;
let page: Page;
const T0 = Date.now();

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  // The server's clock stands still, so a window the page asks for and the one the test asks for agree.
  s = await startDemoServer(T0);
  browser = await launchTestBrowser({ width: 1280, height: 800 });
  page = browser.page;
  page.setDefaultTimeout(10_000);
});

after(async () => {
  await browser?.close();
  await s?.close();
});

/** Resolves with the JSON of the next 200 answer to `path` whose query passes `match`. */
function nextAnswer<T>(
  p: Page,
  path: string,
  match: (q: URLSearchParams) => boolean = () => true,
): Promise<{ body: T; query: URLSearchParams }> {
  return p
    .waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === path && match(u.searchParams);
    })
    .then(async (r) => {
      assert.equal(r.status(), 200, `${r.url()} answered ${r.status()}`);
      // Chromium drops the body of a response whose page navigated on meanwhile; the same request then asks again.
      const body = await r.json().catch(async (err: Error) => {
        if (!/navigated away/.test(err.message)) throw err;
        return (await p.request.get(r.url(), { headers: await r.request().allHeaders() })).json();
      });
      return { body: body as T, query: new URL(r.url()).searchParams };
    });
}

const nonNull = (series: TimeseriesResult['series']) =>
  series.reduce((n, s) => n + s.points.filter((p) => p[1] !== null).length, 0);
const seriesOf = (res: TimeseriesResult, metrics: string[]) => res.series.filter((x) => metrics.includes(x.metric));

async function chartPoints(p: Page, testId: string): Promise<number> {
  const el = p.getByTestId(testId);
  await el.waitFor();
  return Number(await el.getAttribute('data-points'));
}

async function waitForChartPoints(p: Page, testId: string, expected: number): Promise<void> {
  await p.waitForFunction(
    ([id, n]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-points') === n,
    [testId, String(expected)] as const,
  );
}

async function logIn(p: Page, key: string): Promise<void> {
  if ((await p.getByLabel('API key').count()) === 0)
    await p.getByRole('button', { name: 'Sign in with an API key instead' }).click();
  await p.getByLabel('API key').fill(key);
  await p.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The session cookie as the browser holds it: HttpOnly and SameSite=Strict, so no script and no other site uses it. */
async function sessionCookie(p: Page) {
  return (await p.context().cookies(s.url)).find((c) => c.name === 'vigil_session');
}

test('login shows the API message for a bad or ingest-only key, then signs in with the admin key', async () => {
  await page.goto(s.url + '/');
  await logIn(page, 'not-a-key');
  assert.match(await page.getByTestId('login-error').innerText(), /unknown or revoked API key/);

  const ingestKey = generateApiKey();
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'browser-ingest',
    role: 'ingest',
    hash: hashApiKey(ingestKey),
    createdAtMs: T0,
    revokedAtMs: null,
  });
  await logIn(page, ingestKey);
  await page.waitForFunction(() =>
    /role ingest/.test(document.querySelector('[data-testid="login-error"]')?.textContent ?? ''),
  );

  const models = nextAnswer<ModelList>(page, '/api/v1/models');
  await logIn(page, s.adminKey);
  await page.getByTestId('overview-page').waitFor();
  await models;
  // Nothing about the session in the page's storage or in document.cookie: only the HttpOnly cookie holds it.
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.doesNotMatch(await page.evaluate(() => document.cookie), /vigil_session/);
  const cookie = await sessionCookie(page);
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.match(await page.getByTestId('whoami').innerText(), /API key "VIGIL_ADMIN_KEY"|VIGIL_ADMIN_KEY/);
});

test('a person signs in with username and password; the header shows who they are, their roles and teams', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByTestId('login-form').waitFor();
  const ana = await addTestUser(s, { roles: ['devops'], teams: ['Platform'], displayName: 'Ana Ops' });
  if ((await page.getByLabel('Username').count()) === 0)
    await page.getByRole('button', { name: 'Sign in with a username and password' }).click();
  await page.getByLabel('Username').fill(ana.username);
  await page.getByLabel('Password').fill('wrong-password-1234');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  assert.match(await page.getByTestId('login-error').innerText(), /unknown user or wrong password/);
  await page.getByLabel('Password').fill(ana.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('overview-page').waitFor();
  const who = await page.getByTestId('whoami').innerText();
  assert.match(who, /Ana Ops/);
  assert.match(who, /devops/);
  assert.match(who, /Platform/);
  await page.screenshot({ path: SHOTS + 'whoami.png' });
  // Back to the operator session the other tests use.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByTestId('login-form').waitFor();
  await logIn(page, s.adminKey);
  await page.getByTestId('overview-page').waitFor();
});

test('overview rows show the numbers of /api/v1/models, a status and a sparkline of the API series', async () => {
  const models = nextAnswer<ModelList>(page, '/api/v1/models', (q) => q.get('window') === '1h');
  const trend = nextAnswer<TimeseriesResult>(page, '/api/v1/metrics/timeseries', (q) => q.get('groupBy') === 'model');
  await page.goto(s.url + '/');
  const [{ body: list }, { body: ts }] = await Promise.all([models, trend]);
  // What the page received is what the API answers to anyone asking the same question.
  const direct = (await s.vigil.app.inject({ url: '/api/v1/models?window=1h', headers: s.auth })).json() as ModelList;
  assert.deepEqual(list, direct);
  assert.deepEqual(
    list.models.map((m) => m.model).sort(),
    [...listDemoModels().map((m) => m.model), STALE_MODEL.model].sort(),
  );

  for (const m of list.models) {
    const row = page.locator(`[data-testid="model-row"][data-model="${m.model}"]`);
    await row.waitFor();
    const cell = (id: string) => row.getByTestId(id).innerText();
    assert.equal(await cell('cell-cpm'), formatRate(m.health.callsPerMinute), `${m.model} calls/min`);
    assert.equal(await cell('cell-p50'), formatMs(m.health.latencyP50), `${m.model} p50`);
    assert.equal(await cell('cell-p95'), formatMs(m.health.latencyP95), `${m.model} p95`);
    assert.equal(await cell('cell-p99'), formatMs(m.health.latencyP99), `${m.model} p99`);
    assert.equal(await cell('cell-error-rate'), formatPercent(m.health.errorRate), `${m.model} error rate`);
    assert.equal(await cell('cell-cost'), formatUsd(m.health.costPerCall), `${m.model} cost`);
    assert.equal(
      await row.getByTestId('cell-status').textContent(),
      computeModelStatus(m, Date.now()).status,
      `${m.model} status`,
    );
    const expected = nonNull(ts.series.filter((x) => x.model === m.model));
    await page.waitForFunction(
      ([model, n]) =>
        document.querySelector(`[data-model="${model}"] [data-testid="sparkline"]`)?.getAttribute('data-points') === n,
      [m.model, String(expected)] as const,
    );
  }
  // The stale model has no calls in the last hour: nothing is invented for it.
  const stale = page.locator(`[data-model="${STALE_MODEL.model}"]`);
  assert.equal(await stale.getByTestId('cell-status').textContent(), 'stale');
  assert.equal(await stale.getByTestId('cell-p95').innerText(), '—');
  assert.equal(await stale.getByTestId('cell-error-rate').innerText(), '—');
  assert.ok(
    nonNull(ts.series.filter((x) => x.model === 'drink-recommender')) > 30,
    'the recommender sparkline has an hour of points',
  );
  assert.equal(await page.locator('[data-model="drink-recommender"] [data-testid="sparkline"] canvas').count(), 1);
  await page.screenshot({ path: SHOTS + 'overview.png', fullPage: true });
});

test('a row links to the model page, whose tiles and charts hold the API data', async () => {
  const tiles = nextAnswer<ModelList>(page, '/api/v1/models', (q) => q.get('window') === '1h');
  const health = nextAnswer<TimeseriesResult>(page, '/api/v1/metrics/timeseries', (q) =>
    q.get('metric')!.includes('latency.p95'),
  );
  const errors = nextAnswer<TimeseriesResult>(
    page,
    '/api/v1/metrics/timeseries',
    (q) => q.get('groupBy') === 'endpoint',
  );
  await page.getByRole('link', { name: 'drink-recommender' }).click();
  const [{ body: list }, { body: h, query }, { body: e }] = await Promise.all([tiles, health, errors]);
  assert.equal(new URL(page.url()).pathname, '/models/drink-recommender');
  assert.equal(new URL(page.url()).searchParams.get('range'), '1h');
  assert.equal(query.get('model'), 'drink-recommender');

  const m = list.models.find((x) => x.model === 'drink-recommender')!;
  assert.equal(
    await page.getByTestId('tile-cpm').locator('.tile-value').innerText(),
    formatRate(m.health.callsPerMinute),
  );
  assert.equal(await page.getByTestId('tile-p95').locator('.tile-value').innerText(), formatMs(m.health.latencyP95));
  assert.equal(
    await page.getByTestId('tile-error-rate').locator('.tile-value').innerText(),
    formatPercent(m.health.errorRate),
  );
  assert.equal(await page.getByTestId('tile-calls').locator('.tile-value').innerText(), formatCount(m.health.calls));

  assert.equal(
    await chartPoints(page, 'chart-latency'),
    nonNull(seriesOf(h, ['latency.p50', 'latency.p95', 'latency.p99'])),
  );
  assert.equal(await page.getByTestId('chart-latency').getAttribute('data-series'), '3');
  assert.equal(await chartPoints(page, 'chart-throughput'), nonNull(seriesOf(h, ['callsPerMinute'])));
  assert.equal(await chartPoints(page, 'chart-cost'), nonNull(seriesOf(h, ['costPerCall'])));
  assert.equal(await chartPoints(page, 'chart-errors'), nonNull(e.series));
  assert.equal(
    await page.getByTestId('chart-errors').getAttribute('data-series'),
    '2',
    'one error-rate line per endpoint',
  );
  assert.ok(nonNull(seriesOf(h, ['latency.p95'])) > 30);
  assert.equal(await page.getByTestId('chart-tokens').count(), 0, 'no token chart for a classifier');
  assert.ok((await page.locator('[data-testid="chart-latency"] canvas').count()) >= 1);
  await page.screenshot({ path: SHOTS + 'model-1h.png', fullPage: true });
});

test('changing the range or the endpoint updates the URL and re-queries the charts', async () => {
  let next = nextAnswer<TimeseriesResult>(page, '/api/v1/metrics/timeseries', (q) =>
    q.get('metric')!.includes('latency.p95'),
  );
  await page.getByRole('button', { name: '24h' }).click();
  let { body: h, query } = await next;
  assert.equal(new URL(page.url()).searchParams.get('range'), '24h');
  assert.ok(
    Math.abs(Date.parse(query.get('to')!) - Date.parse(query.get('from')!) - 86_400_000) < 1000,
    'asks for 24 h',
  );
  await waitForChartPoints(page, 'chart-latency', nonNull(seriesOf(h, ['latency.p50', 'latency.p95', 'latency.p99'])));
  assert.ok(nonNull(seriesOf(h, ['latency.p95'])) > 80, 'a day of points (15-minute steps: 96)');
  await page.screenshot({ path: SHOTS + 'model-24h.png', fullPage: true });

  // Match each answer by its query: a late answer of the previous view must not stand in for it.
  next = nextAnswer<TimeseriesResult>(
    page,
    '/api/v1/metrics/timeseries',
    (q) => q.get('metric')!.includes('latency.p95') && q.get('endpoint') === 'GET /v1/recommend/popular',
  );
  await page.getByTestId('endpoint-filter').selectOption('GET /v1/recommend/popular');
  ({ body: h, query } = await next);
  assert.equal(new URL(page.url()).searchParams.get('endpoint'), 'GET /v1/recommend/popular');
  assert.equal(query.get('endpoint'), 'GET /v1/recommend/popular');
  await waitForChartPoints(page, 'chart-throughput', nonNull(seriesOf(h, ['callsPerMinute'])));

  // A segment (one tag value of the live demo traffic, from GET /api/v1/segments) narrows the charts to its calls.
  const options = await page.getByTestId('segment-filter').locator('option').allTextContents();
  const store = options.find((o) => o.startsWith('store='));
  assert.ok(store, `the demo's store tags are segments: ${options.join(', ')}`);
  next = nextAnswer<TimeseriesResult>(
    page,
    '/api/v1/metrics/timeseries',
    (q) => q.get('metric')!.includes('latency.p95') && q.get('segment') === store,
  );
  await page.getByTestId('segment-filter').selectOption(store);
  ({ body: h, query } = await next);
  assert.equal(new URL(page.url()).searchParams.get('segment'), store);
  assert.equal(query.get('endpoint'), 'GET /v1/recommend/popular', 'the segment narrows the endpoint view');
  assert.ok(nonNull(seriesOf(h, ['callsPerMinute'])) > 0);
  await waitForChartPoints(page, 'chart-throughput', nonNull(seriesOf(h, ['callsPerMinute'])));
  await page.getByTestId('segment-filter').selectOption('');

  // A custom range before any traffic: the charts say so instead of drawing zeros.
  next = nextAnswer<TimeseriesResult>(
    page,
    '/api/v1/metrics/timeseries',
    (q) => q.get('metric')!.includes('latency.p95') && q.get('from') === '2020-01-01T00:00:00.000Z',
  );
  await page.goto(`${s.url}/models/drink-recommender?from=2020-01-01T00:00:00.000Z&to=2020-01-02T00:00:00.000Z`);
  ({ body: h, query } = await next);
  assert.equal(query.get('from'), '2020-01-01T00:00:00.000Z');
  assert.equal(nonNull(seriesOf(h, ['latency.p95'])), 0);
  await waitForChartPoints(page, 'chart-latency', 0);
  assert.match(await page.getByTestId('chart-latency').innerText(), /No data in this range/);
  assert.equal(await page.getByTestId('model-tiles').count(), 0, 'headline tiles only for preset windows');
});

test('an LLM model page charts tokens', async () => {
  const health = nextAnswer<TimeseriesResult>(page, '/api/v1/metrics/timeseries', (q) =>
    q.get('metric')!.includes('inputTokens'),
  );
  await page.goto(`${s.url}/models/barista-assistant?range=24h`);
  const { body: h } = await health;
  assert.equal(await chartPoints(page, 'chart-tokens'), nonNull(seriesOf(h, ['inputTokens', 'outputTokens'])));
  assert.ok(nonNull(seriesOf(h, ['inputTokens'])) > 80, 'a day of token points (15-minute steps: 96)');
  await page.screenshot({ path: SHOTS + 'model-llm.png', fullPage: true });
});

test("endpoints page shows every endpoint's calls and error rate over the range from the summary answer", async () => {
  const summary = nextAnswer<MetricSummary>(page, '/api/v1/metrics/summary', (q) => q.get('groupBy') === 'endpoint');
  const ts = nextAnswer<TimeseriesResult>(page, '/api/v1/metrics/timeseries', (q) => q.get('groupBy') === 'endpoint');
  await page.goto(`${s.url}/endpoints?range=24h`);
  const [{ body: totals }, { body }] = await Promise.all([summary, ts]);
  const endpoints = [...listDemoModels().flatMap((m) => m.endpoints), STALE_MODEL.endpoint];
  await page.getByTestId('endpoints-table').waitFor();
  assert.equal(await page.getByTestId('endpoint-row').count(), endpoints.length);
  for (const ep of endpoints) {
    const values = totals.groups.find((g) => g.endpoint === ep)!.values;
    const row = page.locator(`[data-testid="endpoint-row"][data-endpoint="${ep}"]`);
    assert.equal(await row.getByTestId('cell-calls').innerText(), formatCount(values.calls ?? 0), `${ep} calls`);
    assert.equal(
      await row.getByTestId('cell-error-rate').innerText(),
      formatPercent(values.errorRate ?? null),
      `${ep} error rate`,
    );
  }
  assert.equal(await chartPoints(page, 'chart-endpoint-errors'), nonNull(seriesOf(body, ['errorRate'])));
  assert.equal(await chartPoints(page, 'chart-endpoint-p95'), nonNull(seriesOf(body, ['latency.p95'])));
  await page.screenshot({ path: SHOTS + 'endpoints.png', fullPage: true });
});

test('GET /api/v1/demo answering demo:true shows the "Demo data" banner', async () => {
  const res = await s.vigil.app.inject({ url: '/api/v1/demo' });
  assert.equal(res.statusCode, 200);
  await page.goto(s.url + '/');
  const banner = page.getByTestId('demo-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /^Demo data/);
  assert.match(await banner.innerText(), /drink-recommender/);
});

test('at phone width every page stacks without horizontal overflow', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    for (const [name, path, ready] of [
      ['overview', '/', 'sparkline'],
      ['model', '/models/drink-recommender?range=24h', 'chart-latency'],
      ['endpoints', '/endpoints?range=24h', 'chart-endpoint-p95'],
    ] as const) {
      await page.goto(s.url + path);
      await page.getByTestId(ready).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${name} is ${width}px wide at 375px`);
      await page.screenshot({ path: `${SHOTS}phone-${name}.png`, fullPage: true });
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('an unknown session returns to login, and logout ends the session on the server', async () => {
  await page.context().addCookies([{ name: 'vigil_session', value: 'forged-or-expired', url: s.url }]);
  await page.goto(s.url + '/endpoints');
  await page.getByTestId('login-form').waitFor();
  await page.screenshot({ path: SHOTS + 'login.png' });

  await logIn(page, s.adminKey);
  await page.getByTestId('endpoints-page').waitFor();
  const ended = (await sessionCookie(page))!.value;
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByTestId('login-form').waitFor();
  // The old cookie value no longer opens anything, even if someone kept a copy.
  const replay = await s.vigil.app.inject({ url: '/api/v1/models', headers: { cookie: `vigil_session=${ended}` } });
  assert.equal(replay.statusCode, 401);
});

test('the dashboard runs under the Content-Security-Policy: no violation reported on any page visited', () => {
  assert.deepEqual(browser.cspViolations, []);
});
