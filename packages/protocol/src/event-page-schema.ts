import { Type, type Static } from '@sinclair/typebox';
import { StoredEvent } from './event-schema.js';

/** GET /api/v1/events: newest first; pass `nextCursor` back as `cursor` for the next page (null on the last). */
export const EventPage = Type.Object({
  events: Type.Array(StoredEvent),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type EventPage = Static<typeof EventPage>;
