import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeliveryDispatcher } from '../src/alerting/service/delivery-dispatcher.js';
import type { Notification } from '../src/alerting/channels/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Issue 18: the built-in inbox channel, custom dashboards with team homes, and metrics over a whole range.
const NOW = Date.UTC(2026, 10, 27, 12, 0);
let s: TestServer;
before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  s.vigil.app.inject({ method, url, headers: s.auth, ...(payload ? { payload } : {}) });

test('the inbox channel keeps what each team was sent; GET /api/v1/inbox lists it by team', async () => {
  const id = `inbox-${randomUUID().slice(0, 6)}`;
  const created = await call('POST', '/api/v1/channels', { id, name: 'Demo inbox', kind: 'inbox', settings: {} });
  assert.equal(created.statusCode, 201, created.body);
  const refused = await call('POST', '/api/v1/channels', {
    id: `${id}-x`,
    name: 'x',
    kind: 'inbox',
    settings: { url: 'x' },
  });
  assert.equal(refused.statusCode, 400);
  // A test through the channel is a delivery like any other.
  const tested = (await call('POST', `/api/v1/channels/${id}/test`)).json();
  assert.equal(tested.delivery.ok, true);
  assert.equal(tested.delivery.channelKind, 'inbox');
  // A page routed to a team, as the incident manager sends it.
  const dispatcher = new DeliveryDispatcher(s.vigil.store.alerting, { now: () => NOW, inbox: s.vigil.store.inbox });
  const n: Notification = {
    id: randomUUID(),
    kind: 'firing',
    groupKey: 'g',
    receiver: 'vigil',
    status: 'firing',
    title: '[FIRING:1] p95 latency · API Performance · drink-recommender',
    summary: 'p95 1,240 ms > 400 ms',
    severity: 'critical',
    area: 'API Performance',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts: [],
    runbook: 'https://runbooks.example/latency',
    onCall: { name: 'Ana' },
    at: NOW,
  };
  const team = `DevOps-${randomUUID().slice(0, 4)}`;
  const delivery = await dispatcher.deliver(n, { channelId: id, team, purpose: 'page' }, 'inc-42');
  assert.equal(delivery.ok, true);
  const inbox = (await call('GET', `/api/v1/inbox?team=${team}`)).json();
  assert.equal(inbox.messages.length, 1);
  assert.deepEqual(
    { ...inbox.messages[0], id: 0 },
    {
      id: 0,
      at: new Date(NOW).toISOString(),
      channelId: id,
      team,
      purpose: 'page',
      kind: 'firing',
      severity: 'critical',
      area: 'API Performance',
      title: n.title,
      summary: n.summary,
      incidentId: 'inc-42',
      runbook: n.runbook,
      onCall: 'Ana',
    },
  );
  assert.ok(inbox.teams.some((t: { team: string; messages: number }) => t.team === team && t.messages === 1));
  assert.equal((await call('GET', '/api/v1/inbox?incidentId=inc-42')).json().messages.length, 1);
  assert.equal((await call('GET', '/api/v1/inbox?limit=0')).statusCode, 400);
});

test('dashboards: saved through the API, shared by id, pinned as a team home; bad panels are refused by field', async () => {
  const team = `Business-${randomUUID().slice(0, 4)}`;
  assert.equal(
    (
      await call('PUT', `/api/v1/teams/${team}`, {
        name: team,
        members: [],
        channels: { page: [], notify: [], digest: [] },
      })
    ).statusCode,
    200,
  );
  const body = {
    name: 'Spend at a glance',
    team,
    range: '7d',
    panels: [
      { id: 'spend', title: 'Spend', display: 'number', metrics: ['cost'] },
      {
        id: 'cpp',
        title: 'Cost per prediction',
        display: 'chart',
        metrics: ['costPerCall'],
        groupBy: 'model',
        range: '30d',
      },
      {
        id: 'by-endpoint',
        title: 'Endpoints',
        display: 'table',
        metrics: ['calls', 'errorRate', 'latency.p99'],
        groupBy: 'endpoint',
      },
    ],
  };
  const created = await call('POST', '/api/v1/dashboards', body);
  assert.equal(created.statusCode, 201, created.body);
  const d = created.json().dashboard;
  assert.equal(d.id, 'spend-at-a-glance');
  assert.equal(d.version, 1);
  assert.deepEqual(d.panels, body.panels);
  assert.equal((await call('POST', '/api/v1/dashboards', body)).statusCode, 409, 'the same id twice');

  const bad = async (panels: object[], pattern: RegExp) => {
    const res = await call('POST', '/api/v1/dashboards', { ...body, id: `bad-${randomUUID().slice(0, 6)}`, panels });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().message, pattern);
  };
  await bad(
    [{ id: 'a', title: 'a', display: 'chart', metrics: ['latency.p42'] }],
    /body\.panels\[0\]\.metrics: unknown metric "latency\.p42"/,
  );
  await bad(
    [{ id: 'a', title: 'a', display: 'table', metrics: ['calls'] }],
    /body\.panels\[0\]\.groupBy: a table needs/,
  );
  await bad(
    [
      { id: 'a', title: 'a', display: 'number', metrics: ['calls'] },
      { id: 'a', title: 'b', display: 'number', metrics: ['calls'] },
    ],
    /body\.panels\[1\]\.id: "a" is used by another panel/,
  );

  const shared = await call('GET', `/api/v1/dashboards/${d.id}`);
  assert.equal(shared.statusCode, 200);
  const replaced = await call('PUT', `/api/v1/dashboards/${d.id}`, {
    ...body,
    name: 'Spend',
    panels: body.panels.slice(0, 1),
  });
  assert.equal(replaced.json().dashboard.version, 2);
  assert.equal(replaced.json().dashboard.panels.length, 1);

  const pinned = await call('PUT', `/api/v1/dashboard-homes/${team}`, { dashboardId: d.id });
  assert.equal(pinned.statusCode, 200, pinned.body);
  assert.ok(
    pinned.json().homes.some((h: { team: string; dashboardId: string }) => h.team === team && h.dashboardId === d.id),
  );
  assert.deepEqual((await call('GET', `/api/v1/dashboards/${d.id}`)).json().dashboard.homeOf, [team]);
  const nobody = await call('PUT', '/api/v1/dashboard-homes/Nobody', { dashboardId: d.id });
  assert.equal(nobody.statusCode, 400);
  assert.match(nobody.json().message, /team "Nobody" does not exist/);
  assert.equal((await call('PUT', `/api/v1/dashboard-homes/${team}`, { dashboardId: 'missing' })).statusCode, 404);

  assert.equal((await call('DELETE', `/api/v1/dashboards/${d.id}`)).statusCode, 204);
  const list = (await call('GET', '/api/v1/dashboards')).json();
  assert.ok(!list.homes.some((h: { team: string }) => h.team === team), 'a deleted dashboard is no team home');
});

test('GET /api/v1/metrics/summary: each metric over exactly the range, per endpoint', async () => {
  const model = `sum-${randomUUID().slice(0, 6)}`;
  const events = [];
  for (let i = 0; i < 200; i++)
    events.push({
      model,
      endpoint: i % 4 === 0 ? 'GET /b' : 'POST /a',
      timestamp: NOW - 2 * 3_600_000 + i * 30_000,
      latencyMs: i + 1,
      costUsd: 0.01,
      ...(i % 10 === 0 ? { status: 'error', errorType: 'timeout' } : {}),
    });
  assert.equal((await call('POST', '/api/v1/events', { events })).statusCode, 200);
  await s.vigil.pipeline.flush();
  const q = `model=${model}&from=${NOW - 2 * 3_600_000}&to=${NOW}&metric=calls,callsPerMinute,errorRate,latency.p99,cost`;
  const all = (await call('GET', `/api/v1/metrics/summary?${q}`)).json();
  assert.equal(all.groups.length, 1);
  const v = all.groups[0].values;
  assert.equal(v.calls, 200);
  assert.ok(Math.abs(v.callsPerMinute - 200 / 120) < 1e-9, 'calls over the exact width of the range');
  assert.equal(v.errorRate, 0.1);
  assert.ok(Math.abs(v['latency.p99'] - 198) / 198 < 0.02, `p99 of all 200 calls ${v['latency.p99']}`);
  assert.ok(Math.abs(v.cost - 2) < 1e-9);
  const by = (await call('GET', `/api/v1/metrics/summary?${q}&groupBy=endpoint`)).json();
  assert.deepEqual(
    by.groups.map((g: { endpoint: string; values: { calls: number } }) => [g.endpoint, g.values.calls]),
    [
      ['GET /b', 50],
      ['POST /a', 150],
    ],
  );
  const unknown = await call('GET', `/api/v1/metrics/summary?metric=latency.p42&model=${model}`);
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().message, /querystring\.metric: unknown metric "latency\.p42"/);
});

test('GET /api/v1/use-cases/:id/load-tests: each recorded window with what Vigil observed', async () => {
  const model = `lt-${randomUUID().slice(0, 6)}`;
  const events = [];
  for (let t = NOW - 30 * 60_000; t < NOW - 10 * 60_000; t += 500)
    events.push({ model, endpoint: 'POST /x', timestamp: t, latencyMs: 5 });
  for (let i = 0; i < events.length; i += 1000)
    assert.equal((await call('POST', '/api/v1/events', { events: events.slice(i, i + 1000) })).statusCode, 200);
  await s.vigil.pipeline.flush();
  const id = `uc-${model}`;
  assert.equal(
    (
      await call('POST', '/api/v1/use-cases', {
        id,
        name: id,
        ownerTeam: 'DevOps',
        models: [model],
        endpoints: ['POST /x'],
        expectedQps: 2,
      })
    ).statusCode,
    201,
  );
  const rec = await call('POST', `/api/v1/use-cases/${id}/load-tests`, {
    from: NOW - 30 * 60_000,
    to: NOW - 10 * 60_000,
    note: 'k6 run',
  });
  assert.equal(rec.statusCode, 201, rec.body);
  const list = (await call('GET', `/api/v1/use-cases/${id}/load-tests`)).json();
  assert.equal(list.requiredCallsPerMinute, 108);
  assert.equal(list.loadTests.length, 1);
  const t = list.loadTests[0];
  assert.deepEqual([t.minutes, t.calls, t.callsPerMinute, t.isPassing, t.note], [20, 2400, 120, true, 'k6 run']);
  assert.equal((await call('GET', '/api/v1/use-cases/nope/load-tests')).statusCode, 404);
});
