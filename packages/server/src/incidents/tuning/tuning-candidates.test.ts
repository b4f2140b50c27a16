import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRule } from '../../alerting/index.js';
import { listTuningCandidates } from './tuning-candidates.js';
import { catchIncidents, judgeReplay } from './tuning-replay.js';

const base = { id: 'r', name: 'r', area: 'API Performance', severity: 'critical', runbook: 'x' } as const;

test('candidates: stricter thresholds, longer `for`, longer windows, smallest first and interleaved', () => {
  const rule: AlertRule = {
    ...base,
    kind: 'threshold',
    metric: 'errorRate',
    comparator: '>',
    value: 0.2,
    for: '1m',
    window: '2m',
  };
  const list = listTuningCandidates(rule);
  assert.deepEqual(
    list.slice(0, 6).map((c) => c.description),
    ['value 0.2 → 0.22', 'for 1m → 2m', 'window 2m → 4m', 'value 0.2 → 0.25', 'for 1m → 3m', 'window 2m → 6m'],
  );
  assert.equal(list.length, 12);
  assert.equal((list[1]!.rule as { for: string }).for, '2m');
  assert.equal(rule.for, '1m', 'the original rule is not changed');
  const below: AlertRule = { ...base, kind: 'threshold', metric: 'calls', comparator: '<', value: 100 };
  assert.equal(listTuningCandidates(below)[0]!.after, 90.91, 'a "<" threshold gets lower');
  const negative: AlertRule = { ...base, kind: 'threshold', metric: 'x', comparator: '>', value: -10 };
  assert.ok((listTuningCandidates(negative)[0]!.after as number) > -10, 'a ">" threshold gets higher below zero too');
  const burn: AlertRule = { ...base, kind: 'slo_burn', errorRatioMetric: 'errorRate', objectivePercent: 99.9 };
  assert.deepEqual(new Set(listTuningCandidates(burn).map((c) => c.field)), new Set(['for']));
});

test('replay: an incident is caught by an overlapping fired episode; a candidate is safe when it keeps the true ones', () => {
  const incidents = [
    { id: 't1', openedAt: 1_000, resolvedAt: 2_000 },
    { id: 'f1', openedAt: 5_000, resolvedAt: 6_000 },
    { id: 'f2', openedAt: 9_000, resolvedAt: null },
  ];
  const all = catchIncidents(
    [
      { firedAt: 1_500, resolvedAt: 1_800 },
      { firedAt: 6_050, resolvedAt: 7_000 },
      { firedAt: 9_500, resolvedAt: null },
    ],
    incidents,
    10_000,
    100,
  );
  assert.deepEqual([...all].sort(), ['f1', 'f2', 't1']);
  const fewer = catchIncidents([{ firedAt: 1_900, resolvedAt: 2_500 }], incidents, 10_000, 100);
  assert.deepEqual([...fewer], ['t1']);
  assert.deepEqual(judgeReplay(all, fewer, ['t1'], ['f1', 'f2']), { keptTrue: 1, removedFalse: 2, isSafe: true });
  assert.deepEqual(judgeReplay(all, new Set(), ['t1'], ['f1', 'f2']), { keptTrue: 0, removedFalse: 2, isSafe: false });
});
