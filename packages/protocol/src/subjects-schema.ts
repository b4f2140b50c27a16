import { Type, type Static } from '@sinclair/typebox';
import { StoredEvent } from './event-schema.js';

/** At most this many events and labels go into one subject export (docs/gdpr.md, "Bounds"). */
export const SUBJECT_EXPORT_MAX_ITEMS = 50_000;

/** A label as held for a subject. */
export const SubjectLabel = Type.Object({
  model: Type.String(),
  requestId: Type.String(),
  label: Type.Unknown({ description: 'The label as sent (number, string or boolean).' }),
  timestamp: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  subjectId: Type.Union([Type.String(), Type.Null()], {
    description: 'The subject the label was sent for; null when it is held because it labels one of its events.',
  }),
});
export type SubjectLabel = Static<typeof SubjectLabel>;

/** GET /api/v1/subjects/:id — everything Vigil holds for one data subject. */
export const SubjectExport = Type.Object({
  subjectId: Type.String(),
  exportedAt: Type.String({ format: 'date-time' }),
  counts: Type.Object({
    events: Type.Integer({ description: 'Raw events held with this subjectId.' }),
    labels: Type.Integer({ description: 'Labels held with this subjectId or labelling one of its events.' }),
    models: Type.Array(Type.String(), { description: 'Models whose events name the subject.' }),
  }),
  isTruncated: Type.Boolean({
    description: 'True when more than 50,000 events or labels are held: the lists stop there, the counts do not.',
  }),
  events: Type.Array(StoredEvent),
  labels: Type.Array(SubjectLabel),
  previousErasures: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      actor: Type.String(),
      events: Type.Integer(),
      labels: Type.Integer(),
    }),
    { description: 'Erasures of this subject recorded in the audit trail (found by its keyed hash).' },
  ),
  notHeld: Type.Array(Type.String(), {
    description: 'What Vigil keeps that holds no subject (rollups, profiles), so is neither exported nor erased.',
  }),
});
export type SubjectExport = Static<typeof SubjectExport>;

/** DELETE /api/v1/subjects/:id — what the erasure removed. */
export const SubjectErasure = Type.Object({
  subjectId: Type.String(),
  erasedAt: Type.String({ format: 'date-time' }),
  events: Type.Integer({ description: 'Raw events removed.' }),
  labels: Type.Integer({ description: 'Labels removed (sent for the subject, or labelling its events).' }),
  blocksRewritten: Type.Integer({ description: 'Event blocks rewritten without the subject’s events.' }),
  auditSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'The audit entry recording the erasure.' }),
});
export type SubjectErasure = Static<typeof SubjectErasure>;

/** How long one use case's data is kept; null = the global default. */
export const RetentionPolicyInput = Type.Object(
  {
    rawEventDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
      description: 'Days raw events and labels of the use case’s models are kept; at most the global --retention-days.',
    }),
    rollupDays: Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()], {
      description: 'Days the rollups (API-health and segment cells) of its models are kept; null = for good.',
    }),
  },
  { additionalProperties: false },
);
export type RetentionPolicyInput = Static<typeof RetentionPolicyInput>;

export const RetentionPolicy = Type.Object({
  useCaseId: Type.String(),
  useCaseName: Type.String(),
  models: Type.Array(Type.String()),
  rawEventDays: Type.Union([Type.Integer(), Type.Null()]),
  rollupDays: Type.Union([Type.Integer(), Type.Null()]),
  effectiveRawEventDays: Type.Integer({ description: 'What the retention job applies: the policy, else the global.' }),
  effectiveRollupDays: Type.Union([Type.Integer(), Type.Null()], { description: 'null = kept for good.' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type RetentionPolicy = Static<typeof RetentionPolicy>;

export const RetentionPolicyList = Type.Object({
  globalRawEventDays: Type.Integer(),
  minuteRollupDays: Type.Integer(),
  policies: Type.Array(RetentionPolicy),
});
export type RetentionPolicyList = Static<typeof RetentionPolicyList>;
