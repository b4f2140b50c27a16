import type { BudgetStatus } from '@vigil/protocol';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { findBudgetTarget, type BudgetMetric } from '../rules/budget-metrics.js';

/**
 * Every budget's status as of a time: what `GET /api/v1/cost/budgets` answers at that time. The server passes
 * `computeBudgets` of api/cost-routes.ts (governance/cost's `computeBudgetStatus` over the rollups), so a
 * budget rule sees exactly the numbers of the budgets API and the executive report.
 */
export type BudgetStatusReader = (nowMs: number) => Promise<readonly BudgetStatus[]>;

/**
 * Values of budget metric queries: `budget.spentRatio` = month-to-date spend ÷ budget, `budget.forecastRatio` =
 * forecast to month end ÷ budget, of the budget the query's scope names (`findBudgetTarget`), as of the query's
 * window end (the evaluation time; the window length does not matter). Null when no budget has that target,
 * the scope names none, or the server has no budget reader. Budgets are computed once per distinct time.
 * @example await fetchBudgetMetrics(read, [{ metric: 'budget.forecastRatio', tags: { team: 'Marketing' }, from, to: now }])
 */
export async function fetchBudgetMetrics(
  read: BudgetStatusReader | null,
  queries: readonly (MetricQuery & { metric: BudgetMetric })[],
): Promise<(number | null)[]> {
  const out: (number | null)[] = queries.map(() => null);
  if (read === null) return out;
  const byTime = new Map<number, Promise<readonly BudgetStatus[]>>();
  for (const [i, q] of queries.entries()) {
    const target = findBudgetTarget(q);
    if (target === null) continue;
    let statuses = byTime.get(q.to);
    if (!statuses) byTime.set(q.to, (statuses = read(q.to)));
    const budget = (await statuses).find((b) => b.scope === target.scope && b.target === target.target);
    if (budget) out[i] = q.metric === 'budget.spentRatio' ? budget.usedRatio : budget.forecastRatio;
  }
  return out;
}
