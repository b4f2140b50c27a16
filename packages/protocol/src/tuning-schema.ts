import { Type, type Static } from '@sinclair/typebox';
import { AlertRuleSchema, MonitoringAreaSchema, SeveritySchema } from './alert-rule-schema.js';

// Wire shapes of alert tuning from evidence (docs/alert-tuning.md) and of the rule change history. Times in epoch ms.

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** GET /alerts/tuning and GET /alerts/tuning/:id/proposal. */
export const TuningQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Default: to − 7 days.' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Default: now.' })),
});

/** One rule's record over the period, from its incidents and their deliveries. */
export const RuleTuningStats = Type.Object({
  ruleId: Type.String(),
  name: Type.String(),
  area: MonitoringAreaSchema,
  severity: SeveritySchema,
  /** Whether the rule still exists (a deleted rule's incidents still count). */
  isStored: Type.Boolean(),
  /** Incidents the rule fired into, opened in the period. */
  firings: Type.Number(),
  /** Time those incidents were open within the period, ms. */
  firingMs: Type.Number(),
  acknowledged: Type.Number(),
  /** acknowledged / firings; null without firings. */
  ackRate: NullableNumber,
  resolved: Type.Number(),
  falsePositives: Type.Number(),
  /** falsePositives / resolved; null when none resolved. */
  falsePositiveRate: NullableNumber,
  /** Median of acknowledgedAt − openedAt, ms; null when none acknowledged. */
  medianTimeToAckMs: NullableNumber,
  /** Page and escalation deliveries to channels for these incidents. */
  pages: Type.Number(),
  /** People in the paged teams' on-call rotations (members when a team has no rotation); at least 1. */
  onCallPeople: Type.Number(),
  /** pages / weeks in the period / onCallPeople. */
  pagesPerWeekPerPerson: Type.Number(),
  /** The ranking score: false positives first, then pages per person; higher is noisier. */
  noise: Type.Number(),
});
export type RuleTuningStats = Static<typeof RuleTuningStats>;

export const TuningResult = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  /** Noisiest first. */
  rules: Type.Array(RuleTuningStats),
});
export type TuningResult = Static<typeof TuningResult>;

/** A candidate change the proposal tried, replayed over the period with the rule preview. */
export const TuningCandidate = Type.Object({
  /** "value", "for" or "window" (or "changePercent"). */
  field: Type.String(),
  before: Type.Union([Type.String(), Type.Number()]),
  after: Type.Union([Type.String(), Type.Number()]),
  description: Type.String(),
  firings: Type.Number(),
  keptTrue: Type.Number(),
  removedFalse: Type.Number(),
  /** Keeps every true incident the current rule catches. */
  isSafe: Type.Boolean(),
});
export type TuningCandidate = Static<typeof TuningCandidate>;

export const TuningProposal = Type.Object({
  ruleId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  /** Incidents of the rule in the period, by verdict. */
  trueIncidents: Type.Array(Type.String()),
  falseIncidents: Type.Array(Type.String()),
  /** The current rule replayed: firings and which incidents it catches. */
  current: Type.Object({ firings: Type.Number(), caughtTrue: Type.Number(), caughtFalse: Type.Number() }),
  candidates: Type.Array(TuningCandidate),
  /** The best safe candidate removing at least one false positive; null when none does. */
  proposal: Type.Union([
    Type.Object({
      rule: AlertRuleSchema,
      candidate: TuningCandidate,
      /** The reason recorded in the rule change history when applied. */
      reason: Type.String(),
    }),
    Type.Null(),
  ]),
  /** Why there is no proposal (no false positives, rule kind, no safe candidate). */
  note: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Number(),
});
export type TuningProposal = Static<typeof TuningProposal>;

export const RuleChangeEntry = Type.Object({
  id: Type.Number(),
  ruleId: Type.String(),
  at: Type.Number(),
  actor: Type.String(),
  change: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  version: NullableNumber,
  // before / after are absent when the field was not set on that side.
  fields: Type.Array(
    Type.Object({ field: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) }),
  ),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type RuleChangeEntry = Static<typeof RuleChangeEntry>;

/** GET /alerts/rules/:id/history: newest first. */
export const RuleHistoryResult = Type.Object({ changes: Type.Array(RuleChangeEntry) });
export type RuleHistoryResult = Static<typeof RuleHistoryResult>;

/** PUT /alerts/rules/:id takes an optional reason for the history. */
export const RulePutQuery = Type.Object({
  reason: Type.Optional(
    Type.String({ maxLength: 500, description: 'Why the rule changes; kept in the rule change history.' }),
  ),
});
