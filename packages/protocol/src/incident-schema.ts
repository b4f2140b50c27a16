import { Type, type Static } from '@sinclair/typebox';
import { MonitoringAreaSchema, SeveritySchema } from './alert-rule-schema.js';

// Wire shapes of incidents (docs/alerting.md "Incidents"): the incident, its timeline and deliveries, the list
// and metrics queries, comments and resolutions. Times are epoch ms.

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const Incident = Type.Object({
  id: Type.String(),
  groupKey: Type.String(),
  title: Type.String(),
  area: MonitoringAreaSchema,
  severity: SeveritySchema,
  model: Nullable(Type.String()),
  endpoint: Nullable(Type.String()),
  team: Type.String(),
  participants: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')]),
  openedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.Number()),
  resolvedBy: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  isFalsePositive: Type.Boolean(),
  impactUsdPerHour: Nullable(Type.Number()),
  isCustomerFacing: Type.Boolean(),
  runbook: Nullable(Type.String()),
  links: Type.Array(Type.Object({ text: Type.String(), href: Type.String() })),
  ruleIds: Type.Array(Type.String()),
  fingerprints: Type.Array(Type.String()),
  pagedChannels: Type.Array(Type.String()),
  escalation: Type.Union([
    Type.Object({
      status: Type.String(),
      levelIndex: Type.Number(),
      levelSince: Type.Number(),
      acknowledgedAt: Nullable(Type.Number()),
      nextReminderAt: Nullable(Type.Number()),
      impactUsdPerHour: Type.Number(),
      isExecutiveNotified: Type.Boolean(),
    }),
    Type.Null(),
  ]),
});
export type Incident = Static<typeof Incident>;

export const TimelineEntry = Type.Object({
  id: Type.Number(),
  at: Type.Number(),
  kind: Type.String({
    description: 'fired, notified, escalated, reminder, acknowledged, comment, alert-resolved, resolved',
  }),
  actor: Type.String(),
  message: Type.String(),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const Delivery = Type.Object({
  id: Type.Number(),
  incidentId: Nullable(Type.String()),
  channelId: Type.String(),
  channelKind: Type.String(),
  team: Nullable(Type.String()),
  purpose: Type.String(),
  notificationId: Type.String(),
  notificationKind: Type.String(),
  ok: Type.Boolean(),
  skipped: Nullable(Type.String()),
  attempts: Type.Number(),
  statusCode: Nullable(Type.Number()),
  error: Nullable(Type.String()),
  startedAt: Type.Number(),
  finishedAt: Type.Number(),
  attemptLog: Type.Array(Type.Unknown()),
});
export type Delivery = Static<typeof Delivery>;

export const IncidentDetail = Type.Object({
  incident: Incident,
  timeline: Type.Array(TimelineEntry),
  deliveries: Type.Array(Delivery),
});
export type IncidentDetail = Static<typeof IncidentDetail>;

export const IncidentListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')])),
  team: Type.Optional(Type.String()),
  area: Type.Optional(Type.String()),
  model: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ description: 'openedAt ≥ this (ISO-8601 or epoch ms).' })),
  to: Type.Optional(Type.String({ description: 'openedAt < this.' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});

export const CommentBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export type CommentBody = Static<typeof CommentBody>;
export const ResolveBody = Type.Object(
  {
    cause: Type.String({
      minLength: 1,
      maxLength: 10_000,
      description: 'What caused it (or why it was not a problem).',
    }),
    falsePositive: Type.Boolean({ default: false, description: 'The alert fired though nothing was wrong.' }),
  },
  { additionalProperties: false },
);
export type ResolveBody = Static<typeof ResolveBody>;

export const IncidentMetricsQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'Default: to − 30 days.' })),
  to: Type.Optional(Type.String({ description: 'Default: now.' })),
  bucket: Type.Optional(Type.String({ description: 'Bucket width, e.g. 1d, 1w. Default: the whole range.' })),
  groupBy: Type.Union([Type.Literal('team'), Type.Literal('area'), Type.Literal('model'), Type.Literal('all')], {
    default: 'all',
  }),
});

export const IncidentMetricsBucket = Type.Object({
  key: Type.String(),
  bucketStart: Type.Number(),
  bucketEnd: Type.Number(),
  opened: Type.Number(),
  acknowledged: Type.Number(),
  resolved: Type.Number(),
  mttaMs: Nullable(Type.Number()),
  mttrMs: Nullable(Type.Number()),
  criticalResolved: Type.Number(),
  criticalFalsePositives: Type.Number(),
  falsePositiveRate: Nullable(Type.Number()),
});
export type IncidentMetricsBucket = Static<typeof IncidentMetricsBucket>;
export const IncidentMetricsResult = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  bucketMs: Type.Number(),
  groupBy: Type.String(),
  buckets: Type.Array(IncidentMetricsBucket),
});
export type IncidentMetricsResult = Static<typeof IncidentMetricsResult>;
