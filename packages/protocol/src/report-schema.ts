import { Type, type Static } from '@sinclair/typebox';
import { CostGroupTotals, CostSums, BudgetStatus } from './cost-schema.js';
import { RoiResult, Scorecard, ScorecardMetric } from './governance-schema.js';

// Wire shapes of the executive report (GET /api/v1/report/executive, docs/cost.md) and its stored ROI inputs.

const Nullable = <T extends ReturnType<typeof Type.Number> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);

/** What the measured ROI needs that Vigil cannot observe: money, in USD. */
export const MeasuredRoiInputs = Type.Object({
  costPerIncidentUsd: Type.Optional(
    Type.Number({ description: 'Cost of one incident that reaches customers (revenue + reputation).' }),
  ),
  costPerHourUsd: Type.Optional(Type.Number({ description: 'Cost of one hour of an incident (for MTTR saved).' })),
  vigilRunningCostPerYearUsd: Type.Optional(
    Type.Number({ description: "What running Vigil costs a year (hosting, people's time)." }),
  ),
  implementationUsd: Type.Optional(Type.Number()),
  trainingUsd: Type.Optional(Type.Number()),
  baselineMttrMinutes: Type.Optional(
    Type.Number({
      description:
        'MTTR before Vigil, minutes: the baseline of the MTTR target (−50 %) and of MTTR saved, unless a baseline period is passed.',
    }),
  ),
});
export type MeasuredRoiInputs = Static<typeof MeasuredRoiInputs>;

export const MeasuredRoiFacts = Type.Object({
  periodDays: Type.Number(),
  incidents: Type.Number(),
  caught: Type.Number({
    description: 'Resolved, not false positives, severity critical or error: caught before customers reported them.',
  }),
  caughtPerYear: Type.Number(),
  resolvedPerYear: Type.Number({ description: 'Resolved non-false-positive incidents per year.' }),
  mttrMinutes: Nullable(Type.Number()),
  baselineMttrMinutes: Nullable(Type.Number()),
  baseline: Type.Union([Type.Object({ from: Type.String(), to: Type.String() }), Type.Null()], {
    description:
      'The baseline period of incident history; null when the stated MTTR before Vigil is used, or none exists.',
  }),
  mttrReductionHours: Nullable(Type.Number({ description: 'max(0, baseline MTTR − MTTR now), hours.' })),
});
export type MeasuredRoiFacts = Static<typeof MeasuredRoiFacts>;

export const CaughtIncident = Type.Object({
  id: Type.String(),
  title: Type.String(),
  severity: Type.String(),
  openedAt: Type.String(),
  resolvedInMinutes: Type.Number(),
});

/** ROI measured from Vigil's own incidents; unavailable when the alerting store cannot be read. */
export const MeasuredRoi = Type.Union([
  Type.Object({ isAvailable: Type.Literal(false), reason: Type.String() }),
  Type.Object({
    isAvailable: Type.Literal(true),
    inputs: MeasuredRoiInputs,
    facts: MeasuredRoiFacts,
    missing: Type.Array(Type.String(), {
      description: 'Inputs still needed for an ROI figure (none when roi is set).',
    }),
    roi: Type.Union([RoiResult, Type.Null()]),
    notes: Type.Array(Type.String()),
    caughtIncidents: Type.Array(CaughtIncident),
  }),
]);
export type MeasuredRoi = Static<typeof MeasuredRoi>;

/** An incident whose estimated impact (impact per hour × duration, at least an hour) passed the threshold. */
export const HighImpactIncident = Type.Object({
  id: Type.String(),
  title: Type.String(),
  area: Type.String(),
  severity: Type.String(),
  model: Nullable(Type.String()),
  team: Type.String(),
  status: Type.String(),
  isCustomerFacing: Type.Boolean(),
  openedAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  durationMinutes: Type.Number(),
  impactUsdPerHour: Type.Number(),
  estimatedImpactUsd: Type.Number(),
});
export type HighImpactIncident = Static<typeof HighImpactIncident>;

/** GET /report/executive. */
export const ExecutiveReport = Type.Object({
  generatedAt: Type.String(),
  period: Type.Object({ from: Type.String(), to: Type.String(), days: Type.Number() }),
  scorecard: Scorecard,
  coverage: Type.Object({
    metric: Type.Union([ScorecardMetric, Type.Null()]),
    shadowModels: Scorecard.properties.shadowModels,
  }),
  roi: Type.Object({
    isConfigured: Type.Boolean(),
    updatedAt: Nullable(Type.String()),
    scenarios: Type.Array(RoiResult),
  }),
  measuredRoi: MeasuredRoi,
  highImpactIncidents: Type.Object({
    thresholdUsd: Type.Number({ description: "The escalation policy's executive threshold." }),
    items: Type.Array(HighImpactIncident),
  }),
  spend: Type.Object({
    total: CostSums,
    byTeam: Type.Array(CostGroupTotals),
    byModel: Type.Array(CostGroupTotals),
    budgets: Type.Array(BudgetStatus),
  }),
  incidentsAvailable: Type.Boolean(),
});
export type ExecutiveReport = Static<typeof ExecutiveReport>;

/** GET /report/roi-inputs; `inputs` as stored ({ calculator?, measured? }). */
export const RoiInputsAnswer = Type.Object({
  inputs: Type.Unknown(),
  updatedAt: Nullable(Type.String()),
  apiKeyName: Nullable(Type.String()),
});
export type RoiInputsAnswer = Static<typeof RoiInputsAnswer>;
/** PUT /report/roi-inputs. */
export const RoiInputsStored = Type.Object({
  inputs: Type.Unknown(),
  updatedAt: Type.String(),
  apiKeyName: Nullable(Type.String()),
});
export type RoiInputsStored = Static<typeof RoiInputsStored>;
