// An on-call run end to end with every channel kind on loopback (Slack, Teams, PagerDuty, webhook, SMTP):
// a model that fails and recovers, one slow but "healthy" by the dashboard's thresholds, one resolved by hand
// as a false positive while its alert still fires, an escalation, an acknowledgement and a digest. Then every
// URL in every payload is opened in Chromium and must show what it names; the overview and the model page
// must show the alert and incident state beside the numbers, linked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import type { Page } from 'playwright-core';
import { startLoopbackReceiver, type ReceivedRequest } from '../../src/alerting/channels/channel-test-support.js';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { computeModelStatus } from '../../../web/src/format/model-status.js';
import type { ModelList } from '@vigil/protocol';
import { ensureWebBuilt } from './dashboard-fixture.js';

type Json = Record<string, any>;
const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const MIN = 60_000;
const suffix = randomBytes(3).toString('hex');
const MODELS = { a: `brew-a-${suffix}`, b: `brew-b-${suffix}`, c: `brew-c-${suffix}` };
// The run ends at the real time, so the browser (real clock) and the server (still clock) agree on "now".
const END = Math.floor(Date.now() / MIN) * MIN;
const T0 = END - 40 * MIN;

let s: TestServer;
let browser: TestBrowser;
let page: Page;
let clock = T0 - 10 * MIN;
const receivers: Array<{ kind: string; url: string; requests: ReceivedRequest[]; close(): Promise<void> }> = [];
const mails: string[] = [];
let closeSmtp: () => Promise<void>;
const incidentIds: Record<string, string> = {};

async function api<T = Json>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
  const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return (res.statusCode === 204 ? null : res.json()) as T;
}

/** One call every 2 s per model, as each model behaves at `ts`. */
function callAt(model: string, ts: number, i: number): Json {
  if (model === MODELS.a) return { isError: ts >= T0 + 2 * MIN && ts < T0 + 6 * MIN, latencyMs: 40 };
  if (model === MODELS.b) return { isError: false, latencyMs: ts >= T0 + 20 * MIN ? 400 + (i % 9) : 40 };
  return { isError: ts >= T0 + 10 * MIN && i % 150 === 0, latencyMs: 40 };
}

const rule = (id: string, model: string, metric: string, value: number, window = '1m') => ({
  id,
  name: `${id} rule`,
  kind: 'threshold',
  area: 'API Performance',
  severity: 'critical',
  scope: { model },
  metric,
  window,
  comparator: '>',
  value,
  runbook: `https://runbooks.example/${id}`,
  summary: `${metric} {{value}}`,
});

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '10000' } });
  const scheduler = s.vigil.app.alerting.scheduler;
  await scheduler.stop(); // its timer's steps are taken below on the still clock

  const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };
  const pdOk = (req: ReceivedRequest) => ({
    status: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'success', dedup_key: (req.json as Json).dedup_key }),
  });
  for (const [kind, reply] of [
    ['slack', () => ({ status: 200, body: 'ok' })],
    ['teams', () => ({ status: 202, body: '' })],
    ['pagerduty', pdOk],
    ['webhook', () => ({ status: 200, body: 'ok' })],
  ] as const)
    receivers.push({ kind, ...(await startLoopbackReceiver(reply)) });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  closeSmtp = () => new Promise<void>((resolve) => smtp.close(() => resolve()));
  const url = (kind: string) => receivers.find((r) => r.kind === kind)!.url;
  const channels = [
    { id: 'pd-devops', kind: 'pagerduty', settings: { routingKey: 'R-devops', eventsUrl: url('pagerduty') } },
    { id: 'pd-ds', kind: 'pagerduty', settings: { routingKey: 'R-ds', eventsUrl: url('pagerduty') } },
    { id: 'ops-slack', kind: 'slack', settings: { webhookUrl: `${url('slack')}/ops` } },
    { id: 'biz-slack', kind: 'slack', settings: { webhookUrl: `${url('slack')}/biz` } },
    { id: 'ops-teams', kind: 'teams', settings: { webhookUrl: url('teams') } },
    { id: 'ops-hook', kind: 'webhook', settings: { url: url('webhook') } },
    {
      id: 'mail',
      kind: 'email',
      settings: {
        host: '127.0.0.1',
        port: (smtp.server.address() as AddressInfo).port,
        ignoreTls: true,
        from: 'vigil@example.com',
        to: ['ops@example.com'],
      },
    },
  ];
  for (const c of channels)
    await api('POST', '/api/v1/channels', { ...c, name: c.id, settings: { ...c.settings, retry: fast } });
  const digestAt = new Date(T0 + 30 * MIN).toISOString().slice(11, 16);
  for (const team of [
    { name: 'DevOps', channels: { page: ['pd-devops'], notify: ['ops-slack', 'ops-teams', 'ops-hook', 'mail'] } },
    { name: 'Data Science', channels: { page: ['pd-ds'], notify: [] } },
    { name: 'Business', channels: { page: [], notify: ['biz-slack'] } }, // ACCOUNTABLE: open and resolve
    { name: 'InfoSec', channels: { page: [], notify: [] }, digest: { time: digestAt, timeZone: 'UTC' } }, // REVIEW
  ])
    await api('POST', '/api/v1/teams', {
      members: [],
      ...team,
      channels: { ...team.channels, digest: team.name === 'InfoSec' ? ['mail'] : [] },
    });
  await api('PUT', '/api/v1/escalation-policy', {
    policy: {
      levels: [
        { name: 'L1', team: 'DevOps', ackTimeoutMs: 3 * MIN },
        { name: 'L2', team: 'Data Science', ackTimeoutMs: 15 * MIN },
        { name: 'L3', team: 'InfoSec', ackTimeoutMs: 15 * MIN },
        { name: 'Executive', team: 'Executive', ackTimeoutMs: 0 },
      ],
      executiveImpactUsd: 10_000,
      reminderAfterMs: 4 * 3_600_000,
      reminderIntervalMs: 4 * 3_600_000,
    },
  });
  await api('POST', '/api/v1/alerts/rules', rule('brew-a-errors', MODELS.a, 'errorRate', 0.05));
  await api('POST', '/api/v1/alerts/rules', rule('brew-b-p95', MODELS.b, 'latency.p95', 300));
  await api('POST', '/api/v1/alerts/rules', rule('brew-c-errors', MODELS.c, 'errorRate', 0.003, '5m'));

  let sentUpTo = clock;
  let i = 0;
  while (clock < END) {
    clock = Math.min(END, Math.max(clock, await scheduler.nextWakeAt(clock)));
    const events: Json[] = [];
    for (; sentUpTo < clock; sentUpTo += 2000, i++)
      for (const model of Object.values(MODELS)) {
        const c = callAt(model, sentUpTo, i);
        events.push({
          model,
          endpoint: 'POST /v1/brew',
          requestId: `${model}-${i}`,
          timestamp: sentUpTo,
          latencyMs: c.latencyMs,
          status: c.isError ? 'error' : 'ok',
          prediction: 'espresso',
        });
      }
    for (let k = 0; k < events.length; k += 1000)
      await api('POST', '/api/v1/events', { events: events.slice(k, k + 1000) });
    await s.vigil.pipeline.flush();
    await scheduler.runDue(clock);
    // People: C resolved as a false positive while it fires; B acknowledged.
    for (const [model, action, at] of [
      [MODELS.c, 'resolve', T0 + 15 * MIN],
      [MODELS.b, 'acknowledge', T0 + 25 * MIN],
    ] as const) {
      if (clock < at || incidentIds[`${model}:${action}`]) continue;
      const [open] = (await api<{ incidents: Json[] }>('GET', `/api/v1/incidents?model=${model}&status=open`))
        .incidents;
      if (!open) continue;
      incidentIds[`${model}:${action}`] = open.id;
      await api(
        'POST',
        `/api/v1/incidents/${open.id}/${action}`,
        action === 'resolve' ? { cause: 'a load test against production', falsePositive: true } : undefined,
      );
    }
  }
  // Ground truth for B: 20 labels that join, 5 that join nothing.
  const labels = [
    ...Array.from({ length: 20 }, (_, k) => ({ model: MODELS.b, requestId: `${MODELS.b}-${k}`, label: 'espresso' })),
    ...Array.from({ length: 5 }, (_, k) => ({ model: MODELS.b, requestId: `unknown-${k}`, label: 'latte' })),
  ];
  const answer = await api('POST', '/api/v1/labels', { labels });
  assert.equal(answer.unmatched.count, 5);
  await s.vigil.pipeline.flush();

  browser = await launchTestBrowser({ width: 1280, height: 800 });
  page = browser.page;
  page.setDefaultTimeout(10_000);
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await closeSmtp?.();
});

/** Every http(s) URL in a payload; e-mails are quoted-printable. */
function urlsIn(text: string): string[] {
  const decoded = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return [...decoded.matchAll(/https?:\/\/[^\s"'<>\\)]+/g)].map((m) => m[0].replace(/[.,;]$/, ''));
}

test('every URL in every channel payload opens the dashboard page it names', async () => {
  const payloads = [
    ...receivers.flatMap((r) => r.requests.map((q) => ({ kind: r.kind, body: q.body }))),
    ...mails.map((body) => ({ kind: 'email', body })),
  ];
  const kinds = new Set(payloads.map((p) => p.kind));
  assert.deepEqual([...kinds].sort(), ['email', 'pagerduty', 'slack', 'teams', 'webhook']);
  assert.ok(
    mails.some((m) => /daily digest/.test(m)),
    'the digest went out too',
  );
  const urls = new Map<string, string>();
  for (const p of payloads) for (const u of urlsIn(p.body)) if (!urls.has(u)) urls.set(u, p.kind);
  // The rules' runbooks are the users' own pages, and the Adaptive Card's `$schema` names its format: every
  // other URL is a link into Vigil.
  const vigil = [...urls.keys()].filter(
    (u) => !u.startsWith('https://runbooks.example/') && u !== 'http://adaptivecards.io/schemas/adaptive-card.json',
  );
  assert.ok(vigil.length >= 5, `links found: ${vigil.join(' ')}`);
  const incidents = (await api<{ incidents: Json[] }>('GET', '/api/v1/incidents')).incidents;
  const seen = { incident: 0, rule: 0, root: 0 };
  for (const u of vigil) {
    assert.ok(u.startsWith(s.url), `${u} (in ${urls.get(u)}) points at this Vigil, ${s.url}`);
    await page.goto(u);
    const path = new URL(u).pathname.replace(/\/$/, '');
    const incident = /^\/incidents\/([^/]+)$/.exec(path);
    const ruleId = /^\/alerts\/rules\/([^/]+)$/.exec(path);
    if (incident) {
      const i = incidents.find((x) => x.id === decodeURIComponent(incident[1]!));
      assert.ok(i, `${u}: an incident of this run`);
      assert.equal(await page.getByTestId('incident-title').innerText(), i.title, u);
      seen.incident++;
    } else if (ruleId) {
      assert.equal(await page.getByTestId('rule-id').inputValue(), decodeURIComponent(ruleId[1]!), u);
      seen.rule++;
    } else {
      assert.equal(path, '', `${u}: a page this test knows`);
      await page.getByTestId('overview-page').waitFor();
      seen.root++;
    }
    assert.doesNotMatch(await page.locator('main, body').first().innerText(), /No page at/, u);
  }
  assert.ok(seen.incident >= 3 && seen.rule >= 3 && seen.root >= 1, JSON.stringify(seen));
});

test('the overview and the model page show alert and incident state beside the numbers, linked; never "healthy" over a firing critical alert', async () => {
  const models = (await api<ModelList>('GET', '/api/v1/models?window=1h')).models;
  const b = models.find((m) => m.model === MODELS.b)!;
  // B's numbers alone look fine: p95 ~400 ms, no errors. Alerting says otherwise.
  assert.equal(computeModelStatus(b, clock).status, 'healthy');
  const [openB] = (await api<{ incidents: Json[] }>('GET', `/api/v1/incidents?model=${MODELS.b}&status=acknowledged`))
    .incidents;
  assert.ok(openB, 'B has an acknowledged incident');
  const firingC = (await api<{ alerts: Json[] }>('GET', '/api/v1/alerts?state=firing')).alerts.find(
    (a) => a.labels.model === MODELS.c,
  );
  assert.ok(firingC, 'C still fires after its incident was resolved by hand');

  await page.goto(s.url + '/?range=1h');
  const row = (m: string) => page.locator(`[data-testid="model-row"][data-model="${m}"]`);
  await row(MODELS.b).getByTestId('cell-alerts').waitFor();
  assert.equal(await row(MODELS.b).getByTestId('cell-status').textContent(), 'alerting');
  assert.equal(await row(MODELS.c).getByTestId('cell-status').textContent(), 'alerting');
  assert.equal(await row(MODELS.a).getByTestId('cell-alerts').innerText(), 'No alerts');
  const bLink = row(MODELS.b).getByTestId('alert-state-link').first();
  assert.equal(await bLink.getAttribute('href'), `/incidents/${openB.id}`);
  assert.match(await bLink.innerText(), /^Acknowledged incident: /);
  const cLink = row(MODELS.c).getByTestId('alert-state-link').first();
  assert.equal(await cLink.getAttribute('href'), `/alerts/rules/brew-c-errors`);
  for (const m of Object.values(MODELS))
    assert.notEqual(
      await row(m).getByTestId('cell-status').textContent(),
      'healthy',
      `${m} has an alert or incident history`,
    );
  await page.screenshot({ path: `${SHOTS}issue12-overview-alert-state.png`, fullPage: true });

  await page.goto(`${s.url}/models/${MODELS.b}?range=1h`);
  await page.getByTestId('model-alerts').waitFor();
  assert.equal(await page.getByTestId('model-status').textContent(), 'alerting');
  await page.screenshot({ path: `${SHOTS}issue12-model-alert-state.png` });
  await page.getByTestId('model-alerts').getByTestId('alert-state-link').first().click();
  await page.getByTestId('incident-title').waitFor();
  assert.equal(new URL(page.url()).pathname, `/incidents/${openB.id}`);

  await page.goto(`${s.url}/models/${MODELS.b}/performance?range=1h`);
  const tile = page.getByTestId('tile-unmatched-labels');
  await tile.waitFor();
  assert.match(await tile.innerText(), /20(\.0)?\s?% \(5 of 25\)/);
  await page.screenshot({ path: `${SHOTS}issue12-performance-unmatched.png` });
  await page.goto(`${s.url}/teams`);
  await page.locator('[data-team="InfoSec"] [data-testid="team-digest"]').waitFor();
  assert.match(
    await page.locator('[data-team="InfoSec"] [data-testid="team-digest"]').innerText(),
    /daily at \d\d:\d\d UTC/,
  );
  await page.locator('[data-team="InfoSec"] [data-testid="edit-team"]').click();
  await page.getByTestId('team-digest-zone').waitFor();
  await page.screenshot({ path: `${SHOTS}issue12-team-digest.png`, fullPage: true });
});
