import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageTrend, startOfUtcDay } from './coverage-history.js';
import { computeScorecard, snapshotCoverage, type ScorecardUseCase } from './scorecard.js';

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
    counted: 2,
    total: 5,
    ratio: 0.4,
    uncovered: ['use-case:b', 'model:c', 'model:shadow'],
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
