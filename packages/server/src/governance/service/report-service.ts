import type { ExecutiveReport, RoiInputsAnswer, RoiInputsStored } from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import { DEFAULT_ESCALATION_POLICY } from '../../incidents/index.js';
import type { Store } from '../../storage/index.js';
import { aggregateCost } from '../cost/index.js';
import { computeMeasuredRoi, findHighImpactIncidents, parseReportInputs, type ReportInputs } from '../report/index.js';
import { calculateRoi, parseRoiInput, RoiInputError } from '../roi/index.js';
import type { CostService } from './cost-service.js';
import type { Baseline, ScorecardService } from './scorecard-service.js';

const DAY = 86_400_000;

export interface ReportServiceOptions {
  store: Store;
  now: () => number;
  cost: CostService;
  scorecards: ScorecardService;
}

/** The executive report and its stored ROI inputs (docs/cost.md, "Executive report"). */
export interface ReportService {
  roiInputs(): Promise<RoiInputsAnswer>;
  /** Validates and stores the inputs; a bad input is a VIGIL_ERR_VALIDATION naming the field. */
  putRoiInputs(body: unknown, apiKeyName: string | null): Promise<RoiInputsStored>;
  /** The report of [from, to), as of now. */
  executive(q: { from: number; to: number; baseline?: Baseline }): Promise<ExecutiveReport>;
}

/**
 * @example
 * const report = createReportService({ store, now: Date.now, cost, scorecards: governance.scorecards });
 * await report.executive({ from: Date.now() - 30 * 86_400_000, to: Date.now() });
 */
export function createReportService(options: ReportServiceOptions): ReportService {
  const { store, now, cost, scorecards } = options;
  return {
    async roiInputs() {
      const rec = await store.cost.getRoiInputs();
      return {
        inputs: rec?.inputs ?? {},
        updatedAt: rec ? new Date(rec.updatedAtMs).toISOString() : null,
        apiKeyName: rec?.apiKeyName ?? null,
      };
    },

    async putRoiInputs(body, apiKeyName) {
      let inputs: ReportInputs;
      try {
        inputs = parseReportInputs(body);
      } catch (err) {
        if (err instanceof RoiInputError) throw new VigilError('VIGIL_ERR_VALIDATION', `body.${err.message}`);
        throw err;
      }
      const at = now();
      await store.cost.putRoiInputs({ inputs, updatedAtMs: at, apiKeyName });
      return { inputs, updatedAt: new Date(at).toISOString(), apiKeyName };
    },

    async executive({ from, to, baseline }) {
      const nowMs = now();
      const [scorecard, rec, history, cells, owners, budgets, policy] = await Promise.all([
        scorecards.scorecard(baseline),
        store.cost.getRoiInputs(),
        store.alerting.listIncidents({ from: 0, to: nowMs + 1, limit: 100_000 }),
        cost.readCostCells(from, to),
        cost.readCostOwners(),
        cost.computeBudgets(nowMs),
        store.alerting.getEscalationPolicy(),
      ]);
      // The executive threshold escalation uses (editable with PUT /api/v1/escalation-policy).
      const thresholdUsd = (policy ?? DEFAULT_ESCALATION_POLICY).executiveImpactUsd;
      const inputs = (rec?.inputs ?? null) as ReportInputs | null;
      const coverage = scorecard.metrics.find((m) => m.key === 'coverage') ?? null;
      const byTeam = aggregateCost(cells, { from, to, step: to - from, groupBy: 'team', owners });
      const byModel = aggregateCost(cells, { from, to, step: to - from, groupBy: 'model', owners });
      const strip = (g: (typeof byTeam.groups)[number]) => ({ key: g.key, models: g.models, totals: g.totals });
      const inPeriod = history.filter((i) => i.openedAt >= from && i.openedAt < to);
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
        measuredRoi: {
          isAvailable: true,
          inputs: inputs?.measured ?? {},
          ...computeMeasuredRoi({ history, fromMs: from, toMs: to, baseline, inputs: inputs?.measured ?? {} }),
        },
        highImpactIncidents: { thresholdUsd, items: findHighImpactIncidents(inPeriod, nowMs, thresholdUsd) },
        spend: { total: byTeam.total, byTeam: byTeam.groups.map(strip), byModel: byModel.groups.map(strip), budgets },
        incidentsAvailable: true,
      };
    },
  };
}

function calculatorSection(inputs: ReportInputs | null, updatedAtMs: number | null): ExecutiveReport['roi'] {
  if (!inputs?.calculator) return { isConfigured: false, updatedAt: null, scenarios: [] };
  return {
    isConfigured: true,
    updatedAt: updatedAtMs === null ? null : new Date(updatedAtMs).toISOString(),
    scenarios: parseRoiInput(inputs.calculator).map(calculateRoi),
  };
}
