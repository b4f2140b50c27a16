import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { Incident } from '../src/storage/contracts/alerting-store.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = 86_400_000;
const MIN = 60_000;
let s: TestServer;
const call = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  s.vigil.app.inject({ method, url, headers: s.auth, payload });

function incident(over: Partial<Incident>): Incident {
  return {
    id: randomUUID(),
    groupKey: randomUUID(),
    title: 'latency',
    area: 'API Performance',
    severity: 'critical',
    model: null,
    endpoint: null,
    team: 'devops',
    participants: [],
    status: 'resolved',
    openedAt: NOW - DAY,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: NOW - DAY + 30 * MIN,
    resolvedBy: 'x',
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
    ...over,
  };
}

before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

test('empty state: every section answers, says what is missing, invents nothing', async () => {
  const r = await call('GET', '/api/v1/report/executive');
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();
  assert.equal(rep.period.days, 30);
  assert.deepEqual([rep.roi.isConfigured, rep.roi.scenarios], [false, []]);
  assert.equal(rep.measuredRoi.roi, null);
  assert.ok(rep.measuredRoi.missing.some((m: string) => m.includes('vigilRunningCostPerYearUsd')));
  assert.deepEqual(rep.highImpactIncidents.items, []);
  assert.equal(rep.spend.total.spendUsd, 0);
  assert.equal(rep.coverage.metric.current, null);
});

test('roi-inputs are validated (the error names the field) and stored', async () => {
  const bad = await call('PUT', '/api/v1/report/roi-inputs', { measured: { costPerIncidentUsd: -1 } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /body\.measured\.costPerIncidentUsd: must be a number of USD >= 0/);
  const badCalc = await call('PUT', '/api/v1/report/roi-inputs', { calculator: { benefits: { retention: '$1K' } } });
  assert.equal(badCalc.statusCode, 400);
  assert.match(badCalc.json().message, /body\.calculator\.annualCosts: no cost given/);
  const inputs = {
    calculator: {
      annualCosts: { licensing: '$22K' },
      benefits: {
        incidentPrevention: {
          incidentsPrevented: 3,
          revenueLossPerIncident: '$50K',
          reputationCostPerIncident: '$25K',
        },
      },
      stated: { roiPercent: 923 },
    },
    measured: { costPerIncidentUsd: 75_000, costPerHourUsd: 1000, vigilRunningCostPerYearUsd: 22_000 },
  };
  const ok = await call('PUT', '/api/v1/report/roi-inputs', inputs);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual((await call('GET', '/api/v1/report/roi-inputs')).json().inputs, inputs);
});

test('executive report: scorecard as served, calculator ROI, measured ROI from incidents, incidents over $10K, spend', async () => {
  const model = `chat-${randomUUID().slice(0, 6)}`;
  const events = [0.5, 0.25, 1.25].map((costUsd, i) => ({
    model,
    modelType: 'llm',
    endpoint: 'POST /chat',
    timestamp: NOW - (i + 1) * DAY,
    latencyMs: 50,
    costUsd,
  }));
  assert.equal(
    (await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } }))
      .statusCode,
    200,
  );
  await s.vigil.pipeline.flush();

  const st = s.vigil.store.alerting;
  const base = NOW - 200 * DAY;
  await st.createIncident(incident({ openedAt: base, resolvedAt: base + 120 * MIN })); // baseline MTTR 120 min
  const caughtCritical = incident({
    title: 'p95 latency',
    openedAt: NOW - 3 * DAY,
    resolvedAt: NOW - 3 * DAY + 30 * MIN,
  });
  const caughtError = incident({
    title: 'payment model errors',
    severity: 'error',
    openedAt: NOW - 2 * DAY,
    resolvedAt: NOW - 2 * DAY + 60 * MIN,
    impactUsdPerHour: 12_000,
    isCustomerFacing: true,
  });
  await st.createIncident(caughtCritical);
  await st.createIncident(caughtError);
  await st.createIncident(incident({ severity: 'warning', openedAt: NOW - DAY, resolvedAt: NOW - DAY + 30 * MIN }));
  await st.createIncident(
    incident({ openedAt: NOW - DAY, resolvedAt: NOW - DAY + 5 * MIN, isFalsePositive: true, impactUsdPerHour: 50_000 }),
  );
  const open = incident({
    title: 'drift',
    status: 'open',
    openedAt: NOW - 5 * 60 * MIN,
    resolvedAt: null,
    impactUsdPerHour: 3000,
  });
  await st.createIncident(open);
  await st.createIncident(
    incident({
      title: 'small',
      openedAt: NOW - DAY,
      resolvedAt: NOW - DAY + 60 * MIN,
      impactUsdPerHour: 9000,
      severity: 'warning',
    }),
  );

  const r = await call('GET', '/api/v1/report/executive');
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();

  const card = (await call('GET', '/api/v1/scorecard')).json();
  assert.deepEqual(rep.scorecard, card);
  assert.deepEqual(
    rep.coverage.shadowModels.map((m: any) => m.model),
    [model],
  );

  assert.equal(rep.roi.isConfigured, true);
  assert.equal(rep.roi.scenarios[0].roiPercent, 922.73);
  assert.deepEqual(rep.roi.scenarios[0].discrepancies, []);

  // Caught: the critical and the error one. MTTR now mean(30, 60, 30, 60) = 45 min vs 120: 1.25 h saved.
  const m = rep.measuredRoi;
  assert.deepEqual(m.caughtIncidents.map((i: any) => i.id).sort(), [caughtCritical.id, caughtError.id].sort());
  assert.deepEqual(
    [
      m.facts.caught,
      m.facts.caughtPerYear,
      m.facts.resolvedPerYear,
      m.facts.mttrMinutes,
      m.facts.baselineMttrMinutes,
      m.facts.mttrReductionHours,
    ],
    [2, 24.33, 48.67, 45, 120, 1.25],
  );
  assert.deepEqual(m.missing, []);
  // 24.33 × $75,000 + 48.67 × 1.25 h × $1,000 against $22,000 a year.
  assert.deepEqual(
    m.roi.benefits.map((b: any) => b.amount),
    [1_824_750, 60_837.5],
  );
  assert.equal(m.roi.yearOneCost, 22_000);
  assert.equal(m.roi.netBenefit, 1_824_750 + 60_837.5 - 22_000);
  assert.equal(m.roi.roiPercent, Math.round(((1_824_750 + 60_837.5 - 22_000) / 22_000) * 10_000) / 100);

  // $12K for its first hour; $3K/h open for 5 h = $15K; $9K/h for 1 h stays under; false positives are left out.
  assert.deepEqual(
    rep.highImpactIncidents.items.map((i: any) => [i.id, i.estimatedImpactUsd, i.status]),
    [
      [open.id, 15_000, 'open'],
      [caughtError.id, 12_000, 'resolved'],
    ],
  );
  assert.equal(rep.highImpactIncidents.thresholdUsd, 10_000);
  // The threshold is the escalation policy's: raised to $13K, only the $15K incident is listed.
  const { policy } = (await call('GET', '/api/v1/escalation-policy')).json();
  assert.equal(
    (await call('PUT', '/api/v1/escalation-policy', { policy: { ...policy, executiveImpactUsd: 13_000 } })).statusCode,
    200,
  );
  const raised = (await call('GET', '/api/v1/report/executive')).json();
  assert.deepEqual(
    [raised.highImpactIncidents.thresholdUsd, raised.highImpactIncidents.items.map((i: any) => i.id)],
    [13_000, [open.id]],
  );

  assert.equal(rep.spend.total.spendUsd, 2);
  assert.deepEqual(
    rep.spend.byModel.map((g: any) => [g.key, g.totals.spendUsd]),
    [[model, 2]],
  );
  assert.deepEqual(
    rep.spend.byTeam.map((g: any) => g.key),
    ['(unassigned)'],
  );
});

test('a bad period is a 400 naming the parameter', async () => {
  const r = await call('GET', '/api/v1/report/executive?from=2026-11-20&to=2026-11-10');
  assert.equal(r.statusCode, 400);
  assert.match(r.json().message, /querystring\.from: must be before "to"/);
});

test('spend agrees between the report and the cost page for the same range, whatever the chart step', async () => {
  const model = `spend-${randomUUID().slice(0, 6)}`;
  const events: object[] = [];
  // Hourly calls over 40 days: the 30-day range starts and ends mid-day, the cost chart's buckets are whole days.
  for (let t = NOW - 40 * DAY; t < NOW; t += 3_600_000)
    events.push({ model, timestamp: t, latencyMs: 5, costUsd: 0.25 });
  for (let i = 0; i < events.length; i += 500) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events: events.slice(i, i + 500) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
  const from = new Date(NOW - 30 * DAY + 7 * 3_600_000 + 17 * MIN).toISOString();
  const to = new Date(NOW - 5 * 3_600_000 + 3 * MIN).toISOString();
  const report = (await call('GET', `/api/v1/report/executive?from=${from}&to=${to}`)).json();
  const reportSpend = report.spend.byModel.find((g: { key: string }) => g.key === model).totals.spendUsd;
  for (const step of ['1d', '6h', '1h']) {
    const cost = (await call('GET', `/api/v1/cost?from=${from}&to=${to}&step=${step}&groupBy=model`)).json();
    assert.deepEqual(cost.period, { from: Date.parse(from), to: Date.parse(to) });
    const g = cost.groups.find((x: { key: string }) => x.key === model);
    assert.equal(g.totals.spendUsd, reportSpend, `step ${step}`);
    assert.equal(cost.total.spendUsd, report.spend.total.spendUsd, `step ${step}`);
  }
  // 30 days minus 12 hours of hourly calls inside the range, whole minutes read exactly.
  assert.equal(reportSpend, 0.25 * (30 * 24 - 12));
});

test('the MTTR baseline in the report never ends in the future; a stated MTTR before Vigil is used as given', async () => {
  // Fresh incident history (3 days): no baseline period exists yet.
  await s.vigil.store.alerting.createIncident(
    incident({ openedAt: NOW - 3 * DAY, resolvedAt: NOW - 3 * DAY + 12 * MIN }),
  );
  const before = (await call('GET', '/api/v1/report/executive')).json();
  const mttr = before.scorecard.metrics.find((m: { key: string }) => m.key === 'mttr');
  assert.ok(!/202[7-9]/.test(JSON.stringify(before)), 'no date after now anywhere in the report');
  // Whatever history the other tests left: a baseline period ends by the start of the last 30 days.
  for (const [, end] of (mttr.detail as string).matchAll(/– (\d{4}-\d\d-\d\dT[\d:.]+Z)/g))
    assert.ok(Date.parse(end!) <= NOW - 30 * DAY, mttr.detail);
  const bl = before.measuredRoi.facts.baseline;
  if (bl) assert.ok(Date.parse(bl.to) <= Date.parse(before.period.from), JSON.stringify(bl));
  const refused = await call('GET', `/api/v1/report/executive?baselineFrom=${new Date(NOW - 10 * DAY).toISOString()}`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().message, /querystring\.baselineTo: the baseline period must have ended/);

  assert.equal(
    (await call('PUT', '/api/v1/report/roi-inputs', { measured: { baselineMttrMinutes: 90 } })).statusCode,
    200,
  );
  const after = (await call('GET', '/api/v1/report/executive')).json();
  const stated = after.scorecard.metrics.find((m: { key: string }) => m.key === 'mttr');
  assert.equal(stated.isOnTarget, true);
  assert.match(stated.detail, /baseline 90 min \(stated MTTR before Vigil\)/);
  assert.equal(after.measuredRoi.facts.baselineMttrMinutes, 90);
  assert.equal(after.measuredRoi.facts.baseline, null);
});
