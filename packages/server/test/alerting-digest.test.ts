import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MINUTE_MS } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20, 6, 0); // 06:00 UTC; the digest is due at 08:00
const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };

async function post(s: TestServer, url: string, payload: unknown): Promise<Obj> {
  const res = await s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });
  assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
  return res.json();
}

const failingRule = (model: string, area: string) => ({
  id: `r-${model}`,
  name: `${area} check`,
  kind: 'threshold',
  area,
  severity: 'warning',
  runbook: 'look at the dashboard',
  scope: { model },
  metric: 'errorRate',
  window: '5m',
  comparator: '>',
  value: 0.2,
  for: '0s',
});

test('daily digest: at 08:00 UTC each INFORMED/REVIEW team gets one digest of its areas, once a day, across a restart', async (t) => {
  const business = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  const infosec = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => business.close());
  t.after(() => infosec.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-digest-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  let clock = T0;
  let s = await startTestServer({ dataDir, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });

  await post(s, '/api/v1/channels', {
    id: 'biz-slack',
    name: 'biz',
    kind: 'slack',
    settings: { webhookUrl: business.url, retry: fast },
  });
  await post(s, '/api/v1/channels', {
    id: 'sec-slack',
    name: 'sec',
    kind: 'slack',
    settings: { webhookUrl: infosec.url, retry: fast },
  });
  await post(s, '/api/v1/teams', {
    name: 'Business',
    members: [],
    channels: { page: [], notify: [], digest: ['biz-slack'] },
  });
  await post(s, '/api/v1/teams', {
    name: 'InfoSec',
    members: [],
    channels: { page: [], notify: [], digest: ['sec-slack'] },
  });
  await post(s, '/api/v1/teams', { name: 'Data Science', members: [], channels: { page: [], notify: [], digest: [] } });

  // Two incidents: Data Quality (Business INFORMED, InfoSec CONSULT) and Model Accuracy (InfoSec REVIEW, Business ACCOUNTABLE).
  const dq = `dq-${randomUUID().slice(0, 8)}`;
  const ma = `ma-${randomUUID().slice(0, 8)}`;
  const events = [dq, ma].flatMap((model) =>
    Array.from({ length: 200 }, (_, i) => ({
      model,
      endpoint: 'POST /score',
      timestamp: T0 + 20 * MINUTE_MS + i * 1500,
      latencyMs: 30,
      status: i % 2 ? 'error' : 'ok',
    })),
  );
  await post(s, '/api/v1/events', { events });
  await s.vigil.pipeline.flush();
  await post(s, '/api/v1/alerts/rules', failingRule(dq, 'Data Quality'));
  await post(s, '/api/v1/alerts/rules', failingRule(ma, 'Model Accuracy'));
  const scheduler = () => s.vigil.app.alerting.scheduler;
  await scheduler().evaluateOnce(T0 + 25 * MINUTE_MS);
  await scheduler().evaluateOnce(T0 + 25 * MINUTE_MS + 30_000);
  const incidents = (await s.vigil.app.inject({ url: '/api/v1/incidents', headers: s.auth })).json().incidents as Obj[];
  assert.deepEqual(incidents.map((i) => i.area).sort(), ['Data Quality', 'Model Accuracy']);

  await scheduler().evaluateOnce(Date.UTC(2026, 10, 20, 7, 59, 30));
  assert.deepEqual([business.requests.length, infosec.requests.length], [0, 0], 'nothing before 08:00');

  clock = Date.UTC(2026, 10, 20, 8, 0, 30);
  await scheduler().tick(clock);
  assert.equal(business.requests.length, 1);
  assert.equal(infosec.requests.length, 1);
  const text = (req: { json: unknown }) => JSON.stringify(req.json);
  assert.match(text(business.requests[0]!), /Business daily digest 2026-11-19: 1 incident/);
  assert.match(
    text(business.requests[0]!),
    new RegExp(`${dq}[^"]*resolved after`),
    'resolved at 07:59:30, inside the period',
  );
  assert.doesNotMatch(
    text(business.requests[0]!),
    new RegExp(ma),
    'Business is ACCOUNTABLE on Model Accuracy: told live, not digested',
  );
  assert.match(text(infosec.requests[0]!), new RegExp(`${ma}[^"]*\\[for review\\]`));
  assert.doesNotMatch(text(infosec.requests[0]!), new RegExp(dq), 'InfoSec is CONSULT on Data Quality');

  const recorded = await s.vigil.store.alerting.listDeliveries({ incidentId: 'digest:2026-11-20' });
  assert.deepEqual(recorded.map((d) => [d.team, d.channelId, d.purpose, d.notificationKind, d.ok]).sort(), [
    ['Business', 'biz-slack', 'digest', 'digest', true],
    ['InfoSec', 'sec-slack', 'digest', 'digest', true],
  ]);

  // Later rounds the same day, and a restart, send nothing more.
  await scheduler().evaluateOnce(clock + MINUTE_MS);
  await s.close();
  clock = Date.UTC(2026, 10, 20, 13);
  s = await startTestServer({ dataDir, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  await scheduler().evaluateOnce(clock);
  await scheduler().tick(Date.UTC(2026, 10, 21, 7, 59));
  assert.deepEqual([business.requests.length, infosec.requests.length], [1, 1], 'once a day');

  // The next day: both incidents resolved at 07:59:30 the day before (no traffic), so nothing to report.
  await scheduler().tick(Date.UTC(2026, 10, 21, 8, 0));
  assert.deepEqual([business.requests.length, infosec.requests.length], [1, 1], 'no empty digests');
});

test('daily digest time is a per-team setting in its time zone: driving the clock across both daylight-saving changes', async (t) => {
  const business = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  const infosec = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => Promise.all([business.close(), infosec.close()]));
  let clock = Date.UTC(2026, 9, 22, 12);
  // Rounds every 12 h: the timer wakes in between for each team's digest time.
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: String(12 * 3_600_000) } });
  t.after(() => s.close());
  const scheduler = s.vigil.app.alerting.scheduler;
  await scheduler.stop();
  for (const [id, url] of [
    ['biz-slack', business.url],
    ['sec-slack', infosec.url],
  ] as const)
    await post(s, '/api/v1/channels', { id, name: id, kind: 'slack', settings: { webhookUrl: url, retry: fast } });
  const bad = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: s.auth,
    payload: {
      name: 'Business',
      channels: { page: [], notify: [], digest: ['biz-slack'] },
      digest: { time: '08:30', timeZone: 'Europe/Berlinn' },
    },
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /^body\.digest\.timeZone: "Europe\/Berlinn" is not an IANA time zone/);
  await post(s, '/api/v1/teams', {
    name: 'Business',
    channels: { page: [], notify: [], digest: ['biz-slack'] },
    digest: { time: '08:30', timeZone: 'Europe/Berlin' },
  });
  await post(s, '/api/v1/teams', {
    name: 'InfoSec',
    channels: { page: [], notify: [], digest: ['sec-slack'] },
    digest: { time: '18:00', timeZone: 'America/New_York' },
  });
  // An open Data Quality incident (Business INFORMED) and Model Accuracy one (InfoSec REVIEW): every digest lists them.
  for (const area of ['Data Quality', 'Model Accuracy'] as const)
    await s.vigil.store.alerting.createIncident({
      id: randomUUID(),
      groupKey: `{}:{area="${area}"}`,
      title: `${area} incident`,
      area,
      severity: 'warning',
      model: null,
      endpoint: null,
      team: 'Data Science',
      participants: [],
      status: 'open',
      openedAt: clock - 3_600_000,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
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
    });

  const receivedAt = { business: [] as number[], infosec: [] as number[] };
  await scheduler.runDue(clock); // the first round learns the teams' schedules
  const end = Date.UTC(2026, 10, 3, 12);
  while (clock < end) {
    clock = await scheduler.nextWakeAt(clock);
    const before = [business.requests.length, infosec.requests.length];
    await scheduler.runDue(clock);
    for (let i = before[0]!; i < business.requests.length; i++) receivedAt.business.push(clock);
    for (let i = before[1]!; i < infosec.requests.length; i++) receivedAt.infosec.push(clock);
  }
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  // 08:30 in Berlin: 06:30 UTC in summer time, 07:30 from 25 October.
  assert.deepEqual(receivedAt.business.map(iso), [
    '2026-10-23T06:30',
    '2026-10-24T06:30',
    '2026-10-25T07:30',
    '2026-10-26T07:30',
    '2026-10-27T07:30',
    '2026-10-28T07:30',
    '2026-10-29T07:30',
    '2026-10-30T07:30',
    '2026-10-31T07:30',
    '2026-11-01T07:30',
    '2026-11-02T07:30',
    '2026-11-03T07:30',
  ]);
  // 18:00 in New York: 22:00 UTC in daylight time, 23:00 from 1 November.
  assert.deepEqual(receivedAt.infosec.map(iso), [
    '2026-10-22T22:00',
    '2026-10-23T22:00',
    '2026-10-24T22:00',
    '2026-10-25T22:00',
    '2026-10-26T22:00',
    '2026-10-27T22:00',
    '2026-10-28T22:00',
    '2026-10-29T22:00',
    '2026-10-30T22:00',
    '2026-10-31T22:00',
    '2026-11-01T23:00',
    '2026-11-02T23:00',
  ]);
  const text = (req: { json: unknown }) => JSON.stringify(req.json);
  // The 25-hour day of the change, in the team's own time.
  assert.match(
    text(business.requests[2]!),
    /Business digest for 2026-10-24 08:30 Europe\/Berlin – 2026-10-25 08:30 Europe\/Berlin/,
  );
  assert.match(text(business.requests[2]!), /Business daily digest 2026-10-24: 1 incident/);
  assert.match(text(infosec.requests[0]!), /\[for review\]/);
  const recorded = await s.vigil.store.alerting.listDeliveries({ incidentId: 'digest:2026-11-01' });
  assert.deepEqual(recorded.map((d) => d.team).sort(), ['Business', 'InfoSec'], "each team's local date");
});
