import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageTrend, startOfUtcDay } from './coverage-history.js';
import { computeScorecard, snapshotCoverage, type ScorecardUseCase } from './scorecard.js';
import type { IncidentRecord } from '../../incidents/escalation/incident-metrics.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 15, 30);

function useCase(id: string, over: Partial<ScorecardUseCase> = {}): ScorecardUseCase {
  return {
    id,
    name: id,
    stage: 'production',
    isThroughIntake: true,
    createdAtMs: NOW - 10 * DAY,
    models: [id],
    isFullyMonitored: true,
    missing: [],
    ...over,
  };
}

test('startOfUtcDay: 00:00 UTC of the day', () => {
  assert.equal(startOfUtcDay(NOW), Date.UTC(2026, 10, 27));
  assert.equal(startOfUtcDay(Date.UTC(2026, 10, 27)), Date.UTC(2026, 10, 27));
});

test('coverageTrend: stored days only, oldest first, inside [from, to)', () => {
  const d = (n: number) => Date.UTC(2026, 10, n);
  const trend = coverageTrend(
    [
      { dayMs: d(5), ratio: 0.5 },
      { dayMs: d(2), ratio: null },
      { dayMs: d(9), ratio: 1 },
      { dayMs: d(1), ratio: 0.1 },
    ],
    d(2),
    d(9),
  );
  assert.deepEqual(trend, [
    { periodStart: '2026-11-02T00:00:00.000Z', value: null },
    { periodStart: '2026-11-05T00:00:00.000Z', value: 0.5 },
  ]);
  assert.deepEqual(coverageTrend([], 0, NOW), []);
});

test('snapshotCoverage counts the same items as the scorecard coverage metric', () => {
  const input = {
    nowMs: NOW,
    useCases: [
      useCase('a'),
      useCase('b', { isFullyMonitored: false, missing: ['x'] }),
      useCase('c', { stage: 'development', isFullyMonitored: false }),
    ],
    trafficModels: ['a', 'c', 'shadow'].map((model) => ({ model, firstSeen: NOW - DAY, lastSeen: NOW - 60_000 })),
  };
  const snap = snapshotCoverage(input);
  assert.deepEqual(snap, {
    dayMs: Date.UTC(2026, 10, 27),
    takenAtMs: NOW,
    // The production systems, once each: use cases a and b (their models belong to them; c is in development,
    // so its model is in intake, not production) and the shadow model.
    counted: 1,
    total: 3,
    ratio: 0.3333,
    uncovered: ['use-case:b', 'model:shadow'],
  });
  const metric = computeScorecard({ ...input, incidents: null }).metrics.find((m) => m.key === 'coverage')!;
  assert.equal(metric.current, snap.ratio);
  assert.deepEqual(
    metric.items.filter((i) => !i.isCounted).map((i) => i.id),
    snap.uncovered,
  );
  assert.deepEqual(metric.trend, [], 'no stored history: no trend');
  assert.equal(snapshotCoverage({ nowMs: NOW, useCases: [], trafficModels: [] }).ratio, null);
});

test('the scorecard coverage trend is the stored history of the last 180 days', () => {
  const history = [
    { dayMs: startOfUtcDay(NOW) - 200 * DAY, ratio: 0.2 },
    { dayMs: startOfUtcDay(NOW), ratio: 0.75 },
    { dayMs: startOfUtcDay(NOW) - 2 * DAY, ratio: 0.5 },
  ];
  const metric = computeScorecard({
    nowMs: NOW,
    useCases: [],
    trafficModels: [],
    incidents: null,
    coverageHistory: history,
  }).metrics.find((m) => m.key === 'coverage')!;
  assert.deepEqual(
    metric.trend.map((p) => [p.periodStart.slice(0, 10), p.value]),
    [
      ['2026-11-25', 0.5],
      ['2026-11-27', 0.75],
    ],
  );
});

test('coverage and adoption count the same AI systems: a use case once (never also its model), shadow models once', () => {
  const input = {
    nowMs: NOW,
    useCases: [
      useCase('prod'),
      useCase('ready', { stage: 'production_readiness', isFullyMonitored: false, missing: ['x'] }),
      useCase('legacy', { isThroughIntake: false }),
      useCase('old', { stage: 'retired' }),
    ],
    trafficModels: ['prod', 'ready', 'legacy', 'old', 'shadow'].map((model) => ({
      model,
      firstSeen: NOW - DAY,
      lastSeen: NOW - 60_000,
    })),
  };
  const m = Object.fromEntries(computeScorecard({ ...input, incidents: null }).metrics.map((x) => [x.key, x]));
  const ids = (key: string) => m[key]!.items.map((i) => i.id).sort();
  // Every item of either metric is one of the same systems, named the same way.
  const systems = ['model:old', 'model:shadow', 'use-case:legacy', 'use-case:prod', 'use-case:ready'];
  for (const id of [...ids('coverage'), ...ids('adoption')]) assert.ok(systems.includes(id), id);
  assert.deepEqual(ids('coverage'), ['model:old', 'model:shadow', 'use-case:legacy', 'use-case:prod']);
  assert.deepEqual(ids('adoption'), [
    'model:old',
    'model:shadow',
    'use-case:legacy',
    'use-case:prod',
    'use-case:ready',
  ]);
  assert.ok(!ids('coverage').includes('model:prod'), 'a production use case is not counted again through its model');
  assert.match(m.coverage!.detail, /^2 of 4 AI systems in production/);
  assert.match(m.adoption!.detail, /^2 of 5 AI systems new/);
});

test('the MTTR baseline never ends in the future nor overlaps the last 30 days', async () => {
  const { resolveMttrBaseline } = await import('./scorecard.js');
  // History starting 40 days ago: the baseline is days −40…−30, not −40…−10.
  assert.deepEqual(resolveMttrBaseline([{ openedAt: NOW - 40 * DAY }, { openedAt: NOW - DAY }], NOW), {
    fromMs: NOW - 40 * DAY,
    toMs: NOW - 30 * DAY,
  });
  // History starting 3 days ago: no baseline period at all (the old default ran 27 days into the future).
  assert.equal(resolveMttrBaseline([{ openedAt: NOW - 3 * DAY }], NOW), null);
  const incident = (openedAt: number, minutes: number): IncidentRecord => ({
    id: String(openedAt),
    title: 'p95',
    area: 'API Performance',
    team: 'DevOps',
    model: null,
    severity: 'critical',
    openedAt,
    acknowledgedAt: null,
    resolvedAt: openedAt + minutes * 60_000,
    isFalsePositive: false,
  });
  const young = computeScorecard({
    nowMs: NOW,
    useCases: [],
    trafficModels: [],
    incidents: [incident(NOW - 3 * DAY, 10)],
  }).metrics.find((x) => x.key === 'mttr')!;
  assert.equal(young.status, 'no baseline yet');
  assert.doesNotMatch(young.detail, /2027/);
  const stated = computeScorecard({
    nowMs: NOW,
    useCases: [],
    trafficModels: [],
    incidents: [incident(NOW - 3 * DAY, 10)],
    statedBaselineMttrMinutes: 90,
  }).metrics.find((x) => x.key === 'mttr')!;
  assert.equal(stated.current, 10);
  assert.equal(stated.isOnTarget, true);
  assert.match(stated.detail, /vs baseline 90 min \(stated MTTR before Vigil\)/);
});
