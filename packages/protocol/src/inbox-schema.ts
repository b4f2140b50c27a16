import { Type, type Static } from '@sinclair/typebox';

// Wire shapes of the built-in inbox channel (kind "inbox"): what each team was sent, kept in Vigil.

export const InboxMessage = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  channelId: Type.String(),
  team: Type.Union([Type.String(), Type.Null()], { description: 'The team the delivery was routed to.' }),
  purpose: Type.String({
    description: 'page, notify-primary, escalation, reminder, acknowledge, resolve, digest, test…',
  }),
  kind: Type.String({ description: 'firing, update, resolved, acknowledged, escalated, reminder, digest.' }),
  severity: Type.String(),
  area: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  incidentId: Type.Union([Type.String(), Type.Null()]),
  runbook: Type.Union([Type.String(), Type.Null()]),
  onCall: Type.Union([Type.String(), Type.Null()], {
    description: 'Who was on call and paged, when the team has a rotation.',
  }),
});
export type InboxMessage = Static<typeof InboxMessage>;

export const InboxQuery = Type.Object({
  team: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only messages routed to this team.' })),
  incidentId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxList = Type.Object({
  messages: Type.Array(InboxMessage, { description: 'Newest first.' }),
  teams: Type.Array(
    Type.Object({ team: Type.String(), messages: Type.Integer(), lastAt: Type.String({ format: 'date-time' }) }),
    {
      description: 'Every team with messages, and how many.',
    },
  ),
});
export type InboxList = Static<typeof InboxList>;
