import { Type, type Static } from '@sinclair/typebox';
import { MonitoringAreaSchema, SeveritySchema } from './alert-rule-schema.js';
import { TimePoint } from './metrics-schema.js';

// Wire shapes of the alerting configuration (docs/alerting.md "HTTP API"): teams, channels, the escalation
// policy, SLOs. Rules, silences and maintenance windows, the RACI matrix, incidents and alerts have files of
// their own (alert-rule-schema.ts, silence-schema.ts, raci-schema.ts, incident-schema.ts, alert-schema.ts); the
// envelopes are in alerting-answer-schema.ts. Times are epoch ms.

const Id = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9][A-Za-z0-9 ._:-]*$',
  description: 'Letters, digits, space, . _ : -',
});
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const TeamMember = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    slackUserId: Type.Optional(Type.String({ description: 'Slack member id, mentioned when on call.' })),
  },
  { additionalProperties: false },
);
export type TeamMember = Static<typeof TeamMember>;

export const OnCallRotation = Type.Object(
  {
    startsAt: Type.Number({ description: 'First shift starts here (epoch ms).' }),
    handoffWeekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday, UTC.' }),
    handoffHour: Type.Integer({ minimum: 0, maximum: 23, description: 'UTC.' }),
    memberIds: Type.Array(Type.String(), { description: 'Member ids in rotation order.' }),
    overrides: Type.Optional(
      Type.Array(
        Type.Object(
          { memberId: Type.String(), startsAt: Type.Number(), endsAt: Type.Number() },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type OnCallRotation = Static<typeof OnCallRotation>;

export const TeamBody = Type.Object(
  {
    name: Id,
    members: Type.Array(TeamMember, { default: [] }),
    rotation: Type.Optional(OnCallRotation),
    channels: Type.Object(
      {
        page: Type.Array(Type.String(), { default: [], description: 'Channel ids that page (PagerDuty).' }),
        notify: Type.Array(Type.String(), {
          default: [],
          description: 'Channel ids told about incidents (Slack, Teams, e-mail, webhook).',
        }),
        digest: Type.Array(Type.String(), { default: [], description: 'Channel ids receiving the daily digest.' }),
      },
      { additionalProperties: false },
    ),
    digest: Type.Optional(
      Type.Object(
        {
          time: Type.String({
            pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
            description: 'Local time of day the daily digest goes out, HH:MM (24-hour).',
          }),
          timeZone: Type.String({
            minLength: 1,
            maxLength: 64,
            description: 'IANA time zone of `time`, e.g. "Europe/Berlin"; daylight saving is followed.',
          }),
        },
        {
          additionalProperties: false,
          description: "When the team's daily digest goes out; without it, the server default (08:00 UTC).",
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TeamBody = Static<typeof TeamBody>;

/** A shift of a weekly rotation, as the server's `findOnCall` computes it; `name` is the member's (null when unknown). */
export const OnCallShift = Type.Object({
  memberId: Type.String(),
  name: Nullable(Type.String()),
  startsAt: Type.Number({ description: 'Inclusive, epoch ms.' }),
  endsAt: Type.Number({ description: 'Exclusive, epoch ms.' }),
  isOverride: Type.Boolean(),
});
export type OnCallShift = Static<typeof OnCallShift>;

/** GET /teams: the stored team plus who is on call at the server's clock and the next three shifts. */
export const TeamView = Type.Composite([
  Type.Object({ id: Type.String() }),
  TeamBody,
  Type.Object({
    onCall: Type.Union([OnCallShift, Type.Null()], {
      description: 'Null without a rotation, before it starts, or with no members.',
    }),
    nextShifts: Type.Array(OnCallShift, { description: 'The three shifts after the current one.' }),
  }),
]);
export type TeamView = Static<typeof TeamView>;

export const CHANNEL_KINDS = ['slack', 'teams', 'pagerduty', 'email', 'webhook', 'inbox'] as const;
export const ChannelKindSchema = Type.Union(CHANNEL_KINDS.map((k) => Type.Literal(k)));
export type ChannelKind = Static<typeof ChannelKindSchema>;

const Retry = Type.Optional(
  Type.Object(
    {
      maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
      baseDelayMs: Type.Optional(Type.Integer({ minimum: 0 })),
      maxDelayMs: Type.Optional(Type.Integer({ minimum: 0 })),
      attemptTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
    },
    {
      additionalProperties: false,
      description: 'Retry tuning; defaults: 5 attempts, 1 s base, 60 s cap, 10 s per attempt.',
    },
  ),
);

/** Settings per channel kind. Secrets (webhook URLs, routing keys, SMTP passwords) are stored as given. */
export const CHANNEL_SETTINGS = {
  slack: Type.Object(
    { webhookUrl: Type.String({ pattern: '^https?://' }), retry: Retry },
    { additionalProperties: false },
  ),
  teams: Type.Object(
    { webhookUrl: Type.String({ pattern: '^https?://' }), retry: Retry },
    { additionalProperties: false },
  ),
  pagerduty: Type.Object(
    {
      routingKey: Type.String({ minLength: 1, description: 'Integration key of an Events API v2 integration.' }),
      eventsUrl: Type.Optional(
        Type.String({ pattern: '^https?://', description: 'Default https://events.pagerduty.com/v2/enqueue.' }),
      ),
      source: Type.Optional(Type.String()),
      retry: Retry,
    },
    { additionalProperties: false },
  ),
  email: Type.Object(
    {
      host: Type.String({ minLength: 1 }),
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      secure: Type.Optional(Type.Boolean()),
      requireTls: Type.Optional(Type.Boolean()),
      ignoreTls: Type.Optional(Type.Boolean()),
      auth: Type.Optional(Type.Object({ user: Type.String(), pass: Type.String() }, { additionalProperties: false })),
      from: Type.String({ minLength: 3 }),
      to: Type.Array(Type.String({ minLength: 3 }), { minItems: 1 }),
      retry: Retry,
    },
    { additionalProperties: false },
  ),
  webhook: Type.Object(
    {
      url: Type.String({ pattern: '^https?://' }),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      maxAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
      retry: Retry,
    },
    { additionalProperties: false },
  ),
  inbox: Type.Object(
    {},
    {
      additionalProperties: false,
      description:
        'No settings: the message is kept in Vigil (the last 10,000) and listed per team at GET /api/v1/inbox and on the Inbox page.',
    },
  ),
} as const;

export const ChannelBody = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: ChannelKindSchema,
    settings: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Per kind: see CHANNEL_SETTINGS / docs/alerting.md.',
    }),
  },
  { additionalProperties: false },
);
export type ChannelBody = Static<typeof ChannelBody>;

export const EscalationLevelBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. L1, Executive; unique in the policy.' }),
    team: Type.String({ minLength: 1, maxLength: 200, description: 'The team (by name) paged at this level.' }),
    ackTimeoutMs: Type.Integer({
      minimum: 0,
      description: 'Unacknowledged this long → the next level. Ignored on the last level.',
    }),
  },
  { additionalProperties: false },
);
export type EscalationLevelBody = Static<typeof EscalationLevelBody>;

/** The escalation chain (docs/alerting.md "Escalation"); the last level is the Executive level. */
export const EscalationPolicyBody = Type.Object(
  {
    levels: Type.Array(EscalationLevelBody, {
      minItems: 1,
      maxItems: 10,
      description: 'In order; the last is the Executive level.',
    }),
    executiveImpactUsd: Type.Number({
      minimum: 0,
      description: 'Estimated impact (rate × time open, the first hour in full) above this pages the last level.',
    }),
    reminderAfterMs: Type.Integer({
      minimum: 60_000,
      description: 'An acknowledged incident still open this long gets a reminder.',
    }),
    reminderIntervalMs: Type.Integer({
      minimum: 60_000,
      description: 'Then a reminder every this long until resolved.',
    }),
  },
  { additionalProperties: false },
);
export type EscalationPolicyBody = Static<typeof EscalationPolicyBody>;

export const SloBody = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('availability'), Type.Literal('latency')]),
    model: Type.Optional(Type.String({ minLength: 1 })),
    endpoint: Type.Optional(Type.String({ minLength: 1 })),
    objectivePercent: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100, description: 'e.g. 99.9' }),
    periodDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: 'Default 30.' })),
    latencyThresholdMs: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'latency SLOs: good = latency ≤ this.' }),
    ),
  },
  { additionalProperties: false },
);
export type SloBody = Static<typeof SloBody>;

export const SloStatus = Type.Object({
  id: Type.String(),
  at: Type.Number(),
  period: Type.Object({ from: Type.Number(), to: Type.Number() }),
  totalEvents: Type.Number(),
  badEvents: Type.Number(),
  errorBudgetPpm: Type.Number(),
  allowedBadEvents: Type.Number(),
  consumedFraction: Type.Number(),
  remainingFraction: Type.Number(),
  isExhausted: Type.Boolean(),
  attainedPercent: Nullable(Type.Number()),
  burnRates: Type.Record(Type.String(), Nullable(Type.Number()), {
    description: 'Burn rate per window (5m, 30m, 1h, 6h, 3d).',
  }),
  page: Type.Boolean({ description: '1h & 5m ≥ 14.4 or 6h & 30m ≥ 6.' }),
  ticket: Type.Boolean({ description: '3d & 6h ≥ 1.' }),
});
export type SloStatus = Static<typeof SloStatus>;
