import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCheckpoints, isGoLiveReady, planTransition, type ObservedFacts } from './checkpoints.js';
import { assessRiskTier, type UseCaseRecord } from './use-case.js';

const uc: UseCaseRecord = {
  id: 'uc',
  stage: 'development',
  isThroughIntake: true,
  createdAtMs: 0,
  updatedAtMs: 0,
  specChangedAtMs: 0,
  version: 1,
  spec: {
    name: 'uc',
    description: null,
    ownerTeam: 't',
    models: ['m'],
    endpoints: ['/e'],
    isLlm: false,
    businessImpact: { revenueAtStakeUsdPerHour: 0, isCustomerFacing: false },
    expectedQps: 1,
    latencyLimitMs: 200,
    accuracyThreshold: null,
    isAccuracyAnswered: true,
    compliance: { personalData: false, gdpr: false, pci: false },
    riskTier: null,
    monitoringAreas: [],
  },
};

const facts = (over: Partial<ObservedFacts> = {}): ObservedFacts => ({
  nowMs: 1e12,
  seenModels: new Map([['m', { modelType: 'classification', endpoints: ['/e'] }]]),
  recentByModel: { m: { calls: 10, costCount: 0, tokens: 0 } },
  recentByEndpoint: { '/e': 10 },
  recentLabelsByModel: {},
  loadTests: [{ id: 1, fromMs: 0, toMs: 60_000, minutes: 1, calls: 54 }],
  alerting: {
    rules: [{ id: 'r', area: 'API Performance', isEnabled: true, runbook: 'x' }],
    slos: [{ id: 's', kind: 'latency', latencyThresholdMs: 200 }],
  },
  signoffs: [],
  ...over,
});

test('without the alerting store its checkpoints are not met, never assumed', () => {
  const cps = computeCheckpoints(uc, facts({ alerting: null }));
  for (const key of ['development.alert_rules', 'development.latency_slo']) {
    const c = cps.find((x) => x.key === key)!;
    assert.equal(c.isMet, false);
    assert.deepEqual(c.missing, ['alerting not available']);
  }
});

test('load test threshold is QPS × 60 × 0.9 calls/min: 54 passes at 1 QPS, 53 does not', () => {
  assert.equal(computeCheckpoints(uc, facts()).find((c) => c.key === 'development.load_test')!.isMet, true);
  const low = computeCheckpoints(uc, facts({ loadTests: [{ id: 1, fromMs: 0, toMs: 60_000, minutes: 1, calls: 53 }] }));
  assert.equal(low.find((c) => c.key === 'development.load_test')!.isMet, false);
});

test('a rule with a runbook and a global scope covers the model; a latency SLO must be at or under the limit', () => {
  const cps = computeCheckpoints(uc, facts());
  assert.equal(cps.find((c) => c.key === 'development.alert_rules')!.isMet, true);
  assert.equal(cps.find((c) => c.key === 'development.latency_slo')!.isMet, true);
  const loose = computeCheckpoints(
    uc,
    facts({
      alerting: {
        rules: [{ id: 'r', area: 'API Performance', isEnabled: true, runbook: ' ' }],
        slos: [{ id: 's', kind: 'latency', latencyThresholdMs: 201 }],
      },
    }),
  );
  assert.equal(loose.find((c) => c.key === 'development.alert_rules')!.isMet, false, 'blank runbook');
  assert.equal(loose.find((c) => c.key === 'development.latency_slo')!.isMet, false);
});

test('go-live needs every checkpoint including a CTO approval given after the last spec change', () => {
  const signed = facts({
    signoffs: [
      {
        useCaseId: 'uc',
        key: 'production_readiness.runbook_reviewed',
        actor: { name: 'a', role: 'devops' },
        apiKeyName: null,
        atMs: 1,
        note: null,
      },
      {
        useCaseId: 'uc',
        key: 'production_readiness.team_trained',
        actor: { name: 'a', role: 'devops' },
        apiKeyName: null,
        atMs: 1,
        note: null,
      },
      {
        useCaseId: 'uc',
        key: 'production_readiness.cto_approval',
        actor: { name: 'c', role: 'cto' },
        apiKeyName: null,
        atMs: 5,
        note: null,
      },
    ],
  });
  assert.equal(isGoLiveReady('production_readiness', computeCheckpoints(uc, signed)), true);
  assert.equal(isGoLiveReady('production_readiness', computeCheckpoints({ ...uc, specChangedAtMs: 6 }, signed)), false);
  assert.equal(isGoLiveReady('retired', computeCheckpoints(uc, signed)), false);
  assert.equal(planTransition('production_readiness', 'production', computeCheckpoints(uc, signed)).isAllowed, true);
});

test('risk tier from the requirements', () => {
  assert.equal(
    assessRiskTier({ businessImpact: null, compliance: { personalData: false, gdpr: false, pci: true } }),
    'critical',
  );
  assert.equal(
    assessRiskTier({ businessImpact: { revenueAtStakeUsdPerHour: 10_000, isCustomerFacing: true }, compliance: null }),
    'critical',
  );
  assert.equal(
    assessRiskTier({ businessImpact: { revenueAtStakeUsdPerHour: 10, isCustomerFacing: true }, compliance: null }),
    'high',
  );
  assert.equal(
    assessRiskTier({ businessImpact: { revenueAtStakeUsdPerHour: 10, isCustomerFacing: false }, compliance: null }),
    'medium',
  );
  assert.equal(assessRiskTier({ businessImpact: null, compliance: null }), 'low');
});
