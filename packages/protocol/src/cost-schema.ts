import { Type, type Static } from '@sinclair/typebox';

// Wire shapes of cost monitoring (docs/cost.md): spend per model, use case and team from the rollups, monthly
// budgets with a forecast, the versioned LLM price table and token-based estimates.

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

export const COST_GROUP_BYS = ['model', 'useCase', 'team'] as const;
export const CostGroupBy = Type.Union(COST_GROUP_BYS.map((g) => Type.Literal(g)));
export type CostGroupBy = Static<typeof CostGroupBy>;

export const CostSums = Type.Object({
  calls: Type.Number(),
  callsWithCost: Type.Number({ description: 'Calls that carried costUsd.' }),
  spendUsd: Type.Number(),
  costPerCallUsd: Nullable(
    Type.Number({
      description:
        'spend ÷ calls (every call, as costPerCall in the API-health metrics); null when no call carried a cost.',
    }),
  ),
  inputTokens: Type.Number(),
  outputTokens: Type.Number(),
});
export type CostSums = Static<typeof CostSums>;

export const CostPoint = Type.Object({
  t: Type.Number({ description: 'Bucket start, epoch ms.' }),
  spendUsd: Type.Number(),
  calls: Type.Number(),
  costPerCallUsd: Nullable(Type.Number()),
});
export type CostPoint = Static<typeof CostPoint>;

const groupFields = {
  key: Type.String({
    description: 'Model slug, use-case id or team; "(unassigned)" for spend no live use case owns.',
  }),
  models: Type.Array(Type.String()),
  totals: CostSums,
};
/** One group of GET /cost: its totals and one point per step. */
export const CostGroup = Type.Object({ ...groupFields, points: Type.Array(CostPoint) });
export type CostGroup = Static<typeof CostGroup>;
/** A group's totals without points (the executive report's spend section). */
export const CostGroupTotals = Type.Object(groupFields);
export type CostGroupTotals = Static<typeof CostGroupTotals>;

/** GET /cost. */
export const CostResult = Type.Object({
  from: Type.Number({ description: 'Start of the first chart bucket (the range aligned down to the step).' }),
  to: Type.Number({ description: 'End of the last chart bucket (aligned up).' }),
  step: Type.Number(),
  period: Type.Object(
    { from: Type.Number(), to: Type.Number() },
    {
      description:
        "Exactly the range asked for: `total` and each group's `totals` cover it (the executive report's spend for the same range is the same number); chart points cover whole buckets.",
    },
  ),
  groupBy: CostGroupBy,
  total: CostSums,
  groups: Type.Array(CostGroup),
});
export type CostResult = Static<typeof CostResult>;

export const BudgetScope = Type.Union([Type.Literal('model'), Type.Literal('useCase'), Type.Literal('team')]);
export type BudgetScope = Static<typeof BudgetScope>;

export const BudgetInput = Type.Object(
  {
    scope: BudgetScope,
    target: Type.String({ minLength: 1, maxLength: 256, description: 'Model slug, use-case id or team name.' }),
    monthlyUsd: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false },
);
export type BudgetInput = Static<typeof BudgetInput>;
/** PUT /cost/budgets: replaces every budget. */
export const BudgetsBody = Type.Object(
  { budgets: Type.Array(BudgetInput, { maxItems: 1000 }) },
  { additionalProperties: false },
);
export type BudgetsBody = Static<typeof BudgetsBody>;

export const BudgetStatus = Type.Object({
  scope: BudgetScope,
  target: Type.String(),
  monthlyUsd: Type.Number(),
  monthStart: Type.String({ description: 'The UTC calendar month holding now: [monthStart, monthEnd), ISO-8601.' }),
  monthEnd: Type.String(),
  daysInMonth: Type.Number(),
  elapsedDays: Type.Number({ description: '(now − month start) in days, fractional.' }),
  spentUsd: Type.Number(),
  dailyRateUsd: Nullable(Type.Number({ description: 'Month-to-date spend ÷ elapsed days.' })),
  forecastUsd: Nullable(
    Type.Number({ description: 'Daily rate × days in the month; null before any time has passed.' }),
  ),
  usedRatio: Nullable(Type.Number({ description: 'spent ÷ budget.' })),
  forecastRatio: Nullable(Type.Number()),
  status: Type.Union([Type.Literal('ok'), Type.Literal('at-risk'), Type.Literal('over')], {
    description: 'over: spent > budget; at-risk: forecast > budget; ok otherwise.',
  }),
  detail: Type.String(),
  daily: Type.Array(Type.Object({ day: Type.String(), spendUsd: Type.Number() }), {
    description: 'Spend per UTC day of the month so far, oldest first (days without spend are 0).',
  }),
});
export type BudgetStatus = Static<typeof BudgetStatus>;

/** GET and PUT /cost/budgets. */
export const BudgetsResult = Type.Object({
  budgets: Type.Array(BudgetStatus),
  alerting: Type.String({ description: 'How budget status reaches people today.' }),
});
export type BudgetsResult = Static<typeof BudgetsResult>;

export const PriceInput = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 128 }),
    model: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'As sent in llm.requestModel, e.g. "gpt-4o-mini".',
    }),
    inputPerMTok: Type.Number({ minimum: 0, description: 'USD per million input tokens.' }),
    outputPerMTok: Type.Number({ minimum: 0, description: 'USD per million output tokens.' }),
    validFrom: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms; default now.' })),
    note: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export type PriceInput = Static<typeof PriceInput>;
/** PUT /cost/prices: each changed entry becomes a new version (the table is append-only). */
export const PricesBody = Type.Object(
  { prices: Type.Array(PriceInput, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type PricesBody = Static<typeof PricesBody>;

/** One version of one LLM's price; versions are never edited. Times are ISO-8601. */
export const PriceVersion = Type.Object({
  version: Type.Integer(),
  provider: Type.String(),
  model: Type.String(),
  inputPerMTok: Type.Number(),
  outputPerMTok: Type.Number(),
  validFrom: Type.String(),
  createdAt: Type.String(),
  apiKeyName: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type PriceVersion = Static<typeof PriceVersion>;

/** GET /cost/prices: the version in force now per model, and every version. */
export const PriceList = Type.Object({ current: Type.Array(PriceVersion), versions: Type.Array(PriceVersion) });
export type PriceList = Static<typeof PriceList>;
/** PUT /cost/prices. */
export const PricesAdded = Type.Object({ created: Type.Array(PriceVersion), unchanged: Type.Integer() });
export type PricesAdded = Static<typeof PricesAdded>;

/** GET /cost/estimate: a model's tokens priced with the price table, naming each version applied. */
export const CostEstimate = Type.Object({
  model: Type.String(),
  requestModel: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  tokens: Type.Object({ input: Type.Number(), output: Type.Number() }),
  recorded: Type.Object({ calls: Type.Number(), callsWithCost: Type.Number(), costUsd: Type.Number() }),
  estimatedUsd: Type.Number(),
  pricesApplied: Type.Array(
    Type.Object({
      version: Type.Integer(),
      provider: Type.String(),
      model: Type.String(),
      validFrom: Type.String(),
      inputTokens: Type.Number(),
      outputTokens: Type.Number(),
      costUsd: Type.Number(),
    }),
  ),
  unpriced: Type.Object({ inputTokens: Type.Number(), outputTokens: Type.Number() }),
});
export type CostEstimate = Static<typeof CostEstimate>;
