// The noisy rules page in a real Chromium against a real server: one rule fires on a real outage and on two
// blips resolved as false positives (the live scheduler driven round by round over the past hour). The page
// ranks it with the API's numbers, shows the replayed proposal and applies it in one click through the rules
// API; the rule change history then holds the change with its reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RuleHistoryResult, TuningResult } from '@vigil/protocol';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { formatFraction } from '../../../web/src/components/alerting/alerting-format.js';
import { formatCount } from '../../../web/src/format/format-value.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const MIN = 60_000;
const STEP = 30_000;
// On a whole minute, as the server-side tuning test: the blips are 3 whole minutes of cells, so live and replay
// see the same shape (the preview reads whole minute cells).
const END = Math.floor(Date.now() / MIN) * MIN;
const T0 = END - 60 * MIN;
const RULE_ID = `brew-errors-${randomBytes(3).toString('hex')}`;
const MODEL = `brew-${randomBytes(3).toString('hex')}`;

let s: TestServer;
let browser: TestBrowser;
type Json = Record<string, any>;

async function api<T = Json>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
  const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, now: () => END, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const events = [];
  for (let m = 0; m < 60; m++) {
    // A 10-minute outage at 50 % errors, two 3-minute blips at 25 %.
    const every = m >= 10 && m < 20 ? 2 : (m >= 30 && m < 33) || (m >= 45 && m < 48) ? 4 : 0;
    for (let k = 0; k < 20; k++)
      events.push({
        model: MODEL,
        endpoint: 'POST /v1/brew',
        timestamp: T0 + m * MIN + k * 3000,
        latencyMs: 40,
        status: every && k % every === 0 ? 'error' : 'ok',
      });
  }
  for (let i = 0; i < events.length; i += 1000)
    await api('POST', '/api/v1/events', { events: events.slice(i, i + 1000) });
  await s.vigil.pipeline.flush();
  await api('POST', '/api/v1/alerts/rules', {
    id: RULE_ID,
    name: 'Brew error rate high',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    runbook: 'https://runbooks.example/brew-errors',
    scope: { model: MODEL },
    metric: 'errorRate',
    window: '2m',
    comparator: '>',
    value: 0.2,
    for: '1m',
  });
  for (let t = T0 + MIN; t <= END; t += STEP) await s.vigil.app.alerting.scheduler.evaluateOnce(t);
  const { incidents } = await api<{ incidents: Json[] }>('GET', '/api/v1/incidents');
  const mine = incidents.filter((i) => i.ruleIds.includes(RULE_ID)).sort((a, b) => a.openedAt - b.openedAt);
  assert.equal(mine.length, 3);
  for (const [i, fp] of mine.map((i, n) => [i, n > 0] as const))
    await api('POST', `/api/v1/incidents/${i.id}/resolve`, { cause: fp ? 'blip' : 'bad deploy', falsePositive: fp });
  browser = await launchTestBrowser({ width: 1280, height: 800 });
  await signInBrowser(browser.page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('noisy rules page: ranks the rule with the API numbers; the proposal applies in one click and is in the history', async () => {
  const page = browser.page;
  page.setDefaultTimeout(20_000);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/alerts/tuning');
  await page.goto(s.url + '/alerts/tuning?range=1d');
  const stats = (await (await answer).json()) as TuningResult;
  const row = stats.rules.find((r) => r.ruleId === RULE_ID)!;
  assert.equal(stats.rules[0]!.ruleId, RULE_ID, 'the noisiest rule comes first');
  const tr = page.locator(`[data-testid="noisy-rule-row"][data-rule="${RULE_ID}"]`);
  assert.equal(await tr.getByTestId('firings').innerText(), formatCount(row.firings));
  assert.equal(row.firings, 3);
  assert.equal(
    await tr.getByTestId('false-positives').innerText(),
    `${formatCount(2)} of ${formatCount(3)}\n${formatFraction(2 / 3)}`,
  );
  await tr.getByTestId('propose').click();
  await page
    .getByTestId('tuning-proposal')
    .locator('[data-testid="proposed-change"], [data-testid="no-proposal"]')
    .waitFor();
  const proposed = page.getByTestId('proposed-change');
  assert.ok(await proposed.isVisible(), await page.getByTestId('tuning-proposal').innerText());
  assert.match(
    await proposed.innerText(),
    /for 1m → 2m.*removes 2 false positives, keeps 1 true incident \(1 firing in the replay\)/s,
  );
  await page.screenshot({ path: SHOTS + 'alerting-noisy-rules.png', fullPage: true });
  await page.getByTestId('apply-proposal').click();
  await page.getByTestId('applied').waitFor();
  assert.match(await page.getByTestId('applied').innerText(), /version 2/);
  const { changes } = await api<RuleHistoryResult>('GET', `/api/v1/alerts/rules/${RULE_ID}/history`);
  assert.equal(changes[0]!.change, 'update');
  assert.deepEqual(changes[0]!.fields, [{ field: 'for', before: '1m', after: '2m' }]);
  assert.match(changes[0]!.reason!, /^tuning: for 1m → 2m removes 2 of 2 false positives/);
});
