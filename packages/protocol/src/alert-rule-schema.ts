import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';

// Wire shapes of alert rules: the REST API (docs/alerting.md "HTTP API") and YAML rule files (`vigil rules
// apply`) share them. The server validates rule bodies with AlertRuleSchema (every problem with a JSON pointer).

/** Pattern of a duration string: an integer and a unit (`ms`, `s`, `m`, `h`, `d`, `w`), e.g. `90s`, `5m`, `1d`. */
export const DURATION_PATTERN = '^[0-9]+(ms|s|m|h|d|w)$';

/** The seven monitoring areas of the responsibility matrix (PRODUCT.md). */
export const MONITORING_AREAS = [
  'Infrastructure',
  'API Performance',
  'Model Accuracy',
  'Data Quality',
  'Security Events',
  'Cost Monitoring',
  'Compliance',
] as const;
export type MonitoringArea = (typeof MONITORING_AREAS)[number];

/** Severities, most severe first; the same four words PagerDuty accepts. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const COMPARATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparator = (typeof COMPARATORS)[number];

const literals = <T extends readonly string[]>(values: T, description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;

export const MonitoringAreaSchema = literals(
  MONITORING_AREAS,
  'Monitoring area; selects the teams through the RACI matrix.',
);
export const SeveritySchema = literals(SEVERITIES, 'Alert severity.');
export const ComparatorSchema = literals(COMPARATORS, 'How the observed value is compared with `value`.');

export const DurationSchema = Type.String({
  pattern: DURATION_PATTERN,
  description: 'Duration such as "30s", "5m", "1h", "1d", "1w".',
});

export const RuleScopeSchema = Type.Object(
  {
    model: Type.Optional(Type.String({ minLength: 1, description: 'Model slug; all models when absent.' })),
    endpoint: Type.Optional(Type.String({ minLength: 1, description: 'Endpoint; all endpoints when absent.' })),
    tags: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Tag segment: every tag must match.' }),
    ),
  },
  { additionalProperties: false, description: 'Which events the metric is computed over.' },
);
export type RuleScope = Static<typeof RuleScopeSchema>;

const common = {
  id: Type.String({ minLength: 1, maxLength: 200, description: 'Stable rule id.' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Human name; becomes the `alertname` label.' }),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  scope: Type.Optional(RuleScopeSchema),
  area: MonitoringAreaSchema,
  severity: SeveritySchema,
  runbook: Type.String({ minLength: 1, description: 'Runbook: a URL or markdown text. Every rule has one.' }),
  summary: Type.Optional(
    Type.String({ maxLength: 1024, description: 'One-line summary; `{{value}}` is replaced by the observed value.' }),
  ),
  businessImpactUsdPerHour: Type.Optional(
    Type.Number({ minimum: 0, description: 'Estimated business impact while firing, USD per hour.' }),
  ),
  isCustomerFacing: Type.Optional(
    Type.Boolean({ description: 'A firing rule means a customer-facing outage: escalate straight to Executive.' }),
  ),
  labels: Type.Optional(
    Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String(), {
      description: 'Extra labels for routing, grouping and silences.',
    }),
  ),
  for: Type.Optional({
    ...DurationSchema,
    description: 'Condition must hold this long before firing (pending meanwhile). Default "0s".',
  }),
  keepFiringFor: Type.Optional({
    ...DurationSchema,
    description: 'Keep firing this long after the condition clears (anti-flapping). Default "0s".',
  }),
};

export const ThresholdRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('threshold'),
    metric: Type.String({ minLength: 1, description: 'Metric name resolved by the MetricSource, e.g. "latency.p95".' }),
    window: Type.Optional({
      ...DurationSchema,
      description: 'Window the metric is aggregated over, ending now. Default "5m".',
    }),
    comparator: ComparatorSchema,
    value: Type.Number(),
  },
  { additionalProperties: false },
);

export const RelativeChangeRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('relative_change'),
    metric: Type.String({ minLength: 1 }),
    window: Type.Optional({ ...DurationSchema, description: 'Length of both windows. Default "1h".' }),
    offset: { ...DurationSchema, description: 'How far back the comparison window lies, e.g. "1d" or "1w".' },
    comparator: ComparatorSchema,
    changePercent: Type.Number({
      description: 'Compared with 100 × (now − past) / |past|; e.g. > 20 means "rose by more than 20 %".',
    }),
  },
  { additionalProperties: false },
);

export const AbsenceRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('absence'),
    metric: Type.Optional(Type.String({ minLength: 1, description: 'Count metric; default "calls".' })),
    window: { ...DurationSchema, description: 'Fires when the count over this window is 0 or unknown.' },
  },
  { additionalProperties: false },
);

export const BurnWindowSchema = Type.Object(
  {
    long: DurationSchema,
    short: DurationSchema,
    burnRate: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false },
);

export const SloBurnRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('slo_burn'),
    errorRatioMetric: Type.String({
      minLength: 1,
      description: 'Metric giving the bad-event ratio 0..1 over a window, e.g. "errorRate".',
    }),
    objectivePercent: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 100,
      description: 'SLO target, e.g. 99.9.',
    }),
    alert: Type.Optional(
      Type.Union([Type.Literal('page'), Type.Literal('ticket')], {
        description: 'Preset window pairs from the SRE workbook. Default "page".',
      }),
    ),
    windows: Type.Optional(
      Type.Array(BurnWindowSchema, { minItems: 1, description: 'Explicit window pairs; override `alert`.' }),
    ),
  },
  { additionalProperties: false },
);

/** One alert rule, any kind. The same schema validates the REST API and YAML rule files. */
export const AlertRuleSchema = Type.Union([
  ThresholdRuleSchema,
  RelativeChangeRuleSchema,
  AbsenceRuleSchema,
  SloBurnRuleSchema,
]);
export type ThresholdRule = Static<typeof ThresholdRuleSchema>;
export type RelativeChangeRule = Static<typeof RelativeChangeRuleSchema>;
export type AbsenceRule = Static<typeof AbsenceRuleSchema>;
export type SloBurnRule = Static<typeof SloBurnRuleSchema>;
export type AlertRule = Static<typeof AlertRuleSchema>;

/** A YAML/JSON rule file: `{ rules: [...] }`. */
export const AlertRuleFileSchema = Type.Object({ rules: Type.Array(AlertRuleSchema) }, { additionalProperties: false });
export type AlertRuleFile = Static<typeof AlertRuleFileSchema>;

/** A rule as stored: where it came from (API or a rule file) and its version (+1 on every change). */
export const StoredRuleSchema = Type.Object({
  rule: AlertRuleSchema,
  source: Type.Union([Type.Literal('api'), Type.Literal('yaml')]),
  version: Type.Number(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export type StoredRule = Static<typeof StoredRuleSchema>;
export type RuleKind = AlertRule['kind'];

/** GET /alerts/rules. */
export const RuleList = Type.Object({ rules: Type.Array(StoredRuleSchema) });
export type RuleList = Static<typeof RuleList>;
/** GET /alerts/rules/:id and POST /alerts/rules. */
export const RuleOne = Type.Object({ rule: StoredRuleSchema });
export type RuleOne = Static<typeof RuleOne>;
/** PUT /alerts/rules/:id: `change` is create, update or unchanged. */
export const RulePutResult = Type.Object({ rule: StoredRuleSchema, change: Type.String() });
export type RulePutResult = Static<typeof RulePutResult>;
/** POST /alerts/rules/apply (what `vigil rules apply` sends). */
export const ApplyRulesBody = Type.Object({
  rules: Type.Array(AlertRuleSchema),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});
/** POST /alerts/rules/preview. */
export const RulePreviewBody = Type.Object({
  rule: AlertRuleSchema,
  range: Type.Optional(Type.String({ description: 'Default "7d"; at most 14d.' })),
});
export type RulePreviewBody = Static<typeof RulePreviewBody>;
