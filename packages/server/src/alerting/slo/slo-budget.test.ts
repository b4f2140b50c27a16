import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetSpentByBurn,
  computeBurnRate,
  computeErrorBudget,
  errorBudgetPpm,
  errorBudgetRatio,
  evaluateMultiwindowBurn,
  isBurnRateAtLeast,
  SRE_WORKBOOK_BURN_WINDOWS,
  toExactRatio,
} from './index.js';

test('budgets are exact fractions: 99.9, 99.95, 99.99', () => {
  assert.notEqual(1 - 0.999, 0.001); // the trap this module avoids
  assert.deepEqual(errorBudgetRatio(99.9), { num: 1n, den: 1000n });
  assert.deepEqual(errorBudgetRatio(99.95), { num: 1n, den: 2000n });
  assert.deepEqual(errorBudgetRatio(99.99), { num: 1n, den: 10000n });
  assert.equal(errorBudgetPpm(99.9), 1000);
  assert.equal(errorBudgetPpm(99.95), 500);
  assert.equal(errorBudgetPpm(99.99), 100);
  assert.equal(errorBudgetPpm(99.999), 10);
});

test('error budget remaining over 30 days of events', () => {
  assert.deepEqual(computeErrorBudget({ objectivePercent: 99.9, totalEvents: 1_000_000, badEvents: 500 }), {
    allowedBadEvents: 1000,
    consumedFraction: 0.5,
    remainingFraction: 0.5,
    isExhausted: false,
  });
  const b = computeErrorBudget({ objectivePercent: 99.95, totalEvents: 432_000_000, badEvents: 216_000 });
  assert.equal(b.allowedBadEvents, 216_000);
  assert.equal(b.consumedFraction, 1);
  assert.equal(b.isExhausted, false); // exactly spent, not over
  const over = computeErrorBudget({ objectivePercent: 99.99, totalEvents: 10_000, badEvents: 3 });
  assert.equal(over.allowedBadEvents, 1);
  assert.equal(over.consumedFraction, 3);
  assert.equal(over.remainingFraction, -2);
  assert.equal(over.isExhausted, true);
  assert.equal(computeErrorBudget({ objectivePercent: 99.9, totalEvents: 0, badEvents: 0 }).remainingFraction, 1);
});

test('burn rates at the workbook thresholds compare exactly', () => {
  assert.equal(computeBurnRate(0.0144, 99.9), 14.4);
  assert.equal(isBurnRateAtLeast(0.0144, 99.9, 14.4), true);
  assert.equal(isBurnRateAtLeast(0.014399, 99.9, 14.4), false);
  assert.equal(isBurnRateAtLeast(0.003, 99.95, 6), true);
  assert.equal(isBurnRateAtLeast(0.0001, 99.99, 1), true);
  assert.equal(isBurnRateAtLeast(0.00009, 99.99, 1), false);
  assert.equal(budgetSpentByBurn(14.4, 3_600_000, 30 * 86_400_000), 0.02);
  assert.equal(budgetSpentByBurn(6, 6 * 3_600_000, 30 * 86_400_000), 0.05);
  assert.equal(budgetSpentByBurn(1, 3 * 86_400_000, 30 * 86_400_000), 0.1);
});

test('multiwindow: both windows must burn, either pair pages', () => {
  const ratios = (m: Record<string, number | null>) => (w: string) => m[w] ?? null;
  const page = SRE_WORKBOOK_BURN_WINDOWS.page;
  // long window hot, short window recovered: no page (the short window is the reset condition)
  assert.equal(
    evaluateMultiwindowBurn(page, 99.9, ratios({ '1h': 0.02, '5m': 0.001, '6h': 0.001, '30m': 0.001 })).isFiring,
    false,
  );
  const fast = evaluateMultiwindowBurn(page, 99.9, ratios({ '1h': 0.0144, '5m': 0.02, '6h': 0.001, '30m': 0.02 }));
  assert.equal(fast.isFiring, true);
  assert.deepEqual(
    fast.windows.map((w) => w.isFiring),
    [true, false],
  );
  assert.equal(fast.windows[0].longBurnRate, 14.4);
  const slow = evaluateMultiwindowBurn(page, 99.9, ratios({ '1h': 0.007, '5m': 0.007, '6h': 0.006, '30m': 0.0065 }));
  assert.deepEqual(
    slow.windows.map((w) => w.isFiring),
    [false, true],
  );
  const ticket = evaluateMultiwindowBurn(SRE_WORKBOOK_BURN_WINDOWS.ticket, 99.9, ratios({ '3d': 0.001, '6h': 0.0011 }));
  assert.equal(ticket.isFiring, true);
  assert.equal(evaluateMultiwindowBurn(page, 99.9, ratios({ '5m': 1 })).isFiring, false); // no data never fires
});

test('decimal reading of numbers', () => {
  assert.deepEqual(toExactRatio(0.0144), { num: 9n, den: 625n });
  assert.deepEqual(toExactRatio(1e-7), { num: 1n, den: 10_000_000n });
  assert.deepEqual(toExactRatio('2.5e3'), { num: 2500n, den: 1n });
  assert.throws(() => toExactRatio(Number.NaN), RangeError);
  assert.throws(() => errorBudgetRatio(100), RangeError);
});
