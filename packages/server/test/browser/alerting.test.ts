// The alerting pages in a real Chromium against a real server: rules, alerts, incidents, RACI, teams and
// SLOs are made through the real API (events ingested, the scheduler driven round by round with a still
// clock), and every number on a page is compared with the API's answer run through the page's formatters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { findOnCall } from '../../src/alerting/routing/on-call-rotation.js';
import {
  formatAlertValue,
  formatBurnRate,
  formatFraction,
  formatTime,
} from '../../../web/src/components/alerting/alerting-format.js';
import { formatCount } from '../../../web/src/format/format-value.js';
import type {
  AlertView,
  Incident,
  IncidentDetail,
  RaciRow,
  RulePreviewResult,
  SloStatus,
  StoredRule,
} from '@vigil/protocol';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const MIN = 60_000;
const STEP = 30_000;

const suffix = randomBytes(3).toString('hex');
const MODEL = `brew-predictor-${suffix}`;
const ENDPOINT = 'POST /v1/brew';
// The still clock sits on the evaluation grid, so the page's preview and the test's preview replay the same rounds.
const T0 = Math.floor(Date.now() / STEP) * STEP;
/** Two slow spells: the first fires and resolves (a resolved incident), the second is firing now. */
const SLOW = [
  [T0 - 100 * MIN, T0 - 80 * MIN],
  [T0 - 15 * MIN, T0 + 1],
] as const;

let s: TestServer;
let browser: TestBrowser;
let page: Page;
type Json = Record<string, any>;

async function api<T = Json>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
  const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return (res.statusCode === 204 ? null : res.json()) as T;
}

const rule = (over: Json) => ({
  area: 'API Performance',
  severity: 'critical',
  kind: 'threshold',
  scope: { model: MODEL },
  metric: 'latency.p95',
  window: '2m',
  comparator: '>',
  value: 500,
  runbook: '1. Check the espresso GPU pool.\n2. Roll back the last brew-model deploy.',
  ...over,
});

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, now: () => T0, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });

  // Two hours of calls every 10 s: 50 ms normally, 2 s in the slow spells, 1 in 40 failing.
  const events = [];
  for (let t = T0 - 120 * MIN, i = 0; t < T0; t += 10_000, i++) {
    const slow = SLOW.some(([a, b]) => t >= a && t < b);
    events.push({
      model: MODEL,
      endpoint: ENDPOINT,
      timestamp: t,
      latencyMs: slow ? 2000 + (i % 7) : 50 + (i % 5),
      ...(i % 40 === 0 && { status: 'error', errorType: 'Timeout' }),
    });
  }
  await api('POST', '/api/v1/events', { events });
  await s.vigil.pipeline.flush();

  await api('POST', '/api/v1/channels', {
    id: 'ops-mail',
    name: 'Ops mailbox',
    kind: 'email',
    settings: { host: '127.0.0.1', port: 2525, from: 'vigil@example.com', to: ['ops@example.com'] },
  });
  await api('POST', '/api/v1/teams', {
    name: 'DevOps',
    members: [
      { id: 'ana', name: 'Ana Ruiz', email: 'ana@example.com' },
      { id: 'bo', name: 'Bo Chen' },
    ],
    rotation: { startsAt: Date.UTC(2025, 0, 6, 9), handoffWeekday: 1, handoffHour: 9, memberIds: ['ana', 'bo'] },
    channels: { page: [], notify: [], digest: ['ops-mail'] },
  });
  await api(
    'POST',
    '/api/v1/alerts/rules',
    rule({
      id: 'brew-p95',
      name: 'Brew p95 latency high',
      for: '1m',
      businessImpactUsdPerHour: 1200,
      summary: 'p95 is {{value}} ms',
    }),
  );
  await api(
    'POST',
    '/api/v1/alerts/rules',
    rule({ id: 'brew-p95-slow', name: 'Brew p95 high for an hour', severity: 'warning', for: '1h' }),
  );
  await api(
    'POST',
    '/api/v1/alerts/rules',
    rule({
      id: 'brew-traffic',
      name: 'Brew traffic seen',
      area: 'Infrastructure',
      severity: 'info',
      metric: 'calls',
      window: '5m',
      value: 0,
    }),
  );
  await api('POST', '/api/v1/silences', {
    matchers: [{ name: 'alertname', op: '=', value: 'Brew traffic seen' }],
    startsAt: T0 - 200 * MIN,
    endsAt: T0 + 60 * MIN,
    comment: 'known noise',
    createdBy: 'test',
  });
  await api('POST', '/api/v1/slos', {
    id: 'brew-availability',
    name: 'Brew availability',
    kind: 'availability',
    model: MODEL,
    objectivePercent: 99.9,
  });

  const scheduler = s.vigil.app.alerting.scheduler;
  for (let now = T0 - 110 * MIN; now <= T0; now += STEP) await scheduler.evaluateOnce(now);

  browser = await launchTestBrowser({ width: 1280, height: 800 });
  page = browser.page;
  page.setDefaultTimeout(10_000);
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

/** The JSON of the next 2xx answer to `method path`. */
function nextAnswer<T>(path: string | RegExp, method = 'GET'): Promise<T> {
  return page
    .waitForResponse((r) => {
      const p = new URL(r.url()).pathname;
      return r.request().method() === method && (typeof path === 'string' ? p === path : path.test(p));
    })
    .then(async (r) => {
      assert.ok(r.status() < 300, `${r.url()} answered ${r.status()}`);
      return (await r.json()) as T;
    });
}

test('alerts page: firing, pending and silenced alerts as /api/v1/alerts holds them', async () => {
  const answer = nextAnswer<{ alerts: AlertView[] }>('/api/v1/alerts');
  await page.goto(s.url + '/alerts');
  const { alerts } = await answer;
  assert.deepEqual(alerts, (await api<{ alerts: AlertView[] }>('GET', '/api/v1/alerts')).alerts);
  const firing = alerts.filter((a) => a.state === 'firing' && !a.isSilenced);
  const pending = alerts.filter((a) => a.state === 'pending' && !a.isSilenced);
  const silenced = alerts.filter((a) => a.state !== 'resolved' && a.isSilenced);
  assert.deepEqual(
    [firing, pending, silenced].map((l) => l.map((a) => a.ruleId)),
    [['brew-p95'], ['brew-p95-slow'], ['brew-traffic']],
  );
  for (const [id, list] of [
    ['alerts-firing', firing],
    ['alerts-pending', pending],
    ['alerts-silenced', silenced],
  ] as const) {
    assert.equal(await page.getByTestId(`${id}-count`).innerText(), `(${list.length})`);
    for (const a of list) {
      const row = page.getByTestId(id).locator(`[data-fingerprint="${a.fingerprint}"]`);
      assert.equal(await row.getByTestId('cell-value').innerText(), formatAlertValue(a.value), `${a.ruleId} value`);
    }
  }
  assert.match(await page.getByTestId('alerts-silenced').innerText(), /silence/);
  assert.equal(await page.getByTestId('silence-row').count(), 1);
  await page.screenshot({ path: SHOTS + 'alerting-alerts.png', fullPage: true });
});

test('rule editor: the preview count equals the preview API, and Create stores the rule', async () => {
  const rules = nextAnswer<{ rules: StoredRule[] }>('/api/v1/alerts/rules');
  await page.goto(s.url + '/alerts/rules');
  const expectedRows = (await rules).rules.length;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="rule-row"]').length === n, expectedRows);
  await page.screenshot({ path: SHOTS + 'alerting-rules.png', fullPage: true });

  await page.getByTestId('new-rule').click();
  await page.getByTestId('rule-form').waitFor();
  await page.getByTestId('rule-id').fill('brew-p95-ui');
  await page.getByTestId('rule-name').fill('Brew p95 (from the UI)');
  await page.getByTestId('rule-severity').selectOption('error');
  await page.getByTestId('rule-model').fill(MODEL);
  await page.getByTestId('rule-metric').fill('latency.p95');
  await page.getByTestId('rule-window').fill('2m');
  await page.getByTestId('rule-for').fill('1m');
  await page.getByTestId('rule-runbook').fill('https://runbooks.example/brew-latency');
  // The last edit completes the rule: the preview that follows is of the whole rule.
  const preview = nextAnswer<RulePreviewResult>('/api/v1/alerts/rules/preview', 'POST');
  await page.getByTestId('rule-value').fill('500');
  const shown = await preview;
  await page.waitForFunction(
    () => document.querySelector('[data-testid="rule-preview"]')?.getAttribute('data-status') === 'ok',
  );

  const expected = {
    id: 'brew-p95-ui',
    name: 'Brew p95 (from the UI)',
    enabled: true,
    kind: 'threshold',
    area: 'API Performance',
    severity: 'error',
    scope: { model: MODEL },
    metric: 'latency.p95',
    window: '2m',
    comparator: '>',
    value: 500,
    for: '1m',
    runbook: 'https://runbooks.example/brew-latency',
  };
  const direct = await api<RulePreviewResult>('POST', '/api/v1/alerts/rules/preview', { rule: expected, range: '7d' });
  assert.equal(shown.firings, direct.firings);
  assert.equal(direct.firings, 2, 'both slow spells fire the rule over the past week');
  assert.equal(await page.getByTestId('preview-firings').innerText(), formatCount(direct.firings));
  assert.equal(
    Number(await page.getByTestId('preview-chart').getAttribute('data-points')),
    direct.values.filter((v) => v[1] !== null).length,
  );
  await page.screenshot({ path: SHOTS + 'alerting-rule-editor.png', fullPage: true });

  const created = nextAnswer<{ rule: StoredRule }>('/api/v1/alerts/rules', 'POST');
  await page.getByTestId('rule-save').click();
  await created;
  await page.waitForURL(/\/alerts\/rules\/brew-p95-ui$/);
  const stored = await api<{ rule: StoredRule }>('GET', '/api/v1/alerts/rules/brew-p95-ui');
  assert.deepEqual({ ...stored.rule.rule }, expected);
  assert.equal(stored.rule.source, 'api');
});

test('incidents: the list and detail show the API incident; acknowledge, comment and resolve go through the API', async () => {
  const answer = nextAnswer<{ incidents: Incident[] }>('/api/v1/incidents');
  await page.goto(s.url + '/incidents');
  const { incidents } = await answer;
  assert.deepEqual(incidents.map((i) => i.status).sort(), ['open', 'resolved']);
  assert.equal(await page.getByTestId('incident-row').count(), incidents.length);
  for (const i of incidents)
    assert.equal(await page.locator(`[data-incident="${i.id}"]`).getByTestId('cell-status').textContent(), i.status);
  await page.getByTestId('incident-metrics').waitFor();
  await page.screenshot({ path: SHOTS + 'alerting-incidents.png', fullPage: true });

  const open = incidents.find((i) => i.status === 'open')!;
  const detail = nextAnswer<IncidentDetail>(`/api/v1/incidents/${open.id}`);
  await page.locator(`[data-incident="${open.id}"] a`).first().click();
  const d = await detail;
  assert.equal(await page.getByTestId('incident-title').innerText(), d.incident.title);
  assert.equal(await page.getByTestId('timeline-entry').count(), d.timeline.length);
  assert.equal(await page.getByTestId('fact-team').innerText(), 'DevOps');
  assert.equal(await page.getByTestId('fact-impact').innerText(), '$1,200/h');
  assert.match(await page.getByTestId('incident-runbook').innerText(), /espresso GPU pool/);
  assert.ok((await page.getByTestId('incident-model-link').getAttribute('href'))!.startsWith(`/models/${MODEL}?from=`));

  let reloaded = nextAnswer<IncidentDetail>(`/api/v1/incidents/${open.id}`);
  await page.getByTestId('acknowledge').click();
  await reloaded;
  await page.waitForFunction(
    () => document.querySelector('[data-testid="incident-status"]')?.textContent === 'acknowledged',
  );
  let now = (await api<IncidentDetail>('GET', `/api/v1/incidents/${open.id}`)).incident;
  assert.equal(now.status, 'acknowledged');
  assert.equal(now.acknowledgedAt, T0);
  assert.ok(now.acknowledgedBy, 'the API key name is recorded');

  reloaded = nextAnswer<IncidentDetail>(`/api/v1/incidents/${open.id}`);
  await page.getByTestId('comment-text').fill('GPU pool drained by a batch job; moving it off');
  await page.getByTestId('comment-submit').click();
  await reloaded;
  const timeline = (await api<IncidentDetail>('GET', `/api/v1/incidents/${open.id}`)).timeline;
  assert.ok(
    timeline.some((e) => e.kind === 'comment' && e.message === 'GPU pool drained by a batch job; moving it off'),
  );

  reloaded = nextAnswer<IncidentDetail>(`/api/v1/incidents/${open.id}`);
  await page.getByTestId('resolve-cause').fill('batch job on the inference GPUs');
  await page.getByTestId('resolve-false-positive').check();
  await page.getByTestId('resolve').click();
  const after = await reloaded;
  await page.waitForFunction(
    () => document.querySelector('[data-testid="incident-status"]')?.textContent === 'resolved',
  );
  now = (await api<IncidentDetail>('GET', `/api/v1/incidents/${open.id}`)).incident;
  assert.deepEqual(
    [now.status, now.cause, now.isFalsePositive, now.resolvedAt],
    ['resolved', 'batch job on the inference GPUs', true, T0],
  );
  assert.equal(await page.getByTestId('timeline-entry').count(), after.timeline.length);
  assert.equal(await page.getByTestId('fact-cause').innerText(), 'batch job on the inference GPUs');
  assert.equal(await page.getByTestId('fact-false-positive').innerText(), 'yes');
  await page.screenshot({ path: SHOTS + 'alerting-incident.png', fullPage: true });
});

test('RACI editor: changing a cell and saving stores it through PUT /api/v1/raci', async () => {
  const answer = nextAnswer<{ rows: RaciRow[] }>('/api/v1/raci');
  await page.goto(s.url + '/raci');
  const { rows } = await answer;
  for (const r of rows) {
    for (const [team, role] of Object.entries(r.roles)) {
      assert.equal(
        await page.locator(`[data-area="${r.area}"] [data-team="${team}"]`).inputValue(),
        role,
        `${r.area} / ${team}`,
      );
    }
  }
  assert.equal(rows.find((r) => r.area === 'Data Quality')!.roles.Business, 'INFORMED');
  // Two PRIMARY teams in one area: the editor refuses before asking the server.
  await page.locator('[data-area="Data Quality"] [data-team="DevOps"]').selectOption('PRIMARY');
  await page.getByTestId('raci-problems').waitFor();
  assert.equal(await page.getByTestId('raci-save').isDisabled(), true);
  await page.locator('[data-area="Data Quality"] [data-team="DevOps"]').selectOption('SUPPORT');

  await page.locator('[data-area="Data Quality"] [data-team="Business"]').selectOption('ACCOUNTABLE');
  const saved = nextAnswer<{ rows: RaciRow[] }>('/api/v1/raci', 'PUT');
  await page.getByTestId('raci-save').click();
  await saved;
  await page.getByTestId('raci-result').waitFor();
  const stored = await api<{ rows: RaciRow[] }>('GET', '/api/v1/raci');
  const dq = stored.rows.find((r) => r.area === 'Data Quality')!;
  assert.equal(dq.roles.Business, 'ACCOUNTABLE');
  assert.equal(dq.roles.DevOps, 'SUPPORT');
  assert.deepEqual(
    stored.rows.filter((r) => r.area !== 'Data Quality'),
    rows.filter((r) => r.area !== 'Data Quality'),
    'other rows unchanged',
  );
  await page.screenshot({ path: SHOTS + 'alerting-raci.png', fullPage: true });
});

test("teams page shows who is on call (the API's answer, by the server's rotation code), and the team channels", async () => {
  const answer = nextAnswer<{ teams: Json[] }>('/api/v1/teams');
  await page.goto(s.url + '/teams');
  const { teams } = await answer;
  const devops = teams.find((t) => t.name === 'DevOps')!;
  assert.equal(devops.onCall.memberId, findOnCall(devops.rotation, T0)!.memberId);
  const card = page.locator('[data-team="DevOps"]');
  assert.equal(
    await card.getByTestId('team-oncall').innerText(),
    `${devops.onCall.name} until ${formatTime(devops.onCall.endsAt)}`,
  );
  assert.equal(
    await card.getByTestId('team-next-shifts').innerText(),
    devops.nextShifts.map((x: Json) => `${x.name} from ${formatTime(x.startsAt)}`).join('; '),
  );
  assert.match(await card.innerText(), /Ops mailbox \(email\)/);
  await page.screenshot({ path: SHOTS + 'alerting-teams.png', fullPage: true });
});

test('SLO page shows the error budget remaining and burn rates of /api/v1/slos/:id/status', async () => {
  const answer = nextAnswer<{ status: SloStatus }>('/api/v1/slos/brew-availability/status');
  await page.goto(s.url + '/slos');
  const { status } = await answer;
  assert.ok(status.totalEvents > 0 && status.badEvents > 0);
  const card = page.locator('[data-slo="brew-availability"]');
  await card.getByTestId('slo-remaining').waitFor();
  assert.equal(await card.getByTestId('slo-remaining').innerText(), formatFraction(status.remainingFraction));
  for (const w of ['5m', '30m', '1h', '6h', '3d'])
    assert.equal(
      await card.getByTestId(`burn-${w}`).innerText(),
      formatBurnRate(status.burnRates[w] ?? null),
      `burn ${w}`,
    );
  assert.equal(
    await card.getByTestId('slo-alerts').innerText(),
    status.page ? 'page (fast burn)' : status.ticket ? 'ticket (slow burn)' : 'none',
  );
  await page.screenshot({ path: SHOTS + 'alerting-slos.png', fullPage: true });
});

test('at phone width every alerting page fits 375 px', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const incidents = (await api<{ incidents: Incident[] }>('GET', '/api/v1/incidents')).incidents;
    for (const [name, path, ready] of [
      ['alerts', '/alerts', 'alerts-firing'],
      ['rule-editor', '/alerts/rules/brew-p95', 'rule-preview'],
      ['incidents', '/incidents', 'incidents-table'],
      ['incident', `/incidents/${incidents[0]!.id}`, 'timeline'],
      ['raci', '/raci', 'raci-table'],
      ['teams', '/teams', 'team-card'],
      ['slos', '/slos', 'slo-remaining'],
    ] as const) {
      await page.goto(s.url + path);
      await page.getByTestId(ready).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: `${SHOTS}phone-alerting-${name}.png`, fullPage: true });
      assert.ok(width <= 375, `${name} is ${width}px wide at 375px`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});
