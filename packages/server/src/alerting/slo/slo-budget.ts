import {
  compareRatios,
  multiplyRatios,
  ratioToNumber,
  reduceRatio,
  toExactRatio,
  type ExactRatio,
} from './exact-ratio.js';

/**
 * The error budget of an objective as an exact fraction of events: 99.9 → 1/1000, 99.95 → 1/2000.
 * @example errorBudgetRatio(99.9) // { num: 1n, den: 1000n }
 */
export function errorBudgetRatio(objectivePercent: number): ExactRatio {
  const objective = toExactRatio(objectivePercent);
  if (objective.num <= 0n || objective.num >= 100n * objective.den) {
    throw new RangeError(`objectivePercent must be strictly between 0 and 100, got ${objectivePercent}`);
  }
  return reduceRatio({ num: 100n * objective.den - objective.num, den: 100n * objective.den });
}

/**
 * The error budget in parts per million of events (exact when the objective has at most 4 decimals).
 * @example errorBudgetPpm(99.99) // 100
 */
export function errorBudgetPpm(objectivePercent: number): number {
  return ratioToNumber(multiplyRatios(errorBudgetRatio(objectivePercent), { num: 1_000_000n, den: 1n }));
}

export interface ErrorBudgetStatus {
  /** Bad events the budget allows for `totalEvents` (may be fractional). */
  allowedBadEvents: number;
  /** Share of the budget spent: bad / allowed. 1 = exhausted; above 1 = overspent. */
  consumedFraction: number;
  /** 1 − consumedFraction; negative when overspent. */
  remainingFraction: number;
  /** True when bad events exceed the allowance. */
  isExhausted: boolean;
}

/**
 * Error budget over an SLO period from event counts, computed exactly and rounded once.
 * @example
 * computeErrorBudget({ objectivePercent: 99.9, totalEvents: 1_000_000, badEvents: 500 })
 * // { allowedBadEvents: 1000, consumedFraction: 0.5, remainingFraction: 0.5, isExhausted: false }
 */
export function computeErrorBudget(input: {
  objectivePercent: number;
  totalEvents: number;
  badEvents: number;
}): ErrorBudgetStatus {
  const { totalEvents, badEvents } = input;
  assertCount('totalEvents', totalEvents);
  assertCount('badEvents', badEvents);
  const budget = errorBudgetRatio(input.objectivePercent);
  const allowed = multiplyRatios(budget, { num: BigInt(totalEvents), den: 1n });
  if (totalEvents === 0) return { allowedBadEvents: 0, consumedFraction: 0, remainingFraction: 1, isExhausted: false };
  // consumed = bad / allowed = bad × den / (total × num)
  const consumed = reduceRatio({ num: BigInt(badEvents) * allowed.den, den: allowed.num });
  const remaining = { num: consumed.den - consumed.num, den: consumed.den };
  return {
    allowedBadEvents: ratioToNumber(allowed),
    consumedFraction: ratioToNumber(consumed),
    remainingFraction: ratioToNumber(remaining),
    isExhausted: compareRatios(consumed, { num: 1n, den: 1n }) > 0,
  };
}

/**
 * Burn rate: how many times faster than "exactly on budget" errors arrive. 1 spends the whole budget in
 * exactly one SLO period; 14.4 spends 2 % of a 30-day budget in one hour.
 * @example computeBurnRate(0.0144, 99.9) // 14.4
 */
export function computeBurnRate(errorRatio: number, objectivePercent: number): number {
  return ratioToNumber(burnRateRatio(errorRatio, objectivePercent));
}

/**
 * Exact test `burnRate(errorRatio) >= threshold`, so 0.0144 at 99.9 % is at 14.4, not a hair below.
 * @example isBurnRateAtLeast(0.0144, 99.9, 14.4) // true
 */
export function isBurnRateAtLeast(errorRatio: number, objectivePercent: number, threshold: number): boolean {
  return compareRatios(burnRateRatio(errorRatio, objectivePercent), toExactRatio(threshold)) >= 0;
}

/**
 * Share of the period's budget a burn rate spends over a window: burnRate × window / period.
 * @example budgetSpentByBurn(14.4, 3_600_000, 30 * 86_400_000) // 0.02
 */
export function budgetSpentByBurn(burnRate: number, windowMs: number, periodMs: number): number {
  return ratioToNumber(multiplyRatios(toExactRatio(burnRate), { num: BigInt(windowMs), den: BigInt(periodMs) }));
}

function burnRateRatio(errorRatio: number, objectivePercent: number): ExactRatio {
  if (!(errorRatio >= 0 && errorRatio <= 1)) throw new RangeError(`errorRatio must be within 0..1, got ${errorRatio}`);
  const budget = errorBudgetRatio(objectivePercent);
  const ratio = toExactRatio(errorRatio);
  return reduceRatio({ num: ratio.num * budget.den, den: ratio.den * budget.num });
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}
