// The alerting configuration pages in a real Chromium against a real server: silences, maintenance windows,
// SLOs, channels and the escalation policy are created through the forms and read back from the API; a refused
// input shows the server's own message under the field it names; the teams page shows the API's on-call member.
// The server's clock stands a week behind the browser's, so an on-call name computed in the browser would differ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startLoopbackReceiver } from '../../src/alerting/channels/channel-test-support.js';
import { findOnCall } from '../../src/alerting/routing/on-call-rotation.js';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import type { Channel, EscalationPolicyBody, MaintenanceWindow, Silence, SloBody, TeamView } from '@vigil/protocol';
import { describeSchedule } from '../../../web/src/components/alerting/alerting-format.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const WEEK = 7 * 86_400_000;
const SERVER_NOW = Date.now() - WEEK;

let s: TestServer;
let browser: TestBrowser;
let page: Page;
let slack: Awaited<ReturnType<typeof startLoopbackReceiver>>;
type Json = Record<string, any>;

async function api<T = Json>(
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
}

/** The status and JSON of the next answer to `method path`, whatever its status. */
function nextAnswer<T = Json>(path: string, method: string): Promise<{ status: number; body: T }> {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === method)
    .then(async (r) => ({ status: r.status(), body: (r.status() === 204 ? null : await r.json()) as T }));
}

/** Submits with `click`, expects a 400 from `method path`, and checks the page shows its message under the field. */
async function expectRefusal(path: string, method: string, click: () => Promise<void>, field: RegExp): Promise<string> {
  const answer = nextAnswer<{ message: string }>(path, method);
  await click();
  const { status, body } = await answer;
  assert.equal(status, 400);
  assert.match(body.message, field, 'the server names the field');
  const shown = page.getByTestId('field-problem');
  await shown.waitFor();
  assert.equal(await shown.innerText(), body.message, "the page shows the server's message under the field");
  return body.message;
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  s = await startTestServer({ listen: true, now: () => SERVER_NOW, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  page = browser.page;
  page.setDefaultTimeout(10_000);
  page.on('dialog', (d) => void d.accept()); // Delete asks for confirmation
  await signInBrowser(page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
  await slack?.close();
});

test('silences: a bad regex shows the server message; a silence made in the form is in the API; expire and delete', async () => {
  await page.goto(s.url + '/silences?matcher=alertname%3DBrew%20p95%20latency%20high');
  await page.getByTestId('silence-editor').waitFor();
  assert.equal(
    await page.getByTestId('matcher-value').inputValue(),
    'Brew p95 latency high',
    'pre-filled from ?matcher=',
  );
  await page.getByTestId('matcher-add').click();
  await page.getByTestId('matcher-name').nth(1).fill('model');
  await page.getByTestId('matcher-op').nth(1).selectOption('=~');
  await page.getByTestId('matcher-value').nth(1).fill('brew-(');
  await page.getByTestId('silence-comment').fill('espresso machine descaling');
  await page.getByTestId('silence-created-by').fill('ana');
  await expectRefusal(
    '/api/v1/silences',
    'POST',
    () => page.getByTestId('silence-save').click(),
    /^body\.matchers: "brew-\(" is not a valid regular expression/,
  );

  await page.getByTestId('matcher-value').nth(1).fill('brew-.*');
  const created = nextAnswer<{ silence: Silence }>('/api/v1/silences', 'POST');
  await page.getByTestId('silence-save').click();
  const { status, body } = await created;
  assert.equal(status, 201);
  const stored = (await api<{ silence: Silence }>('GET', `/api/v1/silences/${body.silence.id}`)).body.silence;
  assert.deepEqual(stored.matchers, [
    { name: 'alertname', op: '=', value: 'Brew p95 latency high' },
    { name: 'model', op: '=~', value: 'brew-.*' },
  ]);
  assert.deepEqual(
    [stored.comment, stored.createdBy, stored.endsAt - stored.startsAt],
    ['espresso machine descaling', 'ana', 2 * 3_600_000],
  );
  const row = page.locator(`[data-silence="${stored.id}"]`);
  assert.equal(await row.getByTestId('silence-state').textContent(), 'active');
  await page.screenshot({ path: SHOTS + 'alerting-silences.png', fullPage: true });

  const expired = nextAnswer('/api/v1/silences/' + stored.id, 'PUT');
  await row.getByTestId('silence-expire').click();
  assert.equal((await expired).status, 200);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-silence="${id}"]`)?.getAttribute('data-state') === 'expired',
    stored.id,
  );
  assert.ok(
    (await api<{ silence: Silence }>('GET', `/api/v1/silences/${stored.id}`)).body.silence.endsAt <= Date.now(),
  );
  const deleted = nextAnswer('/api/v1/silences/' + stored.id, 'DELETE');
  await page.locator(`[data-silence="${stored.id}"]`).getByTestId('silence-delete').click();
  assert.equal((await deleted).status, 204);
  assert.equal((await api('GET', `/api/v1/silences/${stored.id}`)).status, 404);
  await page.getByText('No silences.').waitFor();
});

test('maintenance windows: a bad weekly duration is refused naming schedule.duration; the window is stored as typed', async () => {
  await page.goto(s.url + '/maintenance');
  await page.getByText('No maintenance windows.').waitFor();
  await page.getByTestId('new-maintenance').click();
  await page.getByTestId('maintenance-description').fill('Espresso GPU driver upgrade');
  await page.getByTestId('maintenance-models').fill('brew-predictor, latte-art-checker');
  await page.locator('[data-testid="maintenance-area"][data-area="Infrastructure"]').check();
  await page.getByTestId('maintenance-kind').selectOption('weekly');
  await page.getByTestId('maintenance-weekday').nth(3).check(); // Wednesday, beside the default Sunday
  await page.getByTestId('maintenance-start-time').fill('23:30');
  await page.getByTestId('maintenance-duration').fill('2 hours');
  await expectRefusal(
    '/api/v1/maintenance-windows',
    'POST',
    () => page.getByTestId('maintenance-save').click(),
    /^body\.schedule\.duration: /,
  );

  await page.getByTestId('maintenance-duration').fill('2h');
  const created = nextAnswer<{ maintenanceWindow: MaintenanceWindow }>('/api/v1/maintenance-windows', 'POST');
  await page.getByTestId('maintenance-save').click();
  const { status, body } = await created;
  assert.equal(status, 201);
  const stored = (
    await api<{ maintenanceWindow: MaintenanceWindow }>(
      'GET',
      `/api/v1/maintenance-windows/${body.maintenanceWindow.id}`,
    )
  ).body.maintenanceWindow;
  assert.deepEqual(
    { ...stored, id: undefined },
    {
      id: undefined,
      description: 'Espresso GPU driver upgrade',
      scope: { models: ['brew-predictor', 'latte-art-checker'], areas: ['Infrastructure'] },
      schedule: { kind: 'weekly', weekdays: [0, 3], startTime: '23:30', duration: '2h' },
    },
  );
  const row = page.locator(`[data-window="${stored.id}"]`);
  assert.equal(await row.getByTestId('maintenance-schedule').innerText(), describeSchedule(stored.schedule));
  await page.screenshot({ path: SHOTS + 'alerting-maintenance.png', fullPage: true });
  await row.getByTestId('maintenance-delete').click();
  await page.getByText('No maintenance windows.').waitFor();
  assert.equal((await api('GET', `/api/v1/maintenance-windows/${stored.id}`)).status, 404);
});

test('SLOs: a latency SLO without a threshold is refused naming latencyThresholdMs; create, edit and delete go through the API', async () => {
  await page.goto(s.url + '/slos');
  await page.getByText('No SLOs defined.').waitFor();
  await page.getByTestId('new-slo').click();
  await page.getByTestId('slo-id').fill('brew-latency');
  await page.getByTestId('slo-name').fill('Brew latency');
  await page.getByTestId('slo-kind').selectOption('latency');
  await page.getByTestId('slo-model').fill('brew-predictor');
  await page.getByTestId('slo-objective').fill('99.5');
  await expectRefusal(
    '/api/v1/slos',
    'POST',
    () => page.getByTestId('slo-save').click(),
    /^body\.latencyThresholdMs: is required for a latency SLO/,
  );
  await page.getByTestId('slo-threshold').fill('300');
  const created = nextAnswer('/api/v1/slos', 'POST');
  await page.getByTestId('slo-save').click();
  assert.equal((await created).status, 201);
  const get = async () => (await api<{ slo: SloBody }>('GET', '/api/v1/slos/brew-latency')).body.slo;
  assert.deepEqual(await get(), {
    id: 'brew-latency',
    name: 'Brew latency',
    kind: 'latency',
    model: 'brew-predictor',
    objectivePercent: 99.5,
    periodDays: 30,
    latencyThresholdMs: 300,
  });
  const card = page.locator('[data-slo="brew-latency"]');
  await card.getByTestId('slo-remaining').waitFor();
  assert.equal(await card.getByTestId('slo-remaining').innerText(), '—', 'no traffic: no budget figure is invented');

  await card.getByTestId('edit-slo').click();
  await page.getByTestId('slo-objective').fill('99');
  const saved = nextAnswer('/api/v1/slos/brew-latency', 'PUT');
  await page.getByTestId('slo-save').click();
  assert.equal((await saved).status, 200);
  assert.equal((await get()).objectivePercent, 99);
  await page.screenshot({ path: SHOTS + 'alerting-slo-editor.png', fullPage: true });
  await page.locator('[data-slo="brew-latency"]').getByTestId('delete-slo').click();
  await page.getByText('No SLOs defined.').waitFor();
  assert.equal((await api('GET', '/api/v1/slos/brew-latency')).status, 404);
});

test('channels: a URL without scheme is refused naming settings.webhookUrl; create, test send, edit without retyping the secret', async () => {
  const hook = `${slack.url}/services/T0/B0/brew-alerts`;
  await page.goto(s.url + '/channels');
  await page.getByText('No channels.').waitFor();
  await page.getByTestId('new-channel').click();
  await page.getByTestId('channel-id').fill('brew-slack');
  await page.getByTestId('channel-name').fill('#brew-alerts');
  await page.getByTestId('channel-kind').selectOption('slack');
  await page.getByTestId('channel-webhook-url').fill('hooks.slack.com/services/T0/B0/x');
  await expectRefusal(
    '/api/v1/channels',
    'POST',
    () => page.getByTestId('channel-save').click(),
    /^body\.settings\.webhookUrl: /,
  );
  await page.getByTestId('channel-webhook-url').fill(hook);
  const created = nextAnswer<{ channel: Channel }>('/api/v1/channels', 'POST');
  await page.getByTestId('channel-save').click();
  assert.equal((await created).status, 201);
  const shown = (await api<{ channel: Channel }>('GET', '/api/v1/channels/brew-slack')).body.channel;
  assert.deepEqual(shown, { id: 'brew-slack', name: '#brew-alerts', kind: 'slack', settings: { webhookUrl: '…erts' } });
  const row = page.locator('[data-channel="brew-slack"]');
  assert.equal(
    await row.getByTestId('channel-target').innerText(),
    'webhook …erts',
    'the page shows the secret as redacted as the API',
  );

  const sent = nextAnswer<{ delivery: Json }>('/api/v1/channels/brew-slack/test', 'POST');
  await row.getByTestId('channel-test').click();
  const { body } = await sent;
  assert.equal(body.delivery.ok, true);
  assert.match(await row.getByTestId('channel-test-result').innerText(), /^delivered: status 200 after 1 attempt/);
  assert.equal(slack.requests.at(-1)!.path, '/services/T0/B0/brew-alerts');

  await row.getByTestId('edit-channel').click();
  assert.equal(await page.getByTestId('channel-webhook-url').inputValue(), '', 'secrets are never filled in');
  await page.getByTestId('channel-name').fill('#brew-oncall');
  const saved = nextAnswer('/api/v1/channels/brew-slack', 'PUT');
  await page.getByTestId('channel-save').click();
  assert.equal((await saved).status, 200);
  const stored = await s.vigil.channels.get('brew-slack');
  assert.deepEqual(
    [stored!.name, stored!.settings.webhookUrl],
    ['#brew-oncall', hook],
    'renamed; the stored webhook URL kept',
  );
  await page.screenshot({ path: SHOTS + 'alerting-channels.png', fullPage: true });
});

test("teams page: on call is the API's answer at the server's clock; the escalation policy is edited there", async () => {
  const rotation = { startsAt: Date.UTC(2025, 0, 6, 9), handoffWeekday: 1, handoffHour: 9, memberIds: ['ana', 'bo'] };
  const members = [
    { id: 'ana', name: 'Ana Ruiz' },
    { id: 'bo', name: 'Bo Chen' },
  ];
  assert.equal(
    (
      await api('POST', '/api/v1/teams', {
        name: 'DevOps',
        members,
        rotation,
        channels: { page: [], notify: ['brew-slack'], digest: [] },
      })
    ).status,
    201,
  );
  const answer = nextAnswer<{ teams: TeamView[] }>('/api/v1/teams', 'GET');
  await page.goto(s.url + '/teams');
  const devops = (await answer).body.teams.find((t) => t.name === 'DevOps')!;
  const card = page.locator('[data-team="DevOps"]');
  assert.ok((await card.getByTestId('team-oncall').innerText()).startsWith(`${devops.onCall!.name} until `));
  // Two members, a week apart: the browser's own clock would name the other one.
  assert.notEqual(
    devops.onCall!.memberId,
    findOnCall(rotation, Date.now())!.memberId,
    'the fixture tells the two clocks apart',
  );
  assert.equal(devops.onCall!.memberId, findOnCall(rotation, SERVER_NOW)!.memberId);

  const levels = page.getByTestId('escalation-level');
  await levels.first().waitFor();
  assert.equal(await levels.count(), 4);
  await levels.nth(0).getByTestId('level-timeout').fill('0.5');
  await expectRefusal(
    '/api/v1/escalation-policy',
    'PUT',
    () => page.getByTestId('escalation-save').click(),
    /^body\.policy\.levels\.0\.ackTimeoutMs: must be at least 60000/,
  );
  await levels.nth(0).getByTestId('level-timeout').fill('5');
  await page.getByTestId('escalation-threshold').fill('25000');
  const saved = nextAnswer<{ policy: EscalationPolicyBody }>('/api/v1/escalation-policy', 'PUT');
  await page.getByTestId('escalation-save').click();
  assert.equal((await saved).status, 200);
  await page.getByTestId('escalation-saved').waitFor();
  const { policy, isDefault } = (
    await api<{ policy: EscalationPolicyBody; isDefault: boolean }>('GET', '/api/v1/escalation-policy')
  ).body;
  assert.equal(isDefault, false);
  assert.deepEqual(
    policy.levels.map((l) => [l.name, l.team, l.ackTimeoutMs / 60_000]),
    [
      ['L1', 'DevOps', 5],
      ['L2', 'Data Science', 15],
      ['L3', 'InfoSec', 15],
      ['Executive', 'Executive', 0],
    ],
  );
  assert.equal(policy.executiveImpactUsd, 25_000);
  await page.screenshot({ path: SHOTS + 'alerting-teams-escalation.png', fullPage: true });
});

test('at phone width the new alerting pages fit 375 px', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    for (const [name, path, ready] of [
      ['silences', '/silences', 'silences-page'],
      ['maintenance', '/maintenance', 'maintenance-page'],
      ['channels', '/channels', 'channel-row'],
    ] as const) {
      await page.goto(s.url + path);
      await page.getByTestId(ready).first().waitFor();
      if (name !== 'channels') await page.getByTestId(`new-${name === 'silences' ? 'silence' : 'maintenance'}`).click();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: `${SHOTS}phone-alerting-${name}.png`, fullPage: true });
      assert.ok(width <= 375, `${name} is ${width}px wide at 375px`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
