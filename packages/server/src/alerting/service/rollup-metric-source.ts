import type { InfraMetricStore, RollupStore, SecuritySignalStore } from '../../storage/index.js';
import { isModelHealthMetric, type ModelHealthMetric } from '../../analysis/model-health/index.js';
import type { MetricQuery, MetricSource } from '../evaluation/metric-source.js';
import { isBudgetMetric, type BudgetMetric } from '../rules/budget-metrics.js';
import { fetchBudgetMetrics, type BudgetStatusReader } from './budget-metric-source.js';
import { isInfraMetric, type InfraRuleMetric } from '../rules/infra-metrics.js';
import { fetchInfraMetrics } from './infra-metric-source.js';
import { isSecurityMetric, type SecurityMetric } from '../rules/security-metrics.js';
import { fetchSecurityMetrics } from './security-metric-source.js';
import { loadCellIndex } from './cell-index-loader.js';
import { fetchModelHealthMetrics, type ModelHealthReads } from './model-health-metric-source.js';
import type { EdgeReadOptions } from './window-edges.js';

/** Raw events read per round for window edges at most (about 10 minutes of the deck's 10K calls/min). */
export const MAX_EDGE_EVENTS = 100_000;

/** Where the partial minutes at window edges come from: the raw events, kept `retentionMs`. */
export interface RawEdgeSource {
  events: EdgeReadOptions['events'];
  retentionMs: number;
  maxEvents?: number;
}

/**
 * The {@link MetricSource} of the running server: API-health metrics computed with analysis/api-health's
 * `computeMetric` over the rollup cells merged for each query's model, endpoint and window — with `raw`, the
 * partial minutes at the window's edges from raw events, so a window is exactly [from, to); model-health
 * metrics (accuracy, drift share, …) from the hourly model windows and the stored reference; budget ratios
 * from `budgets` (null without it); security signals from `signals` (docs/security-signals.md).
 * @example
 * const results = await evaluateRules(rules, new RollupMetricSource(store.rollups, store.references), now);
 */
export class RollupMetricSource implements MetricSource {
  readonly #health: ModelHealthReads;
  readonly #budgets: BudgetStatusReader | null;
  readonly #raw: RawEdgeSource | null;
  readonly #infra: InfraMetricStore | null;
  readonly #signals: SecuritySignalStore | null;

  constructor(
    private readonly rollups: RollupStore,
    references: ModelHealthReads['references'] = null,
    budgets: BudgetStatusReader | null = null,
    raw: RawEdgeSource | null = null,
    infra: InfraMetricStore | null = null,
    signals: SecuritySignalStore | null = null,
  ) {
    this.#infra = infra;
    this.#signals = signals;
    this.#health = { rollups, references };
    this.#budgets = budgets;
    this.#raw = raw;
  }

  async fetchMany(queries: readonly MetricQuery[]): Promise<(number | null)[]> {
    const health: number[] = [];
    const api: number[] = [];
    const budget: number[] = [];
    const infra: number[] = [];
    const security: number[] = [];
    for (const [i, q] of queries.entries())
      (isInfraMetric(q.metric)
        ? infra
        : isBudgetMetric(q.metric)
          ? budget
          : isSecurityMetric(q.metric)
            ? security
            : isModelHealthMetric(q.metric)
              ? health
              : api
      ).push(i);
    const out: (number | null)[] = queries.map(() => null);
    if (api.length > 0) {
      const apiQueries = api.map((i) => queries[i]!);
      // The evaluation time is the latest window end: raw events older than the retention are gone.
      const now = apiQueries.reduce((max, q) => Math.max(max, q.to), -Infinity);
      const raw = this.#raw;
      const index = await loadCellIndex(this.rollups, apiQueries, {
        edges: raw
          ? { events: raw.events, oldestMs: now - raw.retentionMs, maxEvents: raw.maxEvents ?? MAX_EDGE_EVENTS }
          : undefined,
      });
      for (const i of api) out[i] = index.valueOf(queries[i]!);
    }
    if (health.length > 0) {
      const values = await fetchModelHealthMetrics(
        this.#health,
        health.map((i) => queries[i]! as MetricQuery & { metric: ModelHealthMetric }),
      );
      for (const [k, i] of health.entries()) out[i] = values[k]!;
    }
    if (budget.length > 0) {
      const values = await fetchBudgetMetrics(
        this.#budgets,
        budget.map((i) => queries[i]! as MetricQuery & { metric: BudgetMetric }),
      );
      for (const [k, i] of budget.entries()) out[i] = values[k]!;
    }
    if (infra.length > 0) {
      const values = await fetchInfraMetrics(
        this.#infra,
        infra.map((i) => queries[i]! as MetricQuery & { metric: InfraRuleMetric }),
      );
      for (const [k, i] of infra.entries()) out[i] = values[k]!;
    }
    if (security.length > 0) {
      const values = await fetchSecurityMetrics(
        this.#signals,
        security.map((i) => queries[i]! as MetricQuery & { metric: SecurityMetric }),
      );
      for (const [k, i] of security.entries()) out[i] = values[k]!;
    }
    return out;
  }
}
