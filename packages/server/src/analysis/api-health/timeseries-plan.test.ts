import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTimeseries, buildPoints, HealthCell, MINUTE_MS, HOUR_MS, SIX_HOURS_MS, DAY_MS } from './index.js';

const T0 = Date.UTC(2026, 10, 1);

test('a 30-day range at default resolution reads six-hour rollups', () => {
  const plan = planTimeseries(T0, T0 + 30 * DAY_MS, undefined);
  assert.equal(plan.level, SIX_HOURS_MS);
  assert.equal(plan.step, 6 * HOUR_MS);
  assert.equal(planTimeseries(T0, T0 + 7 * DAY_MS, undefined).level, HOUR_MS);
  assert.ok((plan.to - plan.from) / plan.step <= 1000);
});

test('a requested step is rounded up to a nice step and never below range / 1000', () => {
  assert.equal(planTimeseries(T0, T0 + HOUR_MS, 60_000).step, MINUTE_MS);
  assert.equal(planTimeseries(T0, T0 + HOUR_MS, 61_000).step, 2 * MINUTE_MS);
  assert.equal(planTimeseries(T0, T0 + 30 * DAY_MS, MINUTE_MS).step, 60 * MINUTE_MS);
  const day = planTimeseries(T0, T0 + 90 * DAY_MS, DAY_MS);
  assert.equal(day.level, DAY_MS);
});

test('buildPoints merges cells into buckets; counters are 0 and ratios null where empty', () => {
  const plan = planTimeseries(T0, T0 + 10 * MINUTE_MS, 5 * MINUTE_MS);
  const cell = (calls: number, errors: number, latency: number) => {
    const c = new HealthCell();
    for (let i = 0; i < calls; i++)
      c.add({
        model: 'm',
        endpoint: '',
        timestampMs: T0,
        isError: i < errors,
        errorType: 'x',
        latencyMs: latency,
        costUsd: 0.01,
        inputTokens: null,
        outputTokens: null,
        ttftMs: null,
      });
    return c;
  };
  const rows = [
    { bucketStart: T0, cell: cell(10, 1, 5) },
    { bucketStart: T0 + MINUTE_MS, cell: cell(30, 3, 5) },
  ];
  const [calls, errorRate, perMin, cost] = buildPoints(plan, rows, [
    'calls',
    'errorRate',
    'callsPerMinute',
    'costPerCall',
  ]);
  assert.deepEqual(calls, [
    [T0, 40],
    [T0 + 5 * MINUTE_MS, 0],
  ]);
  assert.deepEqual(errorRate, [
    [T0, 0.1],
    [T0 + 5 * MINUTE_MS, null],
  ]);
  assert.deepEqual(perMin, [
    [T0, 8],
    [T0 + 5 * MINUTE_MS, 0],
  ]);
  assert.ok(Math.abs(cost![0]![1]! - 0.01) < 1e-12);
  // Two minutes into the second bucket (the one still filling), 30 calls are 15 a minute, not 6: a rate
  // divides by the time its bucket covers so far. Counters are unchanged. (buildPoints merges into the rows' cells.)
  const liveRows = () => [
    { bucketStart: T0, cell: cell(40, 0, 5) },
    { bucketStart: T0 + 5 * MINUTE_MS, cell: cell(30, 0, 5) },
  ];
  const ended = buildPoints(plan, liveRows(), ['callsPerMinute', 'calls']);
  const partial = buildPoints(plan, liveRows(), ['callsPerMinute', 'calls'], -Infinity, T0 + 7 * MINUTE_MS);
  assert.deepEqual(ended[0], [
    [T0, 8],
    [T0 + 5 * MINUTE_MS, 6],
  ]);
  assert.deepEqual(partial[0], [
    [T0, 8],
    [T0 + 5 * MINUTE_MS, 15],
  ]);
  assert.deepEqual(partial[1], ended[1]);
});
