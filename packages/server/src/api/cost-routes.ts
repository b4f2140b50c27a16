import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  BudgetsBody,
  BudgetsResult,
  CostEstimate,
  CostResult,
  ErrorBody,
  PricesAdded,
  PricesBody,
  PriceList,
  type CostGroup,
  type PriceVersion as WirePriceVersion,
} from '@vigil/protocol';
import type { FeatureContext, FeatureLifecycle } from '../app.js';
import { planCoverage, planTimeseries, type RollupLevel } from '../analysis/api-health/index.js';
import {
  aggregateCost,
  computeBudgetStatus,
  COST_GROUP_BYS,
  currentPrices,
  estimateTokenCost,
  priceFor,
  costOfTokens,
  isKnownPrice,
  monthBounds,
  spendByDay,
  type Budget,
  type BudgetStatus,
  type CostCell,
  type CostGroupBy,
  type CostOwner,
  type PriceVersion,
} from '../governance/cost/index.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import { parseDurationParam, parseTimeParam } from './time-params.js';

const DAY = 86_400_000;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['cost'];
const BUDGET_ALERTING_NOTE =
  'Budget status is computed on read. Alert rules use it through the metrics budget.spentRatio and budget.forecastRatio ' +
  '(e.g. budget.forecastRatio > 1 in area "Cost Monitoring", which pages the Business team as PRIMARY). See docs/cost.md.';

/** Additive facts of the rollup cells of [fromMs, toMs), read as whole days, hours and minutes. */
export async function readCostCells(store: Store, fromMs: number, toMs: number, model?: string): Promise<CostCell[]> {
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

function toCostCell(c: {
  model: string;
  bucketStart: number;
  cell: { calls: number; costUsd: number; costCount: number; inputTokens: number; outputTokens: number };
}): CostCell {
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

/** Live (non-retired) use cases as cost owners. */
export async function readCostOwners(store: Store): Promise<CostOwner[]> {
  return (await store.governance.listUseCases())
    .filter((u) => u.stage !== 'retired')
    .map((u) => ({ id: u.id, ownerTeam: u.spec.ownerTeam, models: u.spec.models }));
}

/** Every budget with month-to-date spend and its forecast for the month holding `nowMs`. */
export async function computeBudgets(store: Store, nowMs: number): Promise<BudgetStatus[]> {
  const budgets = await store.cost.listBudgets();
  if (budgets.length === 0) return [];
  const { start } = monthBounds(nowMs);
  const [cells, owners] = await Promise.all([readCostCells(store, start, nowMs + 1), readCostOwners(store)]);
  const byScope = new Map<CostGroupBy, Map<string, Map<number, number>>>();
  return budgets.map((b) => {
    let days = byScope.get(b.scope);
    if (!days) byScope.set(b.scope, (days = spendByDay(cells, b.scope, owners)));
    return computeBudgetStatus(b, nowMs, days.get(b.target) ?? new Map());
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Cost monitoring: spend and cost per prediction per model, use case and team (`GET /api/v1/cost`), monthly
 * budgets with a forecast (`/api/v1/cost/budgets`), the versioned LLM price table (`/api/v1/cost/prices`) and
 * token-based estimates (`/api/v1/cost/estimate`). Reads need a read key, writes an admin key. docs/cost.md.
 */
export function registerCostFeature(ctx: FeatureContext): FeatureLifecycle {
  // Ingest prices LLM events sent without costUsd with the table in force (kept in memory, reloaded on change).
  const loadPrices = async () => {
    const versions = await ctx.store.cost.listPrices();
    ctx.pipeline.setPricer(
      versions.length === 0
        ? null
        : (call) => {
            const p = priceFor(versions, call.requestModel, call.atMs);
            return p && { costUsd: costOfTokens(p, call.inputTokens, call.outputTokens), version: p.version };
          },
    );
  };
  registerCostRoutes(ctx.app, ctx.store, ctx.now, loadPrices);
  return { start: loadPrices };
}

function registerCostRoutes(
  app: FastifyInstance,
  store: Store,
  now: () => number,
  onPricesChanged: () => Promise<void>,
): void {
  app.get(
    '/api/v1/cost',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Spend and cost per prediction over time, per model, use case or team (from the rollups)',
        tags,
        querystring: Type.Object({
          from: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms; default 30 days before `to`.' })),
          to: Type.Optional(Type.String({ description: 'Default now.' })),
          step: Type.Optional(
            Type.String({ description: 'Bucket width, e.g. 1h, 1d; rounded up to a rollup-friendly step.' }),
          ),
          groupBy: Type.Optional(
            Type.Union(
              COST_GROUP_BYS.map((g) => Type.Literal(g)),
              { default: 'model' },
            ),
          ),
        }),
        response: { 200: CostResult, ...errors },
      },
    },
    async (req): Promise<CostResult> => {
      const q = req.query as { from?: string; to?: string; step?: string; groupBy?: CostGroupBy };
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : now();
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - 30 * DAY;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const plan = planTimeseries(from, to, q.step !== undefined ? parseDurationParam('step', q.step) : undefined);
      const [rows, exactCells, owners] = await Promise.all([
        store.rollups.readCells({
          level: plan.level as RollupLevel,
          fromMs: plan.from,
          toMs: plan.to,
          sketches: { latency: false, ttft: false },
        }),
        readCostCells(store, from, to),
        readCostOwners(store),
      ]);
      const groupBy = q.groupBy ?? 'model';
      const charted = aggregateCost(rows.map(toCostCell), { ...plan, groupBy, owners });
      // Totals over exactly [from, to), as the report reads them; the chart's whole buckets reach further.
      const exact = aggregateCost(exactCells, { from, to, step: to - from, groupBy, owners });
      return {
        from: plan.from,
        to: plan.to,
        step: plan.step,
        period: { from, to },
        groupBy,
        total: exact.total,
        groups: withExactTotals(charted.groups, exact.groups),
      };
    },
  );

  app.get(
    '/api/v1/cost/budgets',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Monthly budgets with month-to-date spend, forecast to month end and status',
        tags,
        response: { 200: BudgetsResult, ...errors },
      },
    },
    async (): Promise<BudgetsResult> => ({
      budgets: await computeBudgets(store, now()),
      alerting: BUDGET_ALERTING_NOTE,
    }),
  );

  app.put(
    '/api/v1/cost/budgets',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the monthly budgets (per model, use case or team)',
        tags,
        body: BudgetsBody,
        response: { 200: BudgetsResult, ...errors },
      },
    },
    async (req): Promise<BudgetsResult> => {
      const { budgets } = req.body as BudgetsBody;
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
        if (b.scope === 'useCase' && !useCases.has(b.target)) {
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `body.budgets[${i}].target: use case "${b.target}" does not exist; list them with GET /api/v1/use-cases`,
          );
        }
      });
      const at = now();
      await store.cost.replaceBudgets(budgets.map((b): Budget => ({ ...b, updatedAtMs: at })));
      return { budgets: await computeBudgets(store, at), alerting: BUDGET_ALERTING_NOTE };
    },
  );

  const wirePrice = (p: PriceVersion): WirePriceVersion => ({
    version: p.version,
    provider: p.provider,
    model: p.model,
    inputPerMTok: p.inputPerMTok,
    outputPerMTok: p.outputPerMTok,
    validFrom: iso(p.validFrom),
    createdAt: iso(p.createdAtMs),
    apiKeyName: p.apiKeyName,
    note: p.note,
  });

  app.get(
    '/api/v1/cost/prices',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The LLM price table: the version in force now per model, and every version',
        tags,
        response: { 200: PriceList, ...errors },
      },
    },
    async (): Promise<PriceList> => {
      const versions = await store.cost.listPrices();
      return { current: currentPrices(versions, now()).map(wirePrice), versions: versions.map(wirePrice) };
    },
  );

  app.put(
    '/api/v1/cost/prices',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Add LLM prices: each changed entry becomes a new version (the table is append-only)',
        tags,
        body: PricesBody,
        response: { 200: PricesAdded, ...errors },
      },
    },
    async (req): Promise<PricesAdded> => {
      const { prices } = req.body as PricesBody;
      const at = now();
      const existing = await store.cost.listPrices();
      const fresh: Array<Omit<PriceVersion, 'version'>> = [];
      for (const [i, p] of prices.entries()) {
        const validFrom = p.validFrom !== undefined ? parseTimeParam(`prices[${i}].validFrom`, p.validFrom) : at;
        const entry = {
          provider: p.provider,
          model: p.model,
          inputPerMTok: p.inputPerMTok,
          outputPerMTok: p.outputPerMTok,
          validFrom,
          createdAtMs: at,
          apiKeyName: req.apiKey?.name ?? null,
          note: p.note ?? null,
        };
        if (isKnownPrice(existing, entry) || fresh.some((f) => isKnownPrice([{ ...f, version: 0 }], entry))) continue;
        fresh.push(entry);
      }
      const created = fresh.length ? await store.cost.addPrices(fresh) : [];
      if (created.length) await onPricesChanged();
      return { created: created.map(wirePrice), unchanged: prices.length - created.length };
    },
  );

  app.get(
    '/api/v1/cost/estimate',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          "A model's token totals from the rollups priced with the LLM price table, naming each price version applied",
        description:
          'Tokens of every call of the model are priced (rollups do not separate calls that carried costUsd), at the version valid at each rollup cell start. ' +
          'Compare with `recorded`, the costUsd the clients sent.',
        tags,
        querystring: Type.Object({
          model: Type.String({ minLength: 1, description: 'Vigil model slug.' }),
          requestModel: Type.Optional(
            Type.String({
              minLength: 1,
              description: 'Price-table model to apply (the llm.requestModel); default: the slug itself.',
            }),
          ),
          from: Type.Optional(Type.String({ description: 'Default 30 days before `to`.' })),
          to: Type.Optional(Type.String({ description: 'Default now.' })),
        }),
        response: { 200: CostEstimate, ...errors },
      },
    },
    async (req): Promise<CostEstimate> => {
      const q = req.query as { model: string; requestModel?: string; from?: string; to?: string };
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : now();
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - 30 * DAY;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const requestModel = q.requestModel ?? q.model;
      const [cells, prices] = await Promise.all([readCostCells(store, from, to, q.model), store.cost.listPrices()]);
      if (!prices.some((p) => p.model.toLowerCase() === requestModel.toLowerCase())) {
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `querystring.requestModel: no price for "${requestModel}" in the price table; add one with PUT /api/v1/cost/prices or pass requestModel`,
        );
      }
      const est = estimateTokenCost(prices, requestModel, cells);
      const sum = (f: (c: CostCell) => number) => cells.reduce((s, c) => s + f(c), 0);
      return {
        model: q.model,
        requestModel,
        from,
        to,
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
  );
}

/** Chart groups with each group's totals over the exact period (groups with spend only outside it read 0). */
function withExactTotals(charted: CostGroup[], exact: CostGroup[]): CostGroup[] {
  const byKey = new Map(exact.map((g) => [g.key, g.totals]));
  const none = { spendUsd: 0, calls: 0, callsWithCost: 0, costPerCallUsd: null, inputTokens: 0, outputTokens: 0 };
  const out = charted.map((g) => ({ ...g, totals: byKey.get(g.key) ?? { ...none } }));
  out.sort((a, b) => b.totals.spendUsd - a.totals.spendUsd || a.key.localeCompare(b.key));
  return out;
}
