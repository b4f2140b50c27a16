import type {
  BudgetInput,
  BudgetStatus,
  CostEstimate,
  CostGroup,
  CostGroupBy,
  CostResult,
  PriceInput,
  PriceList,
  PricesAdded,
  PriceVersion as WirePriceVersion,
} from '@vigil/protocol';
import { planCoverage, planTimeseries } from '../../analysis/api-health/index.js';
import { VigilError } from '../../errors/index.js';
import type { TokenPricer } from '../../ingest/index.js';
import type { Budget, PriceVersion, Store, StoredCell } from '../../storage/index.js';
import {
  aggregateCost,
  computeBudgetStatus,
  costOfTokens,
  currentPrices,
  estimateTokenCost,
  isKnownPrice,
  monthBounds,
  priceFor,
  spendByDay,
  type CostCell,
  type CostOwner,
} from '../cost/index.js';

const DAY = 86_400_000;
const BUDGET_ALERTING_NOTE =
  'Budget status is computed on read. Alert rules use it through the metrics budget.spentRatio and budget.forecastRatio ' +
  '(e.g. budget.forecastRatio > 1 in area "Cost Monitoring", which pages the Business team as PRIMARY). See docs/cost.md.';

export interface CostServiceOptions {
  store: Store;
  now: () => number;
  /** Told when the price table changed, with the pricer ingest should use from now on. */
  onPricesChanged?: (pricer: TokenPricer | null) => void;
}

/** Cost monitoring (docs/cost.md): spend, monthly budgets with a forecast, the versioned LLM price table, estimates. */
export interface CostService {
  /** Spend and cost per prediction over [from, to) in `step` buckets, per model, use case or team. */
  spend(q: { from: number; to: number; step?: number; groupBy: CostGroupBy }): Promise<CostResult>;
  /** Every budget with month-to-date spend and its forecast for the month holding `atMs` (default now). */
  computeBudgets(atMs?: number): Promise<BudgetStatus[]>;
  budgets(): Promise<{ budgets: BudgetStatus[]; alerting: string }>;
  replaceBudgets(budgets: BudgetInput[]): Promise<{ budgets: BudgetStatus[]; alerting: string }>;
  prices(): Promise<PriceList>;
  /** Appends the entries that change the table (each a new version); `validFrom` already parsed to ms. */
  addPrices(
    prices: Array<Omit<PriceInput, 'validFrom'> & { validFromMs?: number }>,
    apiKeyName: string | null,
  ): Promise<PricesAdded>;
  estimate(q: { model: string; requestModel: string; from: number; to: number }): Promise<CostEstimate>;
  /** Additive facts of the rollup cells of [fromMs, toMs), read as whole days, hours and minutes. */
  readCostCells(fromMs: number, toMs: number, model?: string): Promise<CostCell[]>;
  /** Live (non-retired) use cases as cost owners. */
  readCostOwners(): Promise<CostOwner[]>;
  /** The pricer for LLM events sent without costUsd, from the stored table (null when it is empty). */
  loadPricer(): Promise<TokenPricer | null>;
}

/**
 * @example
 * const cost = createCostService({ store, now: Date.now, onPricesChanged: (p) => pipeline.setPricer(p) });
 * pipeline.setPricer(await cost.loadPricer());
 */
export function createCostService(options: CostServiceOptions): CostService {
  const { store, now } = options;

  async function readCostCells(fromMs: number, toMs: number, model?: string): Promise<CostCell[]> {
    const parts = await Promise.all(
      planCoverage(fromMs, toMs).map((seg) =>
        store.rollups.readCells({
          level: seg.level,
          fromMs: seg.from,
          toMs: seg.to,
          model,
          sketches: { latency: false, ttft: false },
        }),
      ),
    );
    return parts.flat().map(toCostCell);
  }

  async function readCostOwners(): Promise<CostOwner[]> {
    return (await store.governance.listUseCases())
      .filter((u) => u.stage !== 'retired')
      .map((u) => ({ id: u.id, ownerTeam: u.spec.ownerTeam, models: u.spec.models }));
  }

  async function computeBudgets(atMs = now()): Promise<BudgetStatus[]> {
    const budgets = await store.cost.listBudgets();
    if (budgets.length === 0) return [];
    const { start } = monthBounds(atMs);
    const [cells, owners] = await Promise.all([readCostCells(start, atMs + 1), readCostOwners()]);
    const byScope = new Map<CostGroupBy, Map<string, Map<number, number>>>();
    return budgets.map((b) => {
      let days = byScope.get(b.scope);
      if (!days) byScope.set(b.scope, (days = spendByDay(cells, b.scope, owners)));
      return computeBudgetStatus(b, atMs, days.get(b.target) ?? new Map());
    });
  }

  async function loadPricer(): Promise<TokenPricer | null> {
    const versions = await store.cost.listPrices();
    if (versions.length === 0) return null;
    return (call) => {
      const p = priceFor(versions, call.requestModel, call.atMs);
      return p && { costUsd: costOfTokens(p, call.inputTokens, call.outputTokens), version: p.version };
    };
  }

  return {
    async spend(q) {
      const plan = planTimeseries(q.from, q.to, q.step);
      const [rows, exactCells, owners] = await Promise.all([
        store.rollups.readCells({
          level: plan.level,
          fromMs: plan.from,
          toMs: plan.to,
          sketches: { latency: false, ttft: false },
        }),
        readCostCells(q.from, q.to),
        readCostOwners(),
      ]);
      const charted = aggregateCost(rows.map(toCostCell), { ...plan, groupBy: q.groupBy, owners });
      // Totals over exactly [from, to), as the report reads them; the chart's whole buckets reach further.
      const exact = aggregateCost(exactCells, {
        from: q.from,
        to: q.to,
        step: q.to - q.from,
        groupBy: q.groupBy,
        owners,
      });
      return {
        from: plan.from,
        to: plan.to,
        step: plan.step,
        period: { from: q.from, to: q.to },
        groupBy: q.groupBy,
        total: exact.total,
        groups: withExactTotals(charted.groups, exact.groups),
      };
    },

    computeBudgets,

    budgets: async () => ({ budgets: await computeBudgets(), alerting: BUDGET_ALERTING_NOTE }),

    async replaceBudgets(budgets) {
      const seen = new Set<string>();
      const useCases = new Set((await store.governance.listUseCases()).map((u) => u.id));
      budgets.forEach((b, i) => {
        const key = `${b.scope}\u0000${b.target}`;
        if (seen.has(key))
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `body.budgets[${i}]: a second budget for ${b.scope} "${b.target}"; give one per target`,
          );
        seen.add(key);
        if (b.scope === 'useCase' && !useCases.has(b.target))
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `body.budgets[${i}].target: use case "${b.target}" does not exist; list them with GET /api/v1/use-cases`,
          );
      });
      const at = now();
      await store.cost.replaceBudgets(budgets.map((b): Budget => ({ ...b, updatedAtMs: at })));
      return { budgets: await computeBudgets(at), alerting: BUDGET_ALERTING_NOTE };
    },

    async prices() {
      const versions = await store.cost.listPrices();
      return { current: currentPrices(versions, now()).map(wirePrice), versions: versions.map(wirePrice) };
    },

    async addPrices(prices, apiKeyName) {
      const at = now();
      const existing = await store.cost.listPrices();
      const fresh: Array<Omit<PriceVersion, 'version'>> = [];
      for (const p of prices) {
        const entry = {
          provider: p.provider,
          model: p.model,
          inputPerMTok: p.inputPerMTok,
          outputPerMTok: p.outputPerMTok,
          validFrom: p.validFromMs ?? at,
          createdAtMs: at,
          apiKeyName,
          note: p.note ?? null,
        };
        if (isKnownPrice(existing, entry) || fresh.some((f) => isKnownPrice([{ ...f, version: 0 }], entry))) continue;
        fresh.push(entry);
      }
      const created = fresh.length ? await store.cost.addPrices(fresh) : [];
      if (created.length) options.onPricesChanged?.(await loadPricer());
      return { created: created.map(wirePrice), unchanged: prices.length - created.length };
    },

    async estimate(q) {
      const [cells, prices] = await Promise.all([readCostCells(q.from, q.to, q.model), store.cost.listPrices()]);
      if (!prices.some((p) => p.model.toLowerCase() === q.requestModel.toLowerCase()))
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `querystring.requestModel: no price for "${q.requestModel}" in the price table; add one with PUT /api/v1/cost/prices or pass requestModel`,
        );
      const est = estimateTokenCost(prices, q.requestModel, cells);
      const sum = (f: (c: CostCell) => number) => cells.reduce((s, c) => s + f(c), 0);
      return {
        model: q.model,
        requestModel: q.requestModel,
        from: q.from,
        to: q.to,
        tokens: { input: sum((c) => c.inputTokens), output: sum((c) => c.outputTokens) },
        recorded: {
          calls: sum((c) => c.calls),
          callsWithCost: sum((c) => c.costCount),
          costUsd: sum((c) => c.costUsd),
        },
        estimatedUsd: est.estimatedUsd,
        pricesApplied: est.byVersion.map((v) => ({ ...v, validFrom: iso(v.validFrom) })),
        unpriced: est.unpriced,
      };
    },

    readCostCells,
    readCostOwners,
    loadPricer,
  };
}

/** Default range of cost reads: 30 days before `to`. */
export const DEFAULT_COST_SPAN_MS = 30 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();

function toCostCell(c: StoredCell): CostCell {
  return {
    model: c.model,
    bucketStart: c.bucketStart,
    calls: c.cell.calls,
    costUsd: c.cell.costUsd,
    costCount: c.cell.costCount,
    inputTokens: c.cell.inputTokens,
    outputTokens: c.cell.outputTokens,
  };
}

function wirePrice(p: PriceVersion): WirePriceVersion {
  return {
    version: p.version,
    provider: p.provider,
    model: p.model,
    inputPerMTok: p.inputPerMTok,
    outputPerMTok: p.outputPerMTok,
    validFrom: iso(p.validFrom),
    createdAt: iso(p.createdAtMs),
    apiKeyName: p.apiKeyName,
    note: p.note,
  };
}

/** Chart groups with each group's totals over the exact period (groups with spend only outside it read 0). */
function withExactTotals(charted: CostGroup[], exact: CostGroup[]): CostGroup[] {
  const byKey = new Map(exact.map((g) => [g.key, g.totals]));
  const none = { spendUsd: 0, calls: 0, callsWithCost: 0, costPerCallUsd: null, inputTokens: 0, outputTokens: 0 };
  const out = charted.map((g) => ({ ...g, totals: byKey.get(g.key) ?? { ...none } }));
  out.sort((a, b) => b.totals.spendUsd - a.totals.spendUsd || a.key.localeCompare(b.key));
  return out;
}
