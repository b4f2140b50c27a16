import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { addTestUser, loginSession, type TestSession } from './helpers/identity.js';
import { hashApiKey } from '../src/plugins/auth.js';
import { createUseCaseService } from '../src/governance/index.js';

const MIN = 60_000;
let clock = Date.UTC(2026, 10, 27, 12, 0, 0);
let s: TestServer;
// People of the intake: Ben and Dora in the owning team (data-science), Carla the Executive who approves.
let ben: TestSession;
let dora: TestSession;
let carla: TestSession;
let outsider: TestSession;
before(async () => {
  s = await startTestServer({ now: () => clock });
  ben = await loginSession(
    s,
    await addTestUser(s, { username: 'ben', displayName: 'Ben', roles: ['devops'], teams: ['data-science'] }),
  );
  dora = await loginSession(
    s,
    await addTestUser(s, { username: 'dora', displayName: 'Dora', roles: ['data-science'], teams: ['Data-Science'] }),
  );
  carla = await loginSession(
    s,
    await addTestUser(s, { username: 'carla', displayName: 'Carla', roles: ['executive'] }),
  );
  outsider = await loginSession(s, await addTestUser(s, { username: 'olaf', roles: ['devops'], teams: ['bi'] }));
});
after(() => s.close());

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, as?: TestSession) {
  const headers = as ? as.headers : s.auth;
  const res = await s.vigil.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as any) : null };
}

async function ingest(events: object[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events: events.slice(i, i + 1000) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
}

/** `perMinute` calls in each of `minutes` whole minutes starting at `fromMs`. */
function traffic(
  model: string,
  endpoint: string,
  fromMs: number,
  minutes: number,
  perMinute: number,
  extra: object = {},
) {
  const out: object[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < perMinute; k++)
      out.push({
        model,
        endpoint,
        requestId: randomUUID(),
        timestamp: fromMs + m * MIN + Math.floor((k * MIN) / perMinute),
        latencyMs: 50,
        ...extra,
      });
  }
  return out;
}

const checkpoint = async (id: string, key: string) =>
  ((await call('GET', `/api/v1/use-cases/${id}/checkpoints`)).body.checkpoints as any[]).find((c) => c.key === key);

test('intake: every transition and computed checkpoint against ingested traffic, rules, SLOs and labels', async () => {
  const model = `recs-${randomUUID().slice(0, 8)}`;
  const endpoint = 'POST /recommend';
  const id = `drink-recs-${randomUUID().slice(0, 6)}`;

  // Phase 1: a draft with requirements missing cannot leave "requirements".
  const created = await call('POST', '/api/v1/use-cases', {
    id,
    name: 'Drink recommendations',
    ownerTeam: 'data-science',
    models: [model],
    endpoints: [endpoint],
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.stage, 'requirements');
  assert.equal(created.body.isThroughIntake, true);
  let r = await call('POST', `/api/v1/use-cases/${id}/advance`, {
    to: 'development',
    actor: { name: 'Ana', role: 'data-science' },
  });
  assert.equal(r.status, 409);
  assert.deepEqual(
    r.body.details.missing.map((m: string) => m.split(':')[0]),
    [
      'requirements.business_impact',
      'requirements.technical',
      'requirements.technical',
      'requirements.monitoring_slas',
      'requirements.compliance',
    ],
  );

  const spec = {
    id,
    name: 'Drink recommendations',
    ownerTeam: 'data-science',
    models: [model],
    endpoints: [endpoint],
    businessImpact: { revenueAtStakeUsdPerHour: 2000, isCustomerFacing: true },
    expectedQps: 2,
    latencyLimitMs: 300,
    accuracyThreshold: 0.8,
    compliance: { personalData: false, gdpr: false, pci: false },
  };
  r = await call('PUT', `/api/v1/use-cases/${id}`, spec);
  assert.equal(r.status, 200);
  assert.equal(r.body.riskTier, 'high');
  assert.deepEqual(r.body.monitoringAreas, ['API Performance', 'Model Accuracy']);
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, {
    to: 'development',
    actor: { name: 'Ana', role: 'data-science' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.useCase.stage, 'development');

  // Phase 2: nothing observed yet → refused with each missing item.
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'production_readiness' });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'VIGIL_ERR_CHECKPOINTS_NOT_MET', 'a client tells "do what is missing" from other 409s');
  const keys = new Set(r.body.details.missing.map((m: string) => m.split(':')[0]));
  assert.deepEqual(
    [...keys],
    ['development.instrumentation', 'development.alert_rules', 'development.latency_slo', 'development.load_test'],
  );

  // Instrumentation: events on the model and endpoint. A load test at 100 calls/min is below 2 QPS × 60 × 0.9 = 108.
  const t0 = clock - 60 * MIN;
  await ingest(traffic(model, endpoint, t0, 5, 100));
  assert.equal((await checkpoint(id, 'development.instrumentation')).isMet, true);
  r = await call('POST', `/api/v1/use-cases/${id}/load-tests`, { from: t0, to: t0 + 5 * MIN, note: 'k6 run 1' });
  assert.equal(r.status, 201);
  let lt = await checkpoint(id, 'development.load_test');
  assert.equal(lt.isMet, false);
  assert.match(lt.detail, /reached 100\.0 calls\/min; need ≥ 108\.0 \(2 QPS × 60 × 0\.9\)/);
  // A second run at 110 calls/min passes; the window's partial first minute is not counted.
  const t1 = clock - 30 * MIN;
  await ingest(traffic(model, endpoint, t1, 4, 110));
  r = await call('POST', `/api/v1/use-cases/${id}/load-tests`, {
    from: new Date(t1 - 30_000).toISOString(),
    to: new Date(t1 + 4 * MIN).toISOString(),
  });
  assert.equal(r.status, 201);
  lt = await checkpoint(id, 'development.load_test');
  assert.equal(lt.isMet, true, lt.detail);
  assert.match(lt.detail, /110\.0 calls\/min over 4 min/);

  // Alert rules with runbooks for API Performance and Model Accuracy; a rule without a model scope covers every model.
  const alerting = s.vigil.store.alerting;
  await alerting.putRule(
    {
      id: `${id}-latency`,
      name: 'p95 latency',
      kind: 'threshold',
      area: 'API Performance',
      severity: 'critical',
      runbook: 'https://runbooks/latency',
      metric: 'latency.p95',
      comparator: '>',
      value: 300,
      scope: { model },
    },
    'api',
    clock,
  );
  let rules = await checkpoint(id, 'development.alert_rules');
  assert.deepEqual(rules.missing, [`Model Accuracy: no enabled rule with a runbook covers model "${model}"`]);
  await alerting.putRule(
    {
      id: `${id}-acc`,
      name: 'accuracy',
      kind: 'threshold',
      area: 'Model Accuracy',
      severity: 'error',
      runbook: 'Retrain; see wiki',
      metric: 'accuracy',
      comparator: '<',
      value: 0.8,
      enabled: false,
      scope: { model },
    },
    'api',
    clock,
  );
  assert.equal((await checkpoint(id, 'development.alert_rules')).isMet, false, 'a disabled rule does not count');
  await alerting.putRule(
    {
      id: `${id}-acc`,
      name: 'accuracy',
      kind: 'threshold',
      area: 'Model Accuracy',
      severity: 'error',
      runbook: 'Retrain; see wiki',
      metric: 'accuracy',
      comparator: '<',
      value: 0.8,
      scope: { model },
    },
    'api',
    clock,
  );
  assert.equal((await checkpoint(id, 'development.alert_rules')).isMet, true);

  // Latency SLO: a threshold above the declared 300 ms does not match; 250 ms does.
  await alerting.slos.put(
    { id: `${id}-slo`, name: 'recs latency', kind: 'latency', model, objectivePercent: 99.9, latencyThresholdMs: 500 },
    clock,
  );
  assert.match((await checkpoint(id, 'development.latency_slo')).detail, /no latency SLO with threshold ≤ 300 ms/);
  await alerting.slos.put(
    { id: `${id}-slo`, name: 'recs latency', kind: 'latency', model, objectivePercent: 99.9, latencyThresholdMs: 250 },
    clock,
  );
  assert.equal((await checkpoint(id, 'development.latency_slo')).isMet, true);

  r = await call('POST', `/api/v1/use-cases/${id}/advance`, {
    to: 'production_readiness',
    actor: { name: 'Ben', role: 'devops' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // Phase 3: events flow; labels do not yet (accuracy threshold set).
  assert.equal((await checkpoint(id, 'production_readiness.events_flowing')).isMet, true);
  let sig = await checkpoint(id, 'production_readiness.signals_flowing');
  assert.match(sig.detail, /no labels \(ground truth\) received/);
  const lab = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/labels',
    headers: s.auth,
    payload: { labels: [{ model, requestId: randomUUID(), label: 'latte' }] },
  });
  assert.ok(lab.statusCode === 200 || lab.statusCode === 207, lab.body);
  sig = await checkpoint(id, 'production_readiness.signals_flowing');
  assert.equal(sig.isMet, true, sig.detail);

  // Approval: refused for anyone but a signed-in Executive (an admin key typing "cto" no longer passes), and
  // while human checkpoints are open.
  r = await call('POST', `/api/v1/use-cases/${id}/approve`, {}, ben);
  assert.equal(r.status, 403);
  assert.match(r.body.message, /ben has roles devops; this route needs permission golive\.approve/);
  r = await call('POST', `/api/v1/use-cases/${id}/approve`, { actor: { name: 'Carla', role: 'cto' } });
  assert.equal(r.status, 403);
  assert.match(
    r.body.message,
    /API key "VIGIL_ADMIN_KEY" has scope admin; this route needs permission golive\.approve/,
  );
  r = await call('POST', `/api/v1/use-cases/${id}/approve`, {}, carla);
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'VIGIL_ERR_CHECKPOINTS_NOT_MET');
  assert.deepEqual(r.body.details.missing, [
    'production_readiness.runbook_reviewed: not signed off yet',
    'production_readiness.team_trained: not signed off yet',
  ]);
  r = await call('POST', `/api/v1/use-cases/${id}/checkpoints/development.load_test`, {}, ben);
  assert.equal(r.status, 400, 'computed checkpoints cannot be ticked');
  // Sign-offs: a person of the owning team only — not an API key, not another team's member.
  const runbook = `/api/v1/use-cases/${id}/checkpoints/production_readiness.runbook_reviewed`;
  r = await call('POST', runbook, { actor: { name: 'Ben', role: 'devops' } });
  assert.equal(r.status, 403);
  r = await call('POST', runbook, {}, outsider);
  assert.equal(r.status, 403);
  assert.match(r.body.message, /olaf is not in team "data-science", which owns use case/);
  r = await call('POST', runbook, { note: 'reviewed with L1', actor: { name: 'Someone else', role: 'cto' } }, ben);
  assert.equal(r.status, 200);
  const reviewed = r.body.checkpoints.find((c: any) => c.key === 'production_readiness.runbook_reviewed');
  assert.deepEqual(
    [reviewed.isMet, reviewed.signedBy, reviewed.signedAt],
    [true, { name: 'Ben (ben)', role: 'devops' }, new Date(clock).toISOString()],
    'the signed-in person is recorded, whatever the body says',
  );
  r = await call('POST', `/api/v1/use-cases/${id}/checkpoints/production_readiness.team_trained`, {}, dora);
  assert.equal(r.status, 200, 'team names match without regard to case');
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'production' });
  assert.equal(r.status, 409);
  assert.deepEqual(r.body.details.missing, ['production_readiness.cto_approval: no go-live approval by the CTO role']);
  clock += 1000;
  r = await call('POST', `/api/v1/use-cases/${id}/approve`, { note: 'go' }, carla);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.isGoLiveReady, true);

  // A later change of the requirements voids the approval.
  clock += 1000;
  r = await call('PUT', `/api/v1/use-cases/${id}`, { ...spec, expectedQps: 1 });
  assert.equal(r.status, 200);
  assert.match((await checkpoint(id, 'production_readiness.cto_approval')).detail, /predates the last change/);
  clock += 1000;
  r = await call('POST', `/api/v1/use-cases/${id}/approve`, {}, carla);
  assert.equal(r.status, 200);

  r = await call('POST', `/api/v1/use-cases/${id}/advance`, {
    to: 'production',
    actor: { name: 'Carla', role: 'cto' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.useCase.stage, 'production');

  // Retire; a retired use case stays retired.
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'retired' });
  assert.equal(r.status, 200);
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'production' });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'VIGIL_ERR_USE_CASE_RETIRED');

  // Every step is in the audit trail, with who did it.
  const audit = (await call('GET', `/api/v1/use-cases/${id}/audit`)).body.entries as any[];
  assert.deepEqual(
    audit.map((e) => e.action),
    [
      'created',
      'advance_refused',
      'updated',
      'advanced',
      'advance_refused',
      'load_test_recorded',
      'load_test_recorded',
      'advanced',
      'approval_refused',
      'signed_off',
      'signed_off',
      'advance_refused',
      'approved',
      'updated',
      'approved',
      'advanced',
      'advanced',
      'advance_refused',
    ],
  );
  const approved = audit.find((e) => e.action === 'approved');
  assert.deepEqual(approved.actor, { name: 'Carla (carla)', role: 'executive' });
  assert.equal(approved.apiKeyName, null, 'a person, not a key, approved');
  assert.deepEqual(audit.at(-2).details, { from: 'production', to: 'retired', reason: 'retiring' });
});

test('transitions: one stage at a time forward, back for re-work, create at a later stage is not through intake', async () => {
  const id = `legacy-${randomUUID().slice(0, 6)}`;
  let r = await call('POST', '/api/v1/use-cases', {
    id,
    name: 'Legacy pricing',
    ownerTeam: 'bi',
    models: [],
    endpoints: [],
    stage: 'production',
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.isThroughIntake, false);
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'development', reason: 'rebuild' });
  assert.equal(r.status, 200);
  r = await call('POST', `/api/v1/use-cases/${id}/advance`, { to: 'production' });
  assert.equal(r.status, 409);
  assert.match(r.body.message, /one stage at a time/);
  r = await call('POST', '/api/v1/use-cases', { id, name: 'dup', ownerTeam: 'bi', models: [], endpoints: [] });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'VIGIL_ERR_ALREADY_EXISTS');
  r = await call('PUT', `/api/v1/use-cases/${id}`, {
    name: 'x',
    ownerTeam: 'bi',
    models: [],
    endpoints: [],
    stage: 'production',
  });
  assert.equal(r.status, 400);
  assert.match(r.body.message, /body\.stage: change the stage with POST/);
  r = await call('DELETE', `/api/v1/use-cases/${id}`);
  assert.equal(r.status, 204);
  assert.equal((await call('GET', `/api/v1/use-cases/${id}`)).status, 404);
  const trail = (await call('GET', `/api/v1/use-cases/${id}/audit`)).body.entries as any[];
  assert.deepEqual(
    trail.map((e) => e.action),
    ['created', 'advanced', 'advance_refused', 'deleted'],
  );
});

test('LLM use case: tokens and cost must flow; a read key cannot write', async () => {
  const model = `barista-llm-${randomUUID().slice(0, 8)}`;
  const id = `llm-${randomUUID().slice(0, 6)}`;
  await ingest(traffic(model, 'POST /chat', clock - 10 * MIN, 1, 5, { modelType: 'llm' }));
  let r = await call('POST', '/api/v1/use-cases', {
    id,
    name: 'Barista chat',
    ownerTeam: 'ds',
    models: [model],
    endpoints: ['POST /chat'],
    accuracyThreshold: null,
  });
  assert.deepEqual(r.body.monitoringAreas, ['API Performance', 'Cost Monitoring']);
  let sig = await checkpoint(id, 'production_readiness.signals_flowing');
  assert.deepEqual(sig.missing, [
    `LLM use case but no token counts for model "${model}" in the last 24 h`,
    `LLM use case but no cost for model "${model}" in the last 24 h`,
  ]);
  await ingest(
    traffic(model, 'POST /chat', clock - 5 * MIN, 1, 5, {
      modelType: 'llm',
      costUsd: 0.002,
      llm: { inputTokens: 10, outputTokens: 20 },
    }),
  );
  sig = await checkpoint(id, 'production_readiness.signals_flowing');
  assert.equal(sig.isMet, true, sig.detail);

  const readKey = `read-${randomUUID()}`;
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: 'viewer',
    role: 'read',
    hash: hashApiKey(readKey),
    createdAtMs: clock,
    revokedAtMs: null,
  });
  const denied = await s.vigil.app.inject({
    method: 'POST',
    url: `/api/v1/use-cases/${id}/advance`,
    headers: { authorization: `Bearer ${readKey}` },
    payload: { to: 'development' },
  });
  assert.equal(denied.statusCode, 403);
  const allowed = await s.vigil.app.inject({
    method: 'GET',
    url: `/api/v1/use-cases/${id}/checkpoints`,
    headers: { authorization: `Bearer ${readKey}` },
  });
  assert.equal(allowed.statusCode, 200);
});

test('two writers of one use case: the second, holding the version it read, gets VIGIL_ERR_VERSION_CONFLICT and changes nothing', async () => {
  const id = `vc-${randomUUID().slice(0, 8)}`;
  const created = await call('POST', '/api/v1/use-cases', {
    id,
    name: 'Churn',
    ownerTeam: 'bi',
    models: [],
    endpoints: [],
  });
  assert.equal(created.status, 201);
  // The service reads the use case, then writes it expecting the version it read: started together, both read
  // version 1 before either writes.
  const useCases = createUseCaseService({ store: s.vigil.store, now: () => clock });
  const input = (ownerTeam: string) => ({ name: 'Churn', ownerTeam, models: [], endpoints: [] });
  const results = await Promise.allSettled([
    useCases.update(id, input('first'), { apiKeyName: 'a' }),
    useCases.update(id, input('second'), { apiKeyName: 'b' }),
  ]);
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[1].status, 'rejected');
  const err = (results[1] as PromiseRejectedResult).reason as { code: string; statusCode: number };
  assert.equal(err.code, 'VIGIL_ERR_VERSION_CONFLICT');
  assert.equal(err.statusCode, 409);
  const now = await call('GET', `/api/v1/use-cases/${id}`);
  assert.equal(now.body.ownerTeam, 'first');
  assert.equal(now.body.version, 2);
});
