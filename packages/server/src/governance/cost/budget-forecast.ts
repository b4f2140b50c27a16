import type { BudgetStatus } from '@vigil/protocol';
import type { Budget } from '../../storage/contracts/cost-store.js';

const DAY = 86_400_000;

/** The wire shape of a budget's status is defined once, in @vigil/protocol (cost-schema.ts). */
export type { BudgetStatus } from '@vigil/protocol';
export type BudgetState = BudgetStatus['status'];

/** [start, end) of the UTC calendar month holding `nowMs`. */
export function monthBounds(nowMs: number): { start: number; end: number } {
  const d = new Date(nowMs);
  return {
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}

const usd = (v: number) => v.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/**
 * Month-to-date spend against a monthly budget with a linear forecast to month end:
 * forecast = spent ÷ elapsed days × days in month (the month's average daily spend so far, carried on).
 * `spendByDay` maps a UTC day start to that day's spend; days outside the month are ignored.
 * @example
 *   computeBudgetStatus({ scope: 'team', target: 'bi', monthlyUsd: 300, updatedAtMs: 0 }, Date.UTC(2026, 10, 11), new Map([[Date.UTC(2026, 10, 1), 100]]))
 *   // 10 days elapsed, $100 spent → $10/day → forecast $300 of 30 days → 'ok' (not above the budget)
 */
export function computeBudgetStatus(
  budget: Budget,
  nowMs: number,
  spendByDay: ReadonlyMap<number, number>,
): BudgetStatus {
  const { start, end } = monthBounds(nowMs);
  const daysInMonth = Math.round((end - start) / DAY);
  const elapsedDays = Math.min(daysInMonth, Math.max(0, (nowMs - start) / DAY));
  const daily: BudgetStatus['daily'] = [];
  let spent = 0;
  for (let t = start; t < Math.min(end, nowMs + 1); t += DAY) {
    const v = spendByDay.get(t) ?? 0;
    spent += v;
    daily.push({ day: new Date(t).toISOString().slice(0, 10), spendUsd: v });
  }
  const dailyRate = elapsedDays > 0 ? spent / elapsedDays : null;
  const forecast = dailyRate === null ? null : dailyRate * daysInMonth;
  const ratio = (v: number | null) => (v === null || budget.monthlyUsd <= 0 ? null : v / budget.monthlyUsd);
  const status: BudgetState =
    spent > budget.monthlyUsd ? 'over' : forecast !== null && forecast > budget.monthlyUsd ? 'at-risk' : 'ok';
  const detail =
    forecast === null
      ? `${usd(spent)} of ${usd(budget.monthlyUsd)}; no forecast at the very start of the month`
      : `${usd(spent)} of ${usd(budget.monthlyUsd)} after ${elapsedDays.toFixed(2)} of ${daysInMonth} days; ${usd(dailyRate!)}/day → forecast ${usd(forecast)}`;
  return {
    scope: budget.scope,
    target: budget.target,
    monthlyUsd: budget.monthlyUsd,
    monthStart: new Date(start).toISOString(),
    monthEnd: new Date(end).toISOString(),
    daysInMonth,
    elapsedDays,
    spentUsd: spent,
    dailyRateUsd: dailyRate,
    forecastUsd: forecast,
    usedRatio: ratio(spent),
    forecastRatio: ratio(forecast),
    status,
    detail,
    daily,
  };
}
