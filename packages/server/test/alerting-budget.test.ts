// Budget alerts end to end: costed events through POST /api/v1/events into a real SQLite server, monthly budgets
// through PUT /api/v1/cost/budgets, the scheduler driven by hand with an injected clock; a budget.forecastRatio
// rule in "Cost Monitoring" opens an incident owned by Business (PRIMARY) and pages its Slack channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
// 10 whole days of November 2026 (30 days) have passed: forecast = month-to-date ÷ 10 × 30.
const NOW = Date.UTC(2026, 10, 11);
const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };

const budgetRule = (id: string, metric: string, scope: Obj, value: number) => ({
  id,
  name: `${metric} over ${value}`,
  kind: 'threshold',
  area: 'Cost Monitoring',
  severity: 'error',
  runbook: 'https://wiki.example/runbooks/llm-spend',
  summary: 'forecast at {{value}} × budget',
  scope,
  metric,
  window: '1m',
  comparator: '>',
  value,
});

test('budget.forecastRatio > 1 opens an incident owned by Business; a budget well above spend and a target without budget stay quiet', async (t) => {
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => slack.close());
  let clock = NOW;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    expect = method === 'POST' ? [200, 201] : [200],
  ) => {
    const r = await s.vigil.app.inject({ method, url, headers: s.auth, payload });
    assert.ok(expect.includes(r.statusCode), `${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json() as Obj;
  };
  const id = randomUUID().slice(0, 8);
  const chat = `chat-${id}`;
  const recs = `recs-${id}`;
  const team = `bi-${id}`;
  const llm = (timestamp: number, costUsd: number) => ({
    model: chat,
    modelType: 'llm',
    endpoint: 'POST /chat',
    timestamp,
    latencyMs: 300,
    costUsd,
    llm: { requestModel: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 200 },
  });
  await call('POST', '/api/v1/events', {
    events: [
      llm(Date.UTC(2026, 9, 30, 12), 40), // October: not in November's month-to-date
      llm(Date.UTC(2026, 10, 1, 10), 1.5),
      llm(Date.UTC(2026, 10, 5, 12), 2.5),
      llm(Date.UTC(2026, 10, 10, 23), 1),
      { model: recs, endpoint: 'POST /recs', timestamp: Date.UTC(2026, 10, 3), latencyMs: 5, costUsd: 0.25 },
    ],
  });
  await s.vigil.pipeline.flush();
  await call('POST', '/api/v1/use-cases', {
    id: `uc-${id}`,
    name: 'Barista chat',
    ownerTeam: team,
    models: [chat],
    endpoints: [],
  });
  await call('POST', '/api/v1/channels', {
    id: 'biz-slack',
    name: 'business',
    kind: 'slack',
    settings: { webhookUrl: slack.url, retry: fast },
  });
  await call('POST', '/api/v1/teams', {
    name: 'Business',
    members: [],
    channels: { page: ['biz-slack'], notify: [], digest: [] },
  });
  // Team: $5 spent in 10 days → forecast $15 of $12 (1.25). Model: the same $5 against $100 (0.15).
  const { budgets } = await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'team', target: team, monthlyUsd: 12 },
      { scope: 'model', target: chat, monthlyUsd: 100 },
    ],
  });
  const teamBudget = budgets.find((b: Obj) => b.scope === 'team');
  assert.deepEqual(
    [teamBudget.spentUsd, teamBudget.forecastUsd, teamBudget.forecastRatio, teamBudget.status],
    [5, 15, 1.25, 'at-risk'],
  );

  await call(
    'POST',
    '/api/v1/alerts/rules',
    budgetRule(`team-forecast-${id}`, 'budget.forecastRatio', { tags: { team } }, 1),
  );
  await call(
    'POST',
    '/api/v1/alerts/rules',
    budgetRule(`model-forecast-${id}`, 'budget.forecastRatio', { model: chat }, 1),
  );
  await call(
    'POST',
    '/api/v1/alerts/rules',
    budgetRule(`model-spent-${id}`, 'budget.spentRatio', { model: chat }, 0.5),
  );
  await call('POST', '/api/v1/alerts/rules', budgetRule(`no-budget-${id}`, 'budget.spentRatio', { model: recs }, 0)); // no budget: no data

  const scheduler = s.vigil.app.alerting.scheduler;
  let r = await scheduler.evaluateOnce(NOW);
  assert.deepEqual([r.rules, r.firing, r.pending], [4, 1, 0]);
  clock = NOW + 30_000;
  r = await scheduler.evaluateOnce(clock); // group_wait (30 s) passed: the group flushes
  assert.equal(r.notifications, 1);

  // The value is the budgets API's forecast ratio at the same instant (30 s later: 15 × 10 / 10.00035 days).
  const { alerts } = await call('GET', '/api/v1/alerts?state=firing');
  const atRound = (await call('GET', '/api/v1/cost/budgets')).budgets.find((b: Obj) => b.scope === 'team');
  assert.deepEqual(
    alerts.map((a: Obj) => [a.ruleId, a.value]),
    [[`team-forecast-${id}`, atRound.forecastRatio]],
  );
  assert.ok(Math.abs(atRound.forecastRatio - 1.25) < 1e-4);
  const { incidents } = await call('GET', '/api/v1/incidents?status=open');
  assert.equal(incidents.length, 1);
  const incident = incidents[0];
  assert.deepEqual(
    [incident.team, incident.area, incident.severity, incident.ruleIds],
    ['Business', 'Cost Monitoring', 'error', [`team-forecast-${id}`]],
  );
  const detail = await call('GET', `/api/v1/incidents/${incident.id}`);
  assert.deepEqual(
    detail.deliveries.map((d: Obj) => [d.team, d.channelId, d.purpose, d.ok]),
    [['Business', 'biz-slack', 'page', true]],
  );
  assert.equal(slack.requests.length, 1);
  assert.ok(
    slack.requests[0]!.body.includes(`forecast at ${Number(atRound.forecastRatio.toPrecision(4))} × budget`),
    slack.requests[0]!.body,
  );

  // The budget raised well above the spend: the alert resolves at the next round and so does the incident.
  await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'team', target: team, monthlyUsd: 60 },
      { scope: 'model', target: chat, monthlyUsd: 100 },
    ],
  });
  clock = NOW + 60_000;
  r = await scheduler.evaluateOnce(clock);
  assert.deepEqual([r.firing, r.pending], [0, 0]);
  for (clock = NOW + 90_000; clock <= NOW + 6 * 60_000; clock += 30_000) await scheduler.evaluateOnce(clock);
  const after = await call('GET', `/api/v1/incidents/${incident.id}`);
  assert.deepEqual([after.incident.status, after.incident.resolvedBy], ['resolved', 'system']);
  assert.equal((await call('GET', '/api/v1/incidents')).incidents.length, 1, 'the model budgets never opened one');
});

test('budget rules are validated: one budget target, no endpoint, threshold or relative change only', async (t) => {
  const s = await startTestServer({ env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const post = (rule: object) =>
    s.vigil.app.inject({ method: 'POST', url: '/api/v1/alerts/rules', headers: s.auth, payload: rule });
  const problems = async (rule: object) => {
    const res = await post(rule);
    assert.equal(res.statusCode, 400, res.body);
    return (res.json().details as Array<{ path: string; message: string }>).map((p) => `${p.path}: ${p.message}`);
  };
  const base = budgetRule(`v-${randomUUID().slice(0, 8)}`, 'budget.forecastRatio', {}, 1);
  assert.match(
    (await problems({ ...base, scope: undefined })).join('\n'),
    /\/scope: "budget\.forecastRatio" reads one monthly budget: set scope\.model, or a scope tag "useCase: <use-case id>" or "team: <team>"/,
  );
  assert.match(
    (await problems({ ...base, scope: { model: 'm', tags: { team: 'bi' } } })).join('\n'),
    /names scope\.model and scope\.tags\.team; keep one/,
  );
  assert.match(
    (await problems({ ...base, scope: { model: 'm', endpoint: 'POST /x' } })).join('\n'),
    /\/scope\/endpoint: .*not per endpoint/,
  );
  assert.match(
    (await problems({ ...base, scope: { tags: { team: 'bi', region: 'eu' } } })).join('\n'),
    /\/scope\/tags\/region: "budget\.forecastRatio" accepts only the tags "useCase", "team", "customer-facing"/,
  );
  const { metric: _m, comparator: _c, value: _v, ...rest } = base;
  assert.match(
    (
      await problems({ ...rest, kind: 'absence', metric: 'budget.spentRatio', window: '1h', scope: { model: 'm' } })
    ).join('\n'),
    /not a count/,
  );
  assert.match(
    (await problems({ ...base, metric: 'budget.ratio', scope: { model: 'm' } })).join('\n'),
    /unknown metric; choose from .*budget\.spentRatio, budget\.forecastRatio/,
  );
  const ok = await post({
    ...base,
    kind: 'relative_change',
    value: undefined,
    offset: '1d',
    changePercent: 20,
    scope: { tags: { useCase: 'recs' } },
  });
  assert.equal(ok.statusCode, 201, ok.body);
  const preview = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/rules/preview',
    headers: s.auth,
    payload: { rule: { ...base, scope: { model: 'm' } }, range: '1h' },
  });
  assert.equal(preview.statusCode, 200, preview.body);
  assert.equal(preview.json().noData, preview.json().evaluations, 'previews report budget ratios as no data');
});
