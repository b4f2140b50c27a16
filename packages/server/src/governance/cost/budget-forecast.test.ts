import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBudgetStatus, monthBounds } from './budget-forecast.js';

const DAY = 86_400_000;
const budget = (monthlyUsd: number) => ({ scope: 'team' as const, target: 'bi', monthlyUsd, updatedAtMs: 0 });

test('forecast = spent ÷ elapsed days × days in month, with the partial day counted', () => {
  // February 2027 (28 days), 7.5 days in: $30 → $4/day → $112.
  const now = Date.UTC(2027, 1, 8, 12);
  const s = computeBudgetStatus(
    budget(100),
    now,
    new Map([
      [Date.UTC(2027, 1, 1), 10],
      [Date.UTC(2027, 1, 8), 20],
      [Date.UTC(2027, 0, 31), 999],
    ]),
  );
  assert.deepEqual(
    [s.daysInMonth, s.elapsedDays, s.spentUsd, s.dailyRateUsd, s.forecastUsd, s.status],
    [28, 7.5, 30, 4, 112, 'at-risk'],
  );
  assert.equal(s.daily.length, 8);
  assert.equal(
    computeBudgetStatus(budget(112), now, new Map([[Date.UTC(2027, 1, 1), 30]])).status,
    'ok',
    'a forecast equal to the budget is not at risk',
  );
  assert.equal(computeBudgetStatus(budget(29), now, new Map([[Date.UTC(2027, 1, 1), 30]])).status, 'over');
});

test('no forecast at the first instant of a month', () => {
  const s = computeBudgetStatus(budget(10), Date.UTC(2026, 11, 1), new Map());
  assert.deepEqual([s.forecastUsd, s.dailyRateUsd, s.status], [null, null, 'ok']);
  assert.deepEqual(monthBounds(Date.UTC(2026, 11, 31, 23)), {
    start: Date.UTC(2026, 11, 1),
    end: Date.UTC(2027, 0, 1),
  });
  assert.equal(monthBounds(Date.UTC(2026, 11, 15)).end - monthBounds(Date.UTC(2026, 11, 15)).start, 31 * DAY);
});
