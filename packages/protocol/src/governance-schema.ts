import { Type, type Static } from '@sinclair/typebox';
import { MONITORING_AREAS } from './alert-rule-schema.js';

/**
 * Wire types of governance: AI use cases and their intake workflow, checkpoints, audit trail, the ROI
 * calculator and the success-metrics scorecard (docs/governance.md).
 */

export const USE_CASE_STAGES = [
  'requirements',
  'development',
  'production_readiness',
  'production',
  'retired',
] as const;
export type UseCaseStage = (typeof USE_CASE_STAGES)[number];
export const UseCaseStageSchema = Type.Union(
  USE_CASE_STAGES.map((s) => Type.Literal(s)),
  { description: 'Intake stage: requirements → development → production_readiness → production → retired.' },
);

export const RISK_TIERS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export const RiskTierSchema = Type.Union(
  RISK_TIERS.map((t) => Type.Literal(t)),
  { description: 'Risk tier.' },
);

/** The seven monitoring areas of the responsibility matrix. */
export const GOVERNANCE_AREAS = MONITORING_AREAS;
export const MonitoringAreaName = Type.Union(
  GOVERNANCE_AREAS.map((a) => Type.Literal(a)),
  { description: 'Monitoring area of the responsibility matrix.' },
);

const Slug = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' });

export const BusinessImpact = Type.Object(
  {
    revenueAtStakeUsdPerHour: Type.Number({
      minimum: 0,
      description: 'Revenue at stake while the use case is down, USD per hour.',
    }),
    isCustomerFacing: Type.Boolean({ description: 'Customers see its answers directly.' }),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const ComplianceNeeds = Type.Object(
  {
    personalData: Type.Boolean({ description: 'Processes personal data.' }),
    gdpr: Type.Boolean({ description: 'In scope of GDPR.' }),
    pci: Type.Boolean({ description: 'In scope of PCI DSS (card data).' }),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

/** What a client sends to create or replace a use case. Requirements may be left out while drafting. */
export const UseCaseInput = Type.Object(
  {
    id: Type.Optional({ ...Slug, description: 'Stable id; generated from the name when absent.' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    ownerTeam: Type.String({ minLength: 1, maxLength: 200 }),
    models: Type.Array(Slug, { maxItems: 100, description: 'Model slugs (as in events) the use case owns.' }),
    endpoints: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
      maxItems: 200,
      description: 'Endpoints (as in events) the use case serves.',
    }),
    isLlm: Type.Optional(
      Type.Boolean({
        description: 'Uses LLMs (tokens and cost must flow). Inferred from observed modelType "llm" when absent.',
      }),
    ),
    businessImpact: Type.Optional(BusinessImpact),
    expectedQps: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Expected requests per second at peak.' }),
    ),
    latencyLimitMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Response-time limit, ms.' })),
    accuracyThreshold: Type.Optional(
      Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 1 })], {
        description: 'Minimum accuracy 0..1; null = not applicable (answered), absent = not answered yet.',
      }),
    ),
    compliance: Type.Optional(ComplianceNeeds),
    riskTier: Type.Optional(RiskTierSchema),
    monitoringAreas: Type.Optional(
      Type.Array(MonitoringAreaName, {
        description: 'Areas needing alert rules besides those the requirements imply.',
      }),
    ),
    stage: Type.Optional({
      ...UseCaseStageSchema,
      description:
        'Only on create: "requirements" (default) enters intake; a later stage registers an existing system (not counted as through intake).',
    }),
    actor: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 200 }), role: Type.String({ minLength: 1, maxLength: 50 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type UseCaseInput = Static<typeof UseCaseInput>;

export const UseCase = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  ownerTeam: Type.String(),
  models: Type.Array(Type.String()),
  endpoints: Type.Array(Type.String()),
  isLlm: Type.Union([Type.Boolean(), Type.Null()]),
  businessImpact: Type.Union([BusinessImpact, Type.Null()]),
  expectedQps: Type.Union([Type.Number(), Type.Null()]),
  latencyLimitMs: Type.Union([Type.Number(), Type.Null()]),
  accuracyThreshold: Type.Union([Type.Number(), Type.Null()]),
  isAccuracyAnswered: Type.Boolean(),
  compliance: Type.Union([ComplianceNeeds, Type.Null()]),
  riskTier: RiskTierSchema,
  isRiskTierDeclared: Type.Boolean(),
  monitoringAreas: Type.Array(Type.String(), {
    description: 'Areas that need alert rules with runbooks (declared plus implied).',
  }),
  stage: UseCaseStageSchema,
  isThroughIntake: Type.Boolean({
    description: 'Entered at "requirements"; false for systems registered at a later stage.',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export type UseCase = Static<typeof UseCase>;

export const Actor = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.String({
      minLength: 1,
      maxLength: 50,
      description:
        'e.g. "executive", "devops", "data-science". Set by the server from the signed-in person; given in a body only by API keys (recorded as stated).',
    }),
  },
  { additionalProperties: false },
);
export type Actor = Static<typeof Actor>;

export const Checkpoint = Type.Object({
  key: Type.String({ description: 'e.g. "development.load_test".' }),
  phase: Type.Union([Type.Literal('requirements'), Type.Literal('development'), Type.Literal('production_readiness')]),
  title: Type.String(),
  kind: Type.Union([Type.Literal('computed'), Type.Literal('human'), Type.Literal('approval')]),
  isMet: Type.Boolean(),
  detail: Type.String({ description: 'Why it is (not) met, with the observed numbers.' }),
  missing: Type.Array(Type.String(), { description: 'What is missing, one item each.' }),
  signedBy: Type.Union([Actor, Type.Null()]),
  signedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Checkpoint = Static<typeof Checkpoint>;

export const CheckpointReport = Type.Object({
  useCaseId: Type.String(),
  stage: UseCaseStageSchema,
  evaluatedAt: Type.String({ format: 'date-time' }),
  isAlertingAvailable: Type.Boolean(),
  checkpoints: Type.Array(Checkpoint),
  /** Green checkpoints needed before the next stage; empty when it may advance. */
  nextStage: Type.Union([UseCaseStageSchema, Type.Null()]),
  missingForNextStage: Type.Array(Type.String()),
  isGoLiveReady: Type.Boolean({
    description: 'Every checkpoint green and CTO approval recorded: the use case may go live.',
  }),
});
export type CheckpointReport = Static<typeof CheckpointReport>;

export const SignoffInput = Type.Object(
  {
    actor: Type.Optional(Actor),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type SignoffInput = Static<typeof SignoffInput>;
export const AdvanceInput = Type.Object(
  { to: UseCaseStageSchema, actor: Type.Optional(Actor), reason: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);
export type AdvanceInput = Static<typeof AdvanceInput>;
export const LoadTestInput = Type.Object(
  {
    from: Type.Union([Type.String({ format: 'date-time' }), Type.Number({ minimum: 0 })], {
      description: 'Window start (ISO-8601 or epoch ms).',
    }),
    to: Type.Union([Type.String({ format: 'date-time' }), Type.Number({ minimum: 0 })], { description: 'Window end.' }),
    actor: Type.Optional(Actor),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type LoadTestInput = Static<typeof LoadTestInput>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  useCaseId: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String({
    description:
      'created, updated, deleted, signed_off, load_test_recorded, advanced, advance_refused, approved, approval_refused.',
  }),
  actor: Type.Union([Actor, Type.Null()]),
  apiKeyName: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const RoiStep = Type.Object({
  label: Type.String(),
  formula: Type.String(),
  values: Type.String(),
  result: Type.String(),
});
export const RoiResult = Type.Object({
  name: Type.String(),
  annualRecurringCost: Type.Number(),
  oneTimeCost: Type.Number(),
  yearOneCost: Type.Number(),
  annualBenefit: Type.Number(),
  netBenefit: Type.Number(),
  benefits: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), amount: Type.Number() })),
  roiPercent: Type.Number(),
  paybackMonths: Type.Union([Type.Number(), Type.Null()]),
  steps: Type.Array(RoiStep),
  checks: Type.Array(
    Type.Object({
      figure: Type.String(),
      stated: Type.Number(),
      computed: Type.Union([Type.Number(), Type.Null()]),
      isConsistent: Type.Boolean(),
    }),
  ),
  discrepancies: Type.Array(
    Type.Object({
      figure: Type.String(),
      stated: Type.Number(),
      computed: Type.Union([Type.Number(), Type.Null()]),
      message: Type.String(),
    }),
  ),
});
export type RoiResult = Static<typeof RoiResult>;
export const RoiResponse = Type.Object({ scenarios: Type.Array(RoiResult) });
export type RoiResponse = Static<typeof RoiResponse>;

export const ScorecardMetric = Type.Object({
  key: Type.String(),
  title: Type.String(),
  target: Type.String({ description: 'The target in words, e.g. "< 5 %".' }),
  targetValue: Type.Number(),
  current: Type.Union([Type.Number(), Type.Null()]),
  unit: Type.String(),
  isOnTarget: Type.Union([Type.Boolean(), Type.Null()]),
  status: Type.String({ description: '"ok", "off_target", or why there is no value (e.g. "no incident data").' }),
  detail: Type.String(),
  trend: Type.Array(
    Type.Object({ periodStart: Type.String({ format: 'date-time' }), value: Type.Union([Type.Number(), Type.Null()]) }),
  ),
  items: Type.Array(
    Type.Object({ id: Type.String(), label: Type.String(), isCounted: Type.Boolean(), note: Type.String() }),
  ),
});
export type ScorecardMetric = Static<typeof ScorecardMetric>;
export const Scorecard = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  metrics: Type.Array(ScorecardMetric),
  shadowModels: Type.Array(
    Type.Object({
      model: Type.String(),
      firstSeen: Type.String({ format: 'date-time' }),
      lastSeen: Type.String({ format: 'date-time' }),
    }),
  ),
});
export type Scorecard = Static<typeof Scorecard>;

/** GET /use-cases. */
export const UseCaseList = Type.Object({ useCases: Type.Array(UseCase) });
export type UseCaseList = Static<typeof UseCaseList>;
/** POST /use-cases/:id/advance. */
export const AdvanceResult = Type.Object({ useCase: UseCase, checkpoints: CheckpointReport });
export type AdvanceResult = Static<typeof AdvanceResult>;
/** POST /use-cases/:id/load-tests. */
export const LoadTestRecorded = Type.Object({
  id: Type.Integer(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
});
export type LoadTestRecorded = Static<typeof LoadTestRecorded>;
/** GET /use-cases/:id/load-tests: each recorded window with what Vigil observed in it. */
export const LoadTestList = Type.Object({
  expectedQps: Type.Union([Type.Number(), Type.Null()]),
  requiredCallsPerMinute: Type.Union([Type.Number(), Type.Null()], {
    description: 'expectedQps × 60 × 0.9: what a window must average to pass.',
  }),
  loadTests: Type.Array(
    Type.Object({
      id: Type.Integer(),
      from: Type.String({ format: 'date-time' }),
      to: Type.String({ format: 'date-time' }),
      recordedAt: Type.String({ format: 'date-time' }),
      actor: Type.Union([Actor, Type.Null()]),
      apiKeyName: Type.Union([Type.String(), Type.Null()]),
      note: Type.Union([Type.String(), Type.Null()]),
      minutes: Type.Integer({ description: 'Whole minutes of the window that have ended (minute rollups, 14 days).' }),
      calls: Type.Number(),
      callsPerMinute: Type.Union([Type.Number(), Type.Null()]),
      isPassing: Type.Boolean(),
    }),
  ),
});
export type LoadTestList = Static<typeof LoadTestList>;
/** GET /use-cases/:id/audit. */
export const AuditList = Type.Object({ entries: Type.Array(AuditEntry) });
export type AuditList = Static<typeof AuditList>;
/** POST /roi/calculate: one scenario, or `scenarios: [...]` merged over the top-level fields (docs/governance.md). */
export const RoiCalculateBody = Type.Object({}, { additionalProperties: true });
export type RoiCalculateBody = Record<string, unknown>;
