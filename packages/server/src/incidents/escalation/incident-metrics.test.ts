import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeFalsePositiveRate,
  computeIncidentMetrics,
  computeMtta,
  computeMttr,
  type IncidentRecord,
} from './index.js';

const MIN = 60_000;
const DAY = 86_400_000;
const inc = (over: Partial<IncidentRecord>): IncidentRecord => ({
  id: Math.random().toString(36).slice(2),
  area: 'API Performance',
  team: 'DevOps',
  severity: 'critical',
  openedAt: 0,
  ...over,
});

test('MTTA from open to first acknowledgement, MTTR from open to resolve, false positives out of MTTR', () => {
  const list = [
    inc({ openedAt: 0, acknowledgedAt: 4 * MIN, resolvedAt: 30 * MIN }),
    inc({ openedAt: 0, acknowledgedAt: 10 * MIN, resolvedAt: 90 * MIN }),
    inc({ openedAt: 0, resolvedAt: 5 * MIN, isFalsePositive: true }),
    inc({ openedAt: 0 }), // still open: neither
  ];
  assert.equal(computeMtta(list), 7 * MIN);
  assert.equal(computeMttr(list), 60 * MIN);
  assert.equal(computeFalsePositiveRate(list), 1 / 3);
  assert.equal(computeMtta([]), null);
  assert.equal(computeFalsePositiveRate([inc({ severity: 'warning', resolvedAt: 1, isFalsePositive: true })]), null);
});

test('per team and per day buckets', () => {
  const from = Date.UTC(2025, 0, 1);
  const list = [
    inc({ openedAt: from + 1000, acknowledgedAt: from + 1000 + 2 * MIN, resolvedAt: from + 1000 + 20 * MIN }),
    inc({ openedAt: from + DAY - 1, resolvedAt: from + DAY - 1 + 10 * MIN, isFalsePositive: true }),
    inc({ openedAt: from + DAY, acknowledgedAt: from + DAY + MIN, team: 'InfoSec', area: 'Security Events' }),
    inc({ openedAt: from - 1 }), // before the range
    inc({ openedAt: from + 2 * DAY, severity: 'warning', model: 'fraud-v3', resolvedAt: from + 2 * DAY + MIN }),
  ];
  const byTeam = computeIncidentMetrics(list, { from, to: from + 3 * DAY, bucketMs: DAY, groupBy: 'team' });
  assert.deepEqual(byTeam, [
    {
      key: 'DevOps',
      bucketStart: from,
      bucketEnd: from + DAY,
      opened: 2,
      acknowledged: 1,
      resolved: 2,
      mttaMs: 2 * MIN,
      mttrMs: 20 * MIN,
      criticalResolved: 2,
      criticalFalsePositives: 1,
      falsePositiveRate: 0.5,
    },
    {
      key: 'DevOps',
      bucketStart: from + 2 * DAY,
      bucketEnd: from + 3 * DAY,
      opened: 1,
      acknowledged: 0,
      resolved: 1,
      mttaMs: null,
      mttrMs: MIN,
      criticalResolved: 0,
      criticalFalsePositives: 0,
      falsePositiveRate: null,
    },
    {
      key: 'InfoSec',
      bucketStart: from + DAY,
      bucketEnd: from + 2 * DAY,
      opened: 1,
      acknowledged: 1,
      resolved: 0,
      mttaMs: MIN,
      mttrMs: null,
      criticalResolved: 0,
      criticalFalsePositives: 0,
      falsePositiveRate: null,
    },
  ]);
  const byModel = computeIncidentMetrics(list, { from, to: from + 3 * DAY, bucketMs: 3 * DAY, groupBy: 'model' });
  assert.deepEqual(
    byModel.map((b) => [b.key, b.opened]),
    [
      ['(none)', 3],
      ['fraud-v3', 1],
    ],
  );
  assert.throws(() => computeIncidentMetrics(list, { from, to: from, bucketMs: DAY, groupBy: 'all' }), RangeError);
});
