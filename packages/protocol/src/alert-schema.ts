import { Type, type Static } from '@sinclair/typebox';
import { MonitoringAreaSchema, SeveritySchema } from './alert-rule-schema.js';
import { TimePoint } from './metrics-schema.js';

// Wire shapes of alerts as the scheduler tracks them, rule-file changes and rule previews (docs/alerting.md).
// Times are epoch ms.

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const AlertView = Type.Object({
  fingerprint: Type.String(),
  ruleId: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('firing'), Type.Literal('resolved')]),
  labels: Type.Record(Type.String(), Type.String()),
  annotations: Type.Record(Type.String(), Type.String()),
  severity: SeveritySchema,
  area: MonitoringAreaSchema,
  activeAt: Type.Number(),
  firedAt: Nullable(Type.Number()),
  resolvedAt: Nullable(Type.Number()),
  keepFiringSince: Nullable(Type.Number()),
  lastEvaluatedAt: Type.Number(),
  value: Nullable(Type.Number()),
  isSilenced: Type.Boolean(),
  silencedBy: Type.Union([
    Type.Object({ kind: Type.Union([Type.Literal('silence'), Type.Literal('maintenance')]), id: Type.String() }),
    Type.Null(),
  ]),
});
export type AlertView = Static<typeof AlertView>;
export const AlertListQuery = Type.Object({
  state: Type.Optional(
    Type.Union([Type.Literal('firing'), Type.Literal('pending'), Type.Literal('resolved'), Type.Literal('silenced')]),
  ),
});

export const RuleChange = Type.Object({
  id: Type.String(),
  change: Type.Union([
    Type.Literal('create'),
    Type.Literal('update'),
    Type.Literal('delete'),
    Type.Literal('unchanged'),
  ]),
  /** update: changed top-level fields with before/after. */
  fields: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  ),
});
export const ApplyRulesResult = Type.Object({
  dryRun: Type.Boolean(),
  changes: Type.Array(RuleChange),
  counts: Type.Object({
    create: Type.Number(),
    update: Type.Number(),
    delete: Type.Number(),
    unchanged: Type.Number(),
  }),
});
export type ApplyRulesResult = Static<typeof ApplyRulesResult>;

export const RulePreviewResult = Type.Object({
  ruleId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  stepMs: Type.Number(),
  evaluations: Type.Number(),
  firings: Type.Number(),
  firingMs: Type.Number(),
  noData: Type.Number(),
  episodes: Type.Array(
    Type.Object({ activeAt: Type.Number(), firedAt: Nullable(Type.Number()), resolvedAt: Nullable(Type.Number()) }),
  ),
  values: Type.Array(TimePoint, { description: '[evaluation time in epoch ms, value]; null where there was no data.' }),
  durationMs: Type.Number(),
});
export type RulePreviewResult = Static<typeof RulePreviewResult>;
