import { VigilError } from '../errors/index.js';
import type { StoredEvent } from '@vigil/protocol';
import type { EventPage, EventQuery, Store, StoredEventRecord } from '../storage/index.js';

/** Reads stored events back (GET /api/v1/events), newest first, a page at a time. */
export interface EventReader {
  /** A cursor that is not one of ours is a VIGIL_ERR_VALIDATION naming `querystring.cursor`. */
  findEvents(query: EventQuery): Promise<EventPage>;
}

/** @example const page = await createEventReader(store).findEvents({ model: 'fraud-v3', limit: 100 }); */
export function createEventReader(store: Store): EventReader {
  return {
    async findEvents(query) {
      try {
        return await store.events.findEvents(query);
      } catch (err) {
        if (err instanceof RangeError)
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `querystring.cursor: ${err.message}; pass nextCursor from a previous page`,
          );
        throw err;
      }
    },
  };
}

/** A stored event as the API answers it (GET /api/v1/events, a data subject's export). */
export function toStoredEvent(r: StoredEventRecord): StoredEvent {
  return {
    model: r.model,
    requestId: r.requestId,
    timestamp: new Date(r.timestampMs).toISOString(),
    receivedAt: new Date(r.receivedAtMs).toISOString(),
    status: r.status,
    endpoint: r.endpoint,
    priceVersion: r.priceVersion,
    event: {
      ...r.event,
      requestId: r.requestId,
      timestamp: new Date(r.timestampMs).toISOString(),
      status: r.status,
      ...(r.priceVersion !== null ? { costUsd: r.costUsd } : {}),
    },
  };
}
