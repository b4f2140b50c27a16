import { Type, type Static } from '@sinclair/typebox';
import { AlertView } from './alert-schema.js';
import { ChannelBody, EscalationPolicyBody, SloBody, SloStatus, TeamBody, TeamView } from './alerting-schema.js';
import { Delivery, Incident, TimelineEntry } from './incident-schema.js';

// The envelopes the alerting API answers with ({ teams: [...] }, { incident }, ...) and the bodies built
// from alerting-schema.ts's shapes (docs/alerting.md "HTTP API").

/** POST /teams, PUT /teams/:name: a team's id is its name (an id, when given, must equal it). */
export const TeamInput = Type.Composite([Type.Object({ id: Type.Optional(Type.String()) }), TeamBody]);
export type TeamInput = Static<typeof TeamInput>;
export const TeamList = Type.Object({ teams: Type.Array(TeamView) });
export type TeamList = Static<typeof TeamList>;
export const TeamOne = Type.Object({ team: TeamView });
export type TeamOne = Static<typeof TeamOne>;

/** A channel as GET answers it: secrets are "…" + their last 4 characters (URLs, routing keys) or "…". */
export type Channel = ChannelBody;
export const ChannelList = Type.Object({ channels: Type.Array(ChannelBody) });
export type ChannelList = Static<typeof ChannelList>;
export const ChannelOne = Type.Object({ channel: ChannelBody });
export type ChannelOne = Static<typeof ChannelOne>;
/** POST /channels/:id/test. */
export const ChannelTestResult = Type.Object({ delivery: Delivery });
export type ChannelTestResult = Static<typeof ChannelTestResult>;

export const SloList = Type.Object({ slos: Type.Array(SloBody) });
export type SloList = Static<typeof SloList>;
export const SloOne = Type.Object({ slo: SloBody });
export type SloOne = Static<typeof SloOne>;
/** GET /slos/:id/status. */
export const SloStatusResult = Type.Object({ slo: SloBody, status: SloStatus });
export type SloStatusResult = Static<typeof SloStatusResult>;

/** GET and PUT /escalation-policy. */
export const EscalationPolicyAnswer = Type.Object({
  policy: EscalationPolicyBody,
  isDefault: Type.Boolean({
    description:
      'True until a policy is stored: the built-in L1 DevOps → L2 Data Science → L3 InfoSec → Executive chain.',
  }),
});
export type EscalationPolicyAnswer = Static<typeof EscalationPolicyAnswer>;
export const EscalationPolicyPut = Type.Object({ policy: EscalationPolicyBody }, { additionalProperties: false });
export type EscalationPolicyPut = Static<typeof EscalationPolicyPut>;

/** GET /alerts: `lastRound` is the last evaluation round's timings (null before the first). */
export const AlertList = Type.Object({
  alerts: Type.Array(AlertView),
  lastRound: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
});
export type AlertList = Static<typeof AlertList>;

export const IncidentList = Type.Object({ incidents: Type.Array(Incident) });
export type IncidentList = Static<typeof IncidentList>;
/** POST /incidents/:id/acknowledge and /resolve. */
export const IncidentOne = Type.Object({ incident: Incident });
export type IncidentOne = Static<typeof IncidentOne>;
/** POST /incidents/:id/comments. */
export const CommentResult = Type.Object({ entry: TimelineEntry });
export type CommentResult = Static<typeof CommentResult>;
export type IncidentStatus = Incident['status'];
