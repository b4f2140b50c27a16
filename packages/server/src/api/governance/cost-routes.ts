import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  BudgetsBody,
  BudgetsResult,
  COST_GROUP_BYS,
  CostEstimate,
  CostResult,
  ErrorBody,
  PricesAdded,
  PricesBody,
  PriceList,
} from '@vigil/protocol';
import { DEFAULT_COST_SPAN_MS, type CostService } from '../../governance/index.js';
import { parseDurationParam, parseQueryRange, parseTimeParam } from '../http/time-params.js';
import { actorName } from '../http/actor-name.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['cost'];

/**
 * Cost monitoring: spend and cost per prediction per model, use case and team (`GET /api/v1/cost`), monthly
 * budgets with a forecast (`/api/v1/cost/budgets`), the versioned LLM price table (`/api/v1/cost/prices`) and
 * token-based estimates (`/api/v1/cost/estimate`). Reads need a read key, writes an admin key. docs/cost.md.
 * @example await app.register(costRoutes, { cost, now });
 */
export const costRoutes: FastifyPluginAsyncTypebox<{ cost: CostService; now: () => number }> = async (
  app,
  { cost, now },
) => {
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
    async (req) => {
      const q = req.query;
      return cost.spend({
        ...parseQueryRange(q, now(), DEFAULT_COST_SPAN_MS),
        step: q.step !== undefined ? parseDurationParam('step', q.step) : undefined,
        groupBy: q.groupBy ?? 'model',
      });
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
    async () => cost.budgets(),
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
    async (req) => cost.replaceBudgets(req.body.budgets),
  );

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
    async () => cost.prices(),
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
    async (req) =>
      cost.addPrices(
        req.body.prices.map(({ validFrom, ...p }, i) => ({
          ...p,
          validFromMs: validFrom !== undefined ? parseTimeParam(`prices[${i}].validFrom`, validFrom) : undefined,
        })),
        actorName(req),
      ),
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
    async (req) => {
      const q = req.query;
      return cost.estimate({
        model: q.model,
        requestModel: q.requestModel ?? q.model,
        ...parseQueryRange(q, now(), DEFAULT_COST_SPAN_MS),
      });
    },
  );
};
