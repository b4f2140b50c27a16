// The configuration the alerting UI edits: the escalation policy (stored, and read by escalation), teams with
// the server's on-call answer, channels edited without retyping their secrets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MINUTE_MS } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { findOnCall, listShifts } from '../src/alerting/routing/on-call-rotation.js';
import { generateApiKey, hashApiKey } from '../src/plugins/auth.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 18, 8, 0, 0);
let clock = T0 + 30 * MINUTE_MS;
let s: TestServer;
let readAuth: { authorization: string };

before(async () => {
  s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const key = generateApiKey();
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'reader',
    role: 'read',
    createdAtMs: T0,
    revokedAtMs: null,
    hash: hashApiKey(key),
  });
  readAuth = { authorization: `Bearer ${key}` };
});
after(() => s.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers = s.auth) =>
  s.vigil.app.inject({ method, url, headers, payload: payload as object });

const MIN = 60_000;
const policy = (over: Obj = {}) => ({
  levels: [
    { name: 'L1', team: 'DevOps', ackTimeoutMs: 2 * MIN },
    { name: 'L2', team: 'Data Science', ackTimeoutMs: 10 * MIN },
    { name: 'Exec', team: 'Executive', ackTimeoutMs: 0 },
  ],
  executiveImpactUsd: 25_000,
  reminderAfterMs: 60 * MIN,
  reminderIntervalMs: 60 * MIN,
  ...over,
});

test('escalation policy: the default until one is stored; validation names the field; writes need admin', async () => {
  const first = await call('GET', '/api/v1/escalation-policy', undefined, readAuth);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().isDefault, true);
  assert.deepEqual(
    first.json().policy.levels.map((l: Obj) => `${l.name} ${l.team} ${l.ackTimeoutMs / MIN}`),
    ['L1 DevOps 15', 'L2 Data Science 15', 'L3 InfoSec 15', 'Executive Executive 0'],
  );
  assert.equal(first.json().policy.executiveImpactUsd, 10_000);

  const twice = await call('PUT', '/api/v1/escalation-policy', {
    policy: policy({
      levels: [
        { name: 'L1', team: 'DevOps', ackTimeoutMs: MIN },
        { name: 'L1', team: 'Executive', ackTimeoutMs: 0 },
      ],
    }),
  });
  assert.deepEqual([twice.statusCode, twice.json().code], [400, 'VIGIL_ERR_VALIDATION']);
  assert.match(twice.json().message, /^body\.policy\.levels\.1\.name: "L1" names two levels/);
  const quick = await call('PUT', '/api/v1/escalation-policy', {
    policy: policy({
      levels: [
        { name: 'L1', team: 'DevOps', ackTimeoutMs: 1000 },
        { name: 'Exec', team: 'Executive', ackTimeoutMs: 0 },
      ],
    }),
  });
  assert.match(quick.json().message, /^body\.policy\.levels\.0\.ackTimeoutMs: must be at least 60000/);
  const missing = await call('PUT', '/api/v1/escalation-policy', {
    policy: { ...policy(), executiveImpactUsd: undefined },
  });
  assert.equal(missing.json().message, 'body.policy.executiveImpactUsd: is required');
  const negative = await call('PUT', '/api/v1/escalation-policy', { policy: policy({ executiveImpactUsd: -1 }) });
  assert.match(negative.json().message, /^body\.policy\.executiveImpactUsd: must be >= 0/);
  const denied = await call('PUT', '/api/v1/escalation-policy', { policy: policy() }, readAuth);
  assert.equal(denied.statusCode, 403);
  assert.equal(
    (await call('GET', '/api/v1/escalation-policy')).json().isDefault,
    true,
    'refused writes stored nothing',
  );

  const saved = await call('PUT', '/api/v1/escalation-policy', { policy: policy() });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.deepEqual(saved.json(), { policy: policy(), isDefault: false });
  assert.deepEqual((await call('GET', '/api/v1/escalation-policy', undefined, readAuth)).json(), {
    policy: policy(),
    isDefault: false,
  });
  const doc = (await call('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, Obj> };
  assert.ok(doc.paths['/api/v1/escalation-policy']?.put, 'in the OpenAPI document');
});

test('escalation follows the stored policy: 2 minutes unacknowledged at L1 pages L2 (the default would wait 15)', async () => {
  assert.equal((await call('PUT', '/api/v1/escalation-policy', { policy: policy() })).statusCode, 200);
  const model = `esc-${randomUUID().slice(0, 8)}`;
  const events = [];
  for (let m = 0; m < 30; m++)
    for (let k = 0; k < 20; k++)
      events.push({
        model,
        endpoint: 'POST /score',
        timestamp: T0 + m * MINUTE_MS + k * 3000,
        latencyMs: 40,
        status: m >= 10 && k % 2 === 0 ? 'error' : 'ok',
      });
  for (let i = 0; i < events.length; i += 1000)
    assert.equal((await call('POST', '/api/v1/events', { events: events.slice(i, i + 1000) })).statusCode, 200);
  await s.vigil.pipeline.flush();
  const rule = {
    id: `err-${model}`,
    name: 'error rate high',
    kind: 'threshold',
    area: 'Infrastructure',
    severity: 'critical',
    runbook: 'restart',
    scope: { model },
    metric: 'errorRate',
    window: '2m',
    comparator: '>',
    value: 0.2,
    for: '1m',
  };
  assert.equal((await call('POST', '/api/v1/alerts/rules', rule)).statusCode, 201);

  const at = (m: number) => T0 + m * MINUTE_MS;
  const scheduler = s.vigil.app.alerting.scheduler;
  await scheduler.evaluateOnce(at(11));
  await scheduler.evaluateOnce(at(12)); // firing: the incident opens at L1 (DevOps is PRIMARY for Infrastructure)
  const [incident] = (await call('GET', `/api/v1/incidents?model=${model}`)).json().incidents as Obj[];
  assert.deepEqual([incident!.openedAt, incident!.escalation.levelIndex], [at(12), 0]);
  await scheduler.evaluateOnce(at(13));
  assert.equal((await call('GET', `/api/v1/incidents/${incident!.id}`)).json().incident.escalation.levelIndex, 0);
  await scheduler.evaluateOnce(at(14));
  const detail = (await call('GET', `/api/v1/incidents/${incident!.id}`)).json();
  assert.equal(detail.incident.escalation.levelIndex, 1);
  const escalated = (detail.timeline as Obj[]).filter((e) => e.kind === 'escalated');
  assert.deepEqual(
    escalated.map((e) => [e.at, e.details.level, e.details.team]),
    [[at(14), 'L2', 'Data Science']],
  );
});

test('GET /teams names who is on call now by the server rotation, and the next three shifts', async () => {
  const name = `Oncall-${randomUUID().slice(0, 6)}`;
  const rotation = {
    startsAt: Date.UTC(2025, 0, 6, 9),
    handoffWeekday: 1,
    handoffHour: 9,
    memberIds: ['ana', 'bo', 'cy'],
  };
  const members = [
    { id: 'ana', name: 'Ana Ruiz' },
    { id: 'bo', name: 'Bo Chen' },
    { id: 'cy', name: 'Cy Oduya' },
  ];
  const created = await call('POST', '/api/v1/teams', {
    name,
    members,
    rotation,
    channels: { page: [], notify: [], digest: [] },
  });
  assert.equal(created.statusCode, 201, created.body);
  await call('POST', '/api/v1/teams', {
    name: `${name}-none`,
    members,
    channels: { page: [], notify: [], digest: [] },
  });

  const teams = (await call('GET', '/api/v1/teams', undefined, readAuth)).json().teams as Obj[];
  const team = teams.find((t) => t.name === name)!;
  const expected = findOnCall(rotation, clock)!;
  const nameOf = (id: string) => members.find((m) => m.id === id)!.name;
  assert.deepEqual(team.onCall, { ...expected, name: nameOf(expected.memberId) });
  assert.deepEqual(
    team.nextShifts,
    listShifts(rotation, expected.endsAt, 3).map((x) => ({ ...x, name: nameOf(x.memberId) })),
  );
  assert.equal(team.nextShifts[0].startsAt, expected.endsAt);
  const none = teams.find((t) => t.name === `${name}-none`)!;
  assert.deepEqual([none.onCall, none.nextShifts], [null, []]);
  assert.deepEqual((await call('GET', `/api/v1/teams/${name}`)).json().team.onCall, team.onCall);
});

test('channels: a PUT with the secrets as GET shows them keeps the stored ones; a new secret replaces them', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  try {
    const id = `slack-${randomUUID().slice(0, 6)}`;
    assert.equal(
      (
        await call('POST', '/api/v1/channels', {
          id,
          name: '#ops',
          kind: 'slack',
          settings: { webhookUrl: `${rx.url}/services/T1/B1/secret-one` },
        })
      ).statusCode,
      201,
    );
    const shown = (await call('GET', `/api/v1/channels/${id}`, undefined, readAuth)).json().channel;
    assert.equal(shown.settings.webhookUrl, '…-one');
    const renamed = await call('PUT', `/api/v1/channels/${id}`, { ...shown, name: '#ops-alerts' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal((await s.vigil.channels.get(id))!.settings.webhookUrl, `${rx.url}/services/T1/B1/secret-one`);
    assert.equal((await call('POST', `/api/v1/channels/${id}/test`)).json().delivery.ok, true);
    assert.equal(rx.requests.at(-1)!.path, '/services/T1/B1/secret-one');
    await call('PUT', `/api/v1/channels/${id}`, {
      ...shown,
      settings: { webhookUrl: `${rx.url}/services/T1/B1/secret-two` },
    });
    assert.equal((await s.vigil.channels.get(id))!.settings.webhookUrl, `${rx.url}/services/T1/B1/secret-two`);
    // A redacted value is not a URL: sent to a channel that never stored one, it is refused by the schema.
    const fresh = await call('PUT', `/api/v1/channels/${id}-b`, {
      id: `${id}-b`,
      name: 'b',
      kind: 'slack',
      settings: { webhookUrl: '…-one' },
    });
    assert.match(fresh.json().message, /^body\.settings\.webhookUrl: /);

    const mail = `mail-${randomUUID().slice(0, 6)}`;
    const settings = {
      host: '127.0.0.1',
      port: 2525,
      auth: { user: 'vigil', pass: 'hunter2' },
      from: 'vigil@example.com',
      to: ['ops@example.com'],
    };
    await call('POST', '/api/v1/channels', { id: mail, name: 'mail', kind: 'email', settings });
    const mailShown = (await call('GET', `/api/v1/channels/${mail}`)).json().channel;
    assert.equal(mailShown.settings.auth.pass, '…');
    await call('PUT', `/api/v1/channels/${mail}`, {
      ...mailShown,
      settings: { ...mailShown.settings, to: ['oncall@example.com'] },
    });
    assert.deepEqual((await s.vigil.channels.get(mail))!.settings, {
      ...settings,
      to: ['oncall@example.com'],
    });
  } finally {
    await rx.close();
  }
});

test('maintenance windows and silences: a refusal names the field, inside the schedule kind the body chose', async () => {
  const weekly = (over: Obj) => ({
    scope: { areas: ['Infrastructure'] },
    schedule: { kind: 'weekly', weekdays: [0], startTime: '02:00', duration: '2h', ...over },
  });
  const message = async (url: string, body: unknown) => (await call('POST', url, body)).json().message as string;
  // Ajv lists the first branch's error first ("schedule.startsAt: is required"); the weekly branch's is the one that helps.
  assert.match(
    await message('/api/v1/maintenance-windows', weekly({ duration: '2 hours' })),
    /^body\.schedule\.duration: must match pattern/,
  );
  assert.match(
    await message('/api/v1/maintenance-windows', weekly({ startTime: '2am' })),
    /^body\.schedule\.startTime: must match pattern/,
  );
  assert.match(
    await message('/api/v1/maintenance-windows', weekly({ weekdays: [] })),
    /^body\.schedule\.weekdays: must NOT have fewer than 1 items/,
  );
  assert.equal(
    await message('/api/v1/maintenance-windows', { scope: {}, schedule: { kind: 'once', startsAt: T0 } }),
    'body.schedule.endsAt: is required',
  );
  assert.equal(
    await message('/api/v1/maintenance-windows', {
      scope: {},
      schedule: { kind: 'once', startsAt: T0, endsAt: T0 - 1 },
    }),
    'body.schedule.endsAt: must be after startsAt',
  );
  assert.match(
    await message('/api/v1/silences', {
      matchers: [{ name: 'model', op: '=~', value: 'fraud-(' }],
      startsAt: T0,
      endsAt: T0 + MIN,
    }),
    /^body\.matchers: "fraud-\(" is not a valid regular expression/,
  );
  assert.match(
    await message('/api/v1/silences', {
      matchers: [{ name: 'model', op: '=', value: 'x' }],
      startsAt: 'soon',
      endsAt: T0,
    }),
    /^body\.startsAt: must be number/,
  );
});
