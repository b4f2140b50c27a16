import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// 10 whole days of November have passed: month-to-date spend ÷ 10 × 30 is the forecast.
const NOW = Date.UTC(2026, 10, 11, 0, 0, 0);
const at = (day: number, hour = 12) => Date.UTC(2026, 10, day, hour);
const id = randomUUID().slice(0, 6);
const A = `chat-${id}`;
const B = `recs-${id}`;
let s: TestServer;

const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  s.vigil.app.inject({ method, url, headers: s.auth, payload });

before(async () => {
  s = await startTestServer({ now: () => NOW });
  const llm = (timestamp: number, costUsd: number | undefined, inputTokens: number, outputTokens: number) => ({
    model: A,
    modelType: 'llm',
    endpoint: 'POST /chat',
    timestamp,
    latencyMs: 100,
    ...(costUsd !== undefined && { costUsd }),
    llm: { requestModel: 'gpt-4o-mini', inputTokens, outputTokens },
  });
  const events = [
    llm(Date.UTC(2026, 9, 20), 8, 0, 0), // October: not in November's budget
    llm(at(1, 10), 1.5, 1000, 500),
    llm(at(5), 2.5, 2000, 1000),
    llm(at(10, 23), 1, 1000, 0),
    llm(at(10, 23), undefined, 4000, 2000), // no costUsd: only an estimate can price it
    ...[0, 1, 2, 3].map(() => ({ model: B, endpoint: 'POST /recs', timestamp: at(3), latencyMs: 5, costUsd: 0.25 })),
    { model: B, endpoint: 'POST /recs', timestamp: at(3), latencyMs: 5 },
  ];
  const r = await call('POST', '/api/v1/events', { events });
  assert.equal(r.statusCode, 200, r.body);
  await s.vigil.pipeline.flush();
  for (const uc of [
    { id: `uc1-${id}`, name: 'Barista chat', ownerTeam: 'bi', models: [A], endpoints: [] },
    { id: `uc2-${id}`, name: 'Recommendations', ownerTeam: 'bi', models: [B], endpoints: [] },
    { id: `uc3-${id}`, name: 'Recs for DS', ownerTeam: 'ds', models: [B], endpoints: [] },
  ]) {
    const res = await call('POST', '/api/v1/use-cases', uc);
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(() => s.close());

type Groups = {
  total: any;
  groups: Array<{
    key: string;
    models: string[];
    totals: any;
    points: Array<{ t: number; spendUsd: number; calls: number; costPerCallUsd: number | null }>;
  }>;
};
const range = `from=${at(1, 0)}&to=${NOW}&step=1d`;

test('spend and cost per prediction per model, per day, summed exactly from the rollups', async () => {
  const r = await call('GET', `/api/v1/cost?${range}&groupBy=model`);
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as Groups & { step: number };
  assert.equal(body.step, 86_400_000);
  const a = body.groups.find((g) => g.key === A)!;
  const b = body.groups.find((g) => g.key === B)!;
  assert.deepEqual(
    [a.totals.spendUsd, a.totals.calls, a.totals.callsWithCost, a.totals.costPerCallUsd],
    [5, 4, 3, 1.25],
  );
  assert.deepEqual([a.totals.inputTokens, a.totals.outputTokens], [8000, 3500]);
  assert.deepEqual([b.totals.spendUsd, b.totals.calls, b.totals.costPerCallUsd], [1, 5, 0.2]);
  assert.equal(a.points.length, 10);
  assert.deepEqual(
    a.points.map((p) => p.spendUsd),
    [1.5, 0, 0, 0, 2.5, 0, 0, 0, 0, 1],
  );
  assert.deepEqual(a.points[9], { t: at(10, 0), spendUsd: 1, calls: 2, costPerCallUsd: 0.5 });
  assert.equal(a.points[1]!.costPerCallUsd, null);
  assert.equal(body.total.spendUsd, 6);
});

test('per team and per use case: a shared model counts in each owner, the overall total once', async () => {
  const team = (await call('GET', `/api/v1/cost?${range}&groupBy=team`)).json() as Groups;
  assert.deepEqual(
    team.groups.map((g) => [g.key, g.totals.spendUsd, g.models]),
    [
      ['bi', 6, [A, B].sort()],
      ['ds', 1, [B]],
    ],
  );
  assert.equal(team.total.spendUsd, 6);
  const uc = (await call('GET', `/api/v1/cost?${range}&groupBy=useCase`)).json() as Groups;
  assert.deepEqual(
    uc.groups.map((g) => [g.key, g.totals.spendUsd]),
    [
      [`uc1-${id}`, 5],
      [`uc2-${id}`, 1],
      [`uc3-${id}`, 1],
    ],
  );
  const bad = await call('GET', `/api/v1/cost?groupBy=region`);
  assert.equal(bad.statusCode, 400);
});

test('monthly budgets: month-to-date spend, linear forecast to month end, ok / at-risk / over', async () => {
  const put = await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'model', target: A, monthlyUsd: 12 },
      { scope: 'team', target: 'bi', monthlyUsd: 20 },
      { scope: 'model', target: B, monthlyUsd: 0.5 },
      { scope: 'useCase', target: `uc3-${id}`, monthlyUsd: 2.5 },
    ],
  });
  assert.equal(put.statusCode, 200, put.body);
  const { budgets, alerting } = (await call('GET', '/api/v1/cost/budgets')).json() as {
    budgets: any[];
    alerting: string;
  };
  const by = (target: string) => budgets.find((b) => b.target === target);
  // A: $5 in 10 days → $0.50/day → $15 over 30 days > $12.
  const a = by(A);
  assert.deepEqual(
    [a.spentUsd, a.elapsedDays, a.daysInMonth, a.dailyRateUsd, a.forecastUsd, a.status],
    [5, 10, 30, 0.5, 15, 'at-risk'],
  );
  assert.equal(a.monthStart, '2026-11-01T00:00:00.000Z');
  assert.deepEqual(
    a.daily.slice(0, 5).map((d: any) => d.spendUsd),
    [1.5, 0, 0, 0, 2.5],
  );
  // bi: $6 → $18 forecast ≤ $20.
  assert.equal(by('bi').status, 'ok');
  assert.ok(Math.abs(by('bi').forecastUsd - 18) < 1e-9);
  assert.equal(by(B).status, 'over');
  // uc3 owns B: $1 → $3 > $2.50.
  assert.deepEqual([by(`uc3-${id}`).spentUsd, by(`uc3-${id}`).status], [1, 'at-risk']);
  assert.match(alerting, /Cost Monitoring/);

  const unknown = await call('PUT', '/api/v1/cost/budgets', {
    budgets: [{ scope: 'useCase', target: 'nope', monthlyUsd: 1 }],
  });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().message, /body\.budgets\[0\]\.target: use case "nope" does not exist/);
  const dup = await call('PUT', '/api/v1/cost/budgets', {
    budgets: [
      { scope: 'team', target: 'x', monthlyUsd: 1 },
      { scope: 'team', target: 'x', monthlyUsd: 2 },
    ],
  });
  assert.equal(dup.statusCode, 400);
  assert.equal(
    ((await call('GET', '/api/v1/cost/budgets')).json() as { budgets: unknown[] }).budgets.length,
    4,
    'a refused PUT changes nothing',
  );
});

test('price table: every change is a new version; estimates name the version applied to each cell', async () => {
  const v1 = await call('PUT', '/api/v1/cost/prices', {
    prices: [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputPerMTok: 0.15,
        outputPerMTok: 0.6,
        validFrom: '2026-10-01T00:00:00Z',
      },
    ],
  });
  assert.equal(v1.statusCode, 200, v1.body);
  const first = v1.json().created[0];
  const again = (
    await call('PUT', '/api/v1/cost/prices', {
      prices: [
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          inputPerMTok: 0.15,
          outputPerMTok: 0.6,
          validFrom: '2026-10-01T00:00:00Z',
        },
      ],
    })
  ).json();
  assert.deepEqual([again.created.length, again.unchanged], [0, 1]);
  const v2 = (
    await call('PUT', '/api/v1/cost/prices', {
      prices: [
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          inputPerMTok: 0.3,
          outputPerMTok: 1.2,
          validFrom: String(at(5, 0)),
          note: 'price rise',
        },
        { provider: 'anthropic', model: 'claude-x', inputPerMTok: 1, outputPerMTok: 5, validFrom: String(at(5, 0)) },
      ],
    })
  ).json();
  const second = v2.created[0];
  assert.ok(second.version > first.version);
  const table = (await call('GET', '/api/v1/cost/prices')).json() as { current: any[]; versions: any[] };
  assert.equal(table.versions.length, 3);
  assert.deepEqual(
    table.current.map((p) => [p.model, p.version]),
    [
      ['claude-x', v2.created[1].version],
      ['gpt-4o-mini', second.version],
    ],
  );

  // Nov 1: 1000/500 tokens at v1; Nov 5 and Nov 10: 7000/3000 tokens at v2 (the call without costUsd included).
  const est = (
    await call('GET', `/api/v1/cost/estimate?model=${A}&requestModel=gpt-4o-mini&from=${at(1, 0)}&to=${NOW}`)
  ).json();
  assert.deepEqual(
    est.pricesApplied.map((p: any) => [p.version, p.inputTokens, p.outputTokens]),
    [
      [first.version, 1000, 500],
      [second.version, 7000, 3000],
    ],
  );
  assert.ok(Math.abs(est.pricesApplied[0].costUsd - 0.00045) < 1e-12);
  assert.ok(Math.abs(est.pricesApplied[1].costUsd - 0.0057) < 1e-12);
  assert.ok(Math.abs(est.estimatedUsd - 0.00615) < 1e-12);
  assert.deepEqual(est.recorded, { calls: 4, callsWithCost: 3, costUsd: 5 });
  assert.deepEqual(est.tokens, { input: 8000, output: 3500 });

  const partial = (
    await call('GET', `/api/v1/cost/estimate?model=${A}&requestModel=claude-x&from=${at(1, 0)}&to=${NOW}`)
  ).json();
  assert.deepEqual(partial.unpriced, { inputTokens: 1000, outputTokens: 500 });
  const none = await call('GET', `/api/v1/cost/estimate?model=${A}&requestModel=unknown-llm`);
  assert.equal(none.statusCode, 400);
  assert.match(none.json().message, /no price for "unknown-llm"/);
});

test('writes need an admin key', async () => {
  const r = await s.vigil.app.inject({ method: 'PUT', url: '/api/v1/cost/prices', payload: { prices: [] } });
  assert.equal(r.statusCode, 401);
});
