import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRule } from '../rules/index.js';
import { createInMemoryMetricSource, evaluatePlan, evaluateRules, planEvaluation, type MetricQuery } from './index.js';

const NOW = Date.UTC(2025, 0, 6, 12);
const base = { area: 'API Performance', severity: 'warning', runbook: 'x' } as const;
let n = 0;
const id = () => `rule-${++n}-${Math.random().toString(36).slice(2, 6)}`;

test('rules sharing metric, scope and window share one query', () => {
  const rules: AlertRule[] = [
    {
      ...base,
      id: id(),
      name: 'a',
      kind: 'threshold',
      metric: 'latency.p95',
      comparator: '>',
      value: 100,
      scope: { model: 'm', tags: { a: '1', b: '2' } },
    },
    {
      ...base,
      id: id(),
      name: 'b',
      kind: 'threshold',
      metric: 'latency.p95',
      comparator: '>',
      value: 900,
      scope: { model: 'm', tags: { b: '2', a: '1' } },
    },
    {
      ...base,
      id: id(),
      name: 'c',
      kind: 'threshold',
      metric: 'latency.p95',
      comparator: '>',
      value: 900,
      window: '5m',
      scope: { model: 'm', tags: { a: '1', b: '2' } },
    },
    {
      ...base,
      id: id(),
      name: 'd',
      kind: 'threshold',
      metric: 'latency.p95',
      comparator: '>',
      value: 900,
      window: '10m',
      scope: { model: 'm', tags: { a: '1', b: '2' } },
    },
    {
      ...base,
      id: id(),
      name: 'e',
      kind: 'relative_change',
      metric: 'latency.p95',
      window: '5m',
      offset: '1d',
      comparator: '>',
      changePercent: 20,
      scope: { model: 'm', tags: { a: '1', b: '2' } },
    },
    { ...base, id: id(), name: 'f', kind: 'absence', window: '5m', scope: { model: 'm' } },
    { ...base, id: id(), name: 'g', kind: 'absence', window: '5m', scope: { model: 'm' }, enabled: false },
  ];
  const plan = planEvaluation(rules, NOW);
  assert.equal(plan.rules.length, 6);
  // a, b, c and e's current window share one; d (10m), e's past window, f (calls) are distinct
  assert.equal(plan.queries.length, 4);
  assert.deepEqual(plan.slots, [[0], [0], [0], [1], [0, 2], [3]]);
  assert.deepEqual(plan.queries[2], {
    metric: 'latency.p95',
    model: 'm',
    endpoint: undefined,
    tags: { a: '1', b: '2' },
    from: NOW - 86_400_000 - 300_000,
    to: NOW - 86_400_000,
  });
});

test('each kind evaluates exactly', async () => {
  const values = new Map<string, number | null>();
  const key = (q: MetricQuery) => `${q.metric}@${(NOW - q.from) / 60_000}-${(NOW - q.to) / 60_000}`;
  const source = createInMemoryMetricSource((q) => values.get(key(q)) ?? null);
  const rules: AlertRule[] = [
    { ...base, id: 't', name: 't', kind: 'threshold', metric: 'errorRate', comparator: '>=', value: 0.05 },
    {
      ...base,
      id: 'r',
      name: 'r',
      kind: 'relative_change',
      metric: 'latency.p95',
      window: '1h',
      offset: '1w',
      comparator: '>',
      changePercent: 50,
    },
    { ...base, id: 'a', name: 'a', kind: 'absence', window: '15m' },
    { ...base, id: 's', name: 's', kind: 'slo_burn', errorRatioMetric: 'errorRate', objectivePercent: 99.9 },
  ];
  values.set('errorRate@5-0', 0.05);
  values.set('latency.p95@60-0', 300);
  values.set('latency.p95@10140-10080', 200);
  values.set('calls@15-0', 0);
  values.set('errorRate@60-0', 0.0144);
  values.set('errorRate@360-0', 0.001);
  values.set('errorRate@30-0', 0.001);
  const out = await evaluateRules(rules, source, NOW);
  assert.equal(source.calls, 1);
  assert.deepEqual(
    out.map((r) => [r.rule.id, r.isActive, r.value]),
    [
      ['t', true, 0.05],
      ['r', false, 50],
      ['a', true, 0],
      ['s', true, 14.4],
    ],
  );
  assert.deepEqual(
    out[3].burnWindows?.map((w) => w.isFiring),
    [true, false],
  );
});

test('no data: thresholds and changes stay inactive, absence fires, past 0 gives no change', () => {
  const rules: AlertRule[] = [
    { ...base, id: 't', name: 't', kind: 'threshold', metric: 'errorRate', comparator: '<', value: 1 },
    {
      ...base,
      id: 'r',
      name: 'r',
      kind: 'relative_change',
      metric: 'calls',
      offset: '1d',
      comparator: '>',
      changePercent: 1,
    },
    { ...base, id: 'a', name: 'a', kind: 'absence', window: '15m' },
  ];
  const plan = planEvaluation(rules, NOW);
  assert.deepEqual(
    evaluatePlan(plan, [null, 10, 0, null]).map((r) => [r.isActive, r.value]),
    [
      [false, null],
      [false, null],
      [true, 0],
    ],
  );
  assert.throws(() => evaluatePlan(plan, [1]), /returned 1 values for 4 queries/);
});
