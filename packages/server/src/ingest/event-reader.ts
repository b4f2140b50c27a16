import { VigilError } from '../errors/index.js';
import type { EventPage, EventQuery, Store } from '../storage/index.js';

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
