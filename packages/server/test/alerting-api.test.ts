import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { generateApiKey, hashApiKey } from '../src/plugins/auth.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
let s: TestServer;
let readAuth: { authorization: string };

before(async () => {
  s = await startTestServer({ now: () => NOW, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const key = generateApiKey();
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'reader',
    role: 'read',
    createdAtMs: NOW,
    revokedAtMs: null,
    hash: hashApiKey(key),
  });
  readAuth = { authorization: `Bearer ${key}` };
});
after(() => s.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers = s.auth) =>
  s.vigil.app.inject({ method, url, headers, payload: payload as object });

const rule = (id: string, extra: Obj = {}) => ({
  id,
  name: `rule ${id}`,
  kind: 'threshold',
  area: 'API Performance',
  severity: 'warning',
  runbook: '## Steps\n1. look',
  metric: 'errorRate',
  comparator: '>',
  value: 0.05,
  ...extra,
});

test('rules: create, read, replace (version moves only on change), delete; reads with a read key, writes need admin', async () => {
  const id = `r-${randomUUID().slice(0, 8)}`;
  const created = await call('POST', '/api/v1/alerts/rules', rule(id));
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual([created.json().rule.version, created.json().rule.source], [1, 'api']);
  assert.equal((await call('POST', '/api/v1/alerts/rules', rule(id))).json().code, 'VIGIL_ERR_ALREADY_EXISTS');
  const same = await call('PUT', `/api/v1/alerts/rules/${id}`, rule(id));
  assert.deepEqual([same.json().change, same.json().rule.version], ['unchanged', 1]);
  const changed = await call('PUT', `/api/v1/alerts/rules/${id}`, rule(id, { value: 0.1 }));
  assert.deepEqual([changed.json().change, changed.json().rule.version], ['updated', 2]);
  const read = await call('GET', `/api/v1/alerts/rules/${id}`, undefined, readAuth);
  assert.equal(read.json().rule.rule.value, 0.1);
  assert.equal((await call('GET', '/api/v1/alerts/rules', undefined, readAuth)).statusCode, 200);
  const denied = await call('POST', '/api/v1/alerts/rules', rule(`${id}-x`), readAuth);
  assert.deepEqual([denied.statusCode, denied.json().code], [403, 'VIGIL_ERR_FORBIDDEN']);
  assert.equal((await call('DELETE', `/api/v1/alerts/rules/${id}`)).statusCode, 204);
  assert.equal((await call('GET', `/api/v1/alerts/rules/${id}`)).statusCode, 404);
});

test('rule validation names the field: schema problems, unknown metrics, model-health metrics without a model, tag segments', async () => {
  const missing = await call('POST', '/api/v1/alerts/rules', {
    ...rule('v1'),
    runbook: undefined,
    window: '5 minutes',
  });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().code, 'VIGIL_ERR_VALIDATION');
  const paths = (missing.json().details as Obj[]).map((p) => p.path);
  assert.ok(paths.includes('/runbook') && paths.includes('/window'), JSON.stringify(paths));
  const accuracy = await call('POST', '/api/v1/alerts/rules', rule('v2', { metric: 'accuracy' }));
  // Model-health metrics are computed per model, so a rule on one must name its model.
  assert.match(
    accuracy.json().message,
    /^body\.scope\.model: "accuracy" is a model-health metric, computed per model: set scope\.model/,
  );
  const unknown = await call('POST', '/api/v1/alerts/rules', rule('v3', { metric: 'latency.p42' }));
  assert.match(unknown.json().message, /unknown metric/);
  const twoSegments = await call(
    'POST',
    '/api/v1/alerts/rules',
    rule('v4', { scope: { tags: { region: 'eu', store: 's1' } } }),
  );
  assert.match(twoSegments.json().message, /^body\.scope\.tags\.store: one segment tag per rule/);
  const healthSegment = await call(
    'POST',
    '/api/v1/alerts/rules',
    rule('v4b', { metric: 'accuracy', scope: { model: 'm', tags: { region: 'eu' } } }),
  );
  assert.match(
    healthSegment.json().message,
    /^body\.scope\.tags\.region: model-health metrics are computed per model, not per segment/,
  );
  const segment = await call(
    'POST',
    '/api/v1/alerts/rules',
    rule(`v4c-${randomUUID().slice(0, 6)}`, { scope: { tags: { region: 'eu', 'customer-facing': 'true' } } }),
  );
  assert.equal(segment.statusCode, 201, segment.body);
  const marker = await call(
    'POST',
    '/api/v1/alerts/rules',
    rule(`v5-${randomUUID().slice(0, 6)}`, { scope: { tags: { 'customer-facing': 'true' } } }),
  );
  assert.equal(marker.statusCode, 201, marker.body);
  const kind = await call('POST', '/api/v1/alerts/rules', { ...rule('v6'), kind: 'magic' });
  assert.match(kind.json().message, /^body\.kind: kind must be one of/);
});

test('rules apply is idempotent: a second apply changes nothing; dry run lists create/update/delete/unchanged', async () => {
  const p = `f-${randomUUID().slice(0, 6)}`;
  const file = [rule(`${p}-a`), rule(`${p}-b`, { severity: 'critical' })];
  const first = await call('POST', '/api/v1/alerts/rules/apply', { rules: file });
  assert.deepEqual(first.json().counts, { create: 2, update: 0, delete: 0, unchanged: 0 });
  // Same rules with keys in another order: still unchanged.
  const reordered = file.map((r) => Object.fromEntries(Object.entries(r).reverse()));
  const again = await call('POST', '/api/v1/alerts/rules/apply', { rules: reordered });
  assert.deepEqual(again.json().counts, { create: 0, update: 0, delete: 0, unchanged: 2 });
  assert.equal((await call('GET', `/api/v1/alerts/rules/${p}-a`)).json().rule.version, 1);
  const dry = await call('POST', '/api/v1/alerts/rules/apply', {
    rules: [rule(`${p}-a`, { value: 0.2 }), rule(`${p}-c`)],
    dryRun: true,
  });
  const mine = (dry.json().changes as Obj[]).filter((c) => c.id.startsWith(p));
  assert.deepEqual(
    mine.map((c) => `${c.id.slice(p.length)}:${c.change}`),
    ['-a:update', '-b:delete', '-c:create'],
  );
  assert.deepEqual(mine[0].fields, [{ field: 'value', before: 0.05, after: 0.2 }]);
  assert.equal((await call('GET', `/api/v1/alerts/rules/${p}-b`)).statusCode, 200, 'a dry run writes nothing');
  const bad = await call('POST', '/api/v1/alerts/rules/apply', { rules: [rule(`${p}-a`), rule(`${p}-a`)] });
  assert.match(bad.json().message, /^body\.rules\.1\.id: duplicate rule id/);
});

test('RACI matrix: the default is seeded; a matrix without a PRIMARY is refused', async () => {
  const res = await call('GET', '/api/v1/raci', undefined, readAuth);
  const rows = res.json().rows as Obj[];
  assert.equal(rows.length, 7);
  assert.equal(rows.find((r) => r.area === 'API Performance')!.roles.Business, 'ACCOUNTABLE');
  const broken = rows.map((r) => (r.area === 'Compliance' ? { ...r, roles: { DevOps: 'SUPPORT' } } : r));
  const refused = await call('PUT', '/api/v1/raci', { rows: broken });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().message, /Compliance.*0 PRIMARY/);
  assert.equal((await call('PUT', '/api/v1/raci', { rows })).statusCode, 200);
});

test('teams, channels (secrets redacted, settings checked per kind, test send recorded), silences, maintenance windows', async () => {
  const team = `T-${randomUUID().slice(0, 6)}`;
  const t = await call('POST', '/api/v1/teams', {
    name: team,
    members: [{ id: 'a', name: 'A' }],
    rotation: { startsAt: 0, handoffWeekday: 1, handoffHour: 9, memberIds: ['a'] },
    channels: { page: [], notify: [], digest: [] },
  });
  assert.equal(t.statusCode, 201, t.body);
  assert.equal(t.json().team.id, team);
  const badRotation = await call('PUT', `/api/v1/teams/${team}`, {
    name: team,
    members: [],
    rotation: { startsAt: 0, handoffWeekday: 1, handoffHour: 9, memberIds: ['zz'] },
    channels: { page: [], notify: [], digest: [] },
  });
  assert.match(badRotation.json().message, /rotation\.memberIds: "zz" is not a member/);

  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  try {
    const id = `hook-${randomUUID().slice(0, 6)}`;
    const c = await call('POST', '/api/v1/channels', {
      id,
      name: 'hook',
      kind: 'webhook',
      settings: { url: `${rx.url}/am-secret-path`, headers: { authorization: 'Bearer s3cret' } },
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().channel.settings.url, '…path');
    assert.equal(c.json().channel.settings.headers.authorization, '…');
    const invalid = await call('POST', '/api/v1/channels', {
      id: `${id}-2`,
      name: 'pd',
      kind: 'pagerduty',
      settings: { url: 'x' },
    });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.json().message, /^body\.settings/);
    const sent = await call('POST', `/api/v1/channels/${id}/test`);
    assert.equal(sent.statusCode, 200, sent.body);
    assert.deepEqual(
      [sent.json().delivery.ok, sent.json().delivery.statusCode, sent.json().delivery.purpose],
      [true, 200, 'test'],
    );
    const body = rx.requests[0]!.json as Obj;
    assert.equal(body.version, '4');
    assert.equal(rx.requests[0]!.headers.authorization, 'Bearer s3cret');
  } finally {
    await rx.close();
  }

  const silence = await call('POST', '/api/v1/silences', {
    matchers: [{ name: 'model', op: '=~', value: 'fraud-.*' }],
    startsAt: NOW,
    endsAt: NOW + 3_600_000,
    comment: 'deploy',
  });
  assert.equal(silence.statusCode, 201, silence.body);
  assert.ok(silence.json().silence.id);
  const backwards = await call('POST', '/api/v1/silences', {
    matchers: [{ name: 'a', op: '=', value: 'b' }],
    startsAt: NOW,
    endsAt: NOW - 1,
  });
  assert.match(backwards.json().message, /endsAt: must be after startsAt/);
  const mw = await call('POST', '/api/v1/maintenance-windows', {
    scope: { areas: ['Infrastructure'] },
    schedule: { kind: 'weekly', weekdays: [0], startTime: '02:00', duration: '2h' },
  });
  assert.equal(mw.statusCode, 201, mw.body);
  assert.equal(
    (await call('GET', '/api/v1/maintenance-windows', undefined, readAuth)).json().maintenanceWindows.length >= 1,
    true,
  );
  assert.equal((await call('DELETE', `/api/v1/silences/${silence.json().silence.id}`)).statusCode, 204);
});

test('SLOs: CRUD and status from ingested traffic (exact budget arithmetic)', async () => {
  const model = `slo-${randomUUID().slice(0, 8)}`;
  const events = [];
  // 10,000 calls over the last 100 minutes, 5 failures: 50 % of a 99.9 % budget.
  for (let i = 0; i < 10_000; i++)
    events.push({
      model,
      endpoint: 'POST /x',
      timestamp: NOW - 100 * 60_000 + i * 600,
      latencyMs: i % 100 === 0 ? 900 : 50,
      status: i % 2000 === 7 ? 'error' : 'ok',
    });
  for (let i = 0; i < events.length; i += 1000)
    assert.equal((await call('POST', '/api/v1/events', { events: events.slice(i, i + 1000) })).statusCode, 200);
  await s.vigil.pipeline.flush();
  assert.equal(
    (
      await call('POST', '/api/v1/slos', {
        id: model,
        name: 'avail',
        kind: 'availability',
        model,
        objectivePercent: 99.9,
      })
    ).statusCode,
    201,
  );
  const status = (await call('GET', `/api/v1/slos/${model}/status`, undefined, readAuth)).json().status;
  assert.deepEqual(
    [status.totalEvents, status.badEvents, status.errorBudgetPpm, status.allowedBadEvents],
    [10_000, 5, 1000, 10],
  );
  assert.equal(status.consumedFraction, 0.5);
  assert.equal(status.remainingFraction, 0.5);
  assert.equal(status.page, false);
  const lat = await call('POST', '/api/v1/slos', {
    id: `${model}-lat`,
    name: 'lat',
    kind: 'latency',
    model,
    objectivePercent: 99,
  });
  assert.match(lat.json().message, /latencyThresholdMs: is required/);
  await call('POST', '/api/v1/slos', {
    id: `${model}-lat`,
    name: 'lat',
    kind: 'latency',
    model,
    objectivePercent: 99,
    latencyThresholdMs: 300,
  });
  const latStatus = (await call('GET', `/api/v1/slos/${model}-lat/status`)).json().status;
  assert.equal(latStatus.badEvents, 100, '1 call in 100 slower than 300 ms');
  assert.equal(latStatus.consumedFraction, 1);
  assert.equal(latStatus.isExhausted, false);
});

test('the OpenAPI document covers the alerting routes', async () => {
  const doc = (await call('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, unknown> };
  for (const p of [
    '/api/v1/alerts/rules',
    '/api/v1/alerts/rules/preview',
    '/api/v1/alerts',
    '/api/v1/incidents/{id}/acknowledge',
    '/api/v1/incidents/metrics',
    '/api/v1/raci',
    '/api/v1/teams',
    '/api/v1/channels/{id}/test',
    '/api/v1/silences',
    '/api/v1/maintenance-windows',
    '/api/v1/slos/{id}/status',
  ]) {
    assert.ok(doc.paths[p], `${p} in the OpenAPI document`);
  }
});
