import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ExecutiveReport, RoiCalculateBody, RoiInputsAnswer, RoiInputsStored } from '@vigil/protocol';
import type { FeatureContext, FeatureLifecycle } from '../app.js';
import { calculateRoi, parseRoiInput, RoiInputError } from '../governance/index.js';
import { aggregateCost } from '../governance/cost/index.js';
import {
  computeMeasuredRoi,
  findHighImpactIncidents,
  parseReportInputs,
  type ReportInputs,
} from '../governance/report/index.js';
import type { Incident } from '../alerting/service/alerting-store.js';
import { DEFAULT_ESCALATION_POLICY } from '../alerting/escalation/escalation-machine.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import { computeBudgets, readCostCells, readCostOwners } from './cost-routes.js';
import { buildScorecard, parseBaseline } from './governance-scorecard-route.js';
import { parseTimeParam } from './time-params.js';

const DAY = 86_400_000;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['report'];

/** Every incident the alerting store holds with openedAt in [from, to); null when it cannot be read. */
async function readIncidents(store: Store, from: number, to: number): Promise<Incident[] | null> {
  try {
    return await store.alerting.listIncidents({ from, to, limit: 100_000 });
  } catch {
    return null;
  }
}

function calculatorSection(inputs: ReportInputs | null, updatedAtMs: number | null): ExecutiveReport['roi'] {
  if (!inputs?.calculator) return { isConfigured: false, updatedAt: null, scenarios: [] };
  return {
    isConfigured: true,
    updatedAt: updatedAtMs === null ? null : new Date(updatedAtMs).toISOString(),
    scenarios: parseRoiInput(inputs.calculator).map(calculateRoi),
  };
}

/**
 * The executive report (`GET /api/v1/report/executive`) and its stored ROI inputs (`/api/v1/report/roi-inputs`):
 * scorecard, coverage and shadow AI, the ROI calculator, ROI measured from Vigil's incidents, incidents over
 * $10K impact, and spend with budgets. docs/cost.md.
 */
export function registerReportFeature(ctx: FeatureContext): FeatureLifecycle {
  registerReportRoutes(ctx.app, ctx.store, ctx.now);
  return {};
}

function registerReportRoutes(app: FastifyInstance, store: Store, now: () => number): void {
  app.get(
    '/api/v1/report/roi-inputs',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The ROI inputs of the executive report',
        tags,
        response: { 200: RoiInputsAnswer, ...errors },
      },
    },
    async (): Promise<RoiInputsAnswer> => {
      const rec = await store.cost.getRoiInputs();
      return {
        inputs: rec?.inputs ?? {},
        updatedAt: rec ? new Date(rec.updatedAtMs).toISOString() : null,
        apiKeyName: rec?.apiKeyName ?? null,
      };
    },
  );

  app.put(
    '/api/v1/report/roi-inputs',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          'Store the ROI inputs: `calculator` (a POST /api/v1/roi/calculate body) and `measured` (cost per incident, cost per hour, Vigil running cost)',
        tags,
        body: RoiCalculateBody,
        response: { 200: RoiInputsStored, ...errors },
      },
    },
    async (req): Promise<RoiInputsStored> => {
      let inputs: ReportInputs;
      try {
        inputs = parseReportInputs(req.body);
      } catch (err) {
        if (err instanceof RoiInputError) throw new VigilError('VIGIL_ERR_VALIDATION', `body.${err.message}`);
        throw err;
      }
      const at = now();
      const apiKeyName = req.apiKey?.name ?? null;
      await store.cost.putRoiInputs({ inputs, updatedAtMs: at, apiKeyName });
      return { inputs, updatedAt: new Date(at).toISOString(), apiKeyName };
    },
  );

  app.get(
    '/api/v1/report/executive',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Executive report: scorecard, coverage and shadow AI, ROI (calculator and measured), incidents over $10K impact, spend and budgets',
        tags,
        querystring: Type.Object({
          from: Type.Optional(
            Type.String({ description: 'Period start (ISO-8601 or epoch ms); default 30 days before `to`.' }),
          ),
          to: Type.Optional(Type.String({ description: 'Period end; default now.' })),
          baselineFrom: Type.Optional(
            Type.String({ description: 'MTTR baseline start; default: the first incident.' }),
          ),
          baselineTo: Type.Optional(
            Type.String({ description: 'MTTR baseline end; default 30 days after baselineFrom.' }),
          ),
        }),
        response: { 200: ExecutiveReport, ...errors },
      },
    },
    async (req): Promise<ExecutiveReport> => {
      const q = req.query as { from?: string; to?: string; baselineFrom?: string; baselineTo?: string };
      const nowMs = now();
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : nowMs;
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - 30 * DAY;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const baseline = parseBaseline({ baselineFrom: q.baselineFrom, baselineTo: q.baselineTo }, nowMs);

      const [scorecard, rec, history, cells, owners, budgets, policy] = await Promise.all([
        buildScorecard(store, nowMs, baseline),
        store.cost.getRoiInputs(),
        readIncidents(store, 0, nowMs + 1),
        readCostCells(store, from, to),
        readCostOwners(store),
        computeBudgets(store, nowMs),
        store.alerting.getEscalationPolicy().catch(() => null),
      ]);
      // The executive threshold escalation uses (editable with PUT /api/v1/escalation-policy).
      const thresholdUsd = (policy ?? DEFAULT_ESCALATION_POLICY).executiveImpactUsd;
      const inputs = (rec?.inputs ?? null) as ReportInputs | null;
      const coverage = scorecard.metrics.find((m) => m.key === 'coverage') ?? null;
      const byTeam = aggregateCost(cells, { from, to, step: to - from, groupBy: 'team', owners });
      const byModel = aggregateCost(cells, { from, to, step: to - from, groupBy: 'model', owners });
      const strip = (g: (typeof byTeam.groups)[number]) => ({ key: g.key, models: g.models, totals: g.totals });
      const inPeriod = history?.filter((i) => i.openedAt >= from && i.openedAt < to) ?? [];

      return {
        generatedAt: new Date(nowMs).toISOString(),
        period: {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          days: Math.round(((to - from) / DAY) * 100) / 100,
        },
        scorecard,
        coverage: { metric: coverage, shadowModels: scorecard.shadowModels },
        roi: calculatorSection(inputs, rec?.updatedAtMs ?? null),
        measuredRoi: history
          ? {
              isAvailable: true,
              inputs: inputs?.measured ?? {},
              ...computeMeasuredRoi({ history, fromMs: from, toMs: to, baseline, inputs: inputs?.measured ?? {} }),
            }
          : { isAvailable: false, reason: 'the alerting store is not available: no incident data' },
        highImpactIncidents: { thresholdUsd, items: findHighImpactIncidents(inPeriod, nowMs, thresholdUsd) },
        spend: { total: byTeam.total, byTeam: byTeam.groups.map(strip), byModel: byModel.groups.map(strip), budgets },
        incidentsAvailable: history !== null,
      };
    },
  );
}
