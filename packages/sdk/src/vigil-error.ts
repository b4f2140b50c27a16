/**
 * What the SDK reports through `onError`. The SDK never throws into the code that calls `record()`;
 * every problem arrives here (and in `stats()`) instead.
 */
export type VigilErrorCode =
  /** record()/label() got something that is not a valid item, or it could not be serialised. */
  | 'invalid_event'
  /** The bounded queue was full; events were dropped. */
  | 'queue_overflow'
  /** record()/label() after shutdown(); the item was dropped. */
  | 'after_shutdown'
  /** The server answered 207: some items of a batch were rejected (see `details.rejected`). */
  | 'rejected'
  /** A batch was given up: a non-retryable answer (400, 401, 413…) or retries exhausted. */
  | 'delivery_failed'
  /** The `enrich(result)` callback of track() threw; the event was recorded without enrichment. */
  | 'enrich_failed'
  /** The on-disk spool is at `spoolMaxBytes` (items given up), or it could not be written or read. */
  | 'spool_failed';

export class VigilError extends Error {
  override readonly name = 'VigilError';
  constructor(
    readonly code: VigilErrorCode,
    message: string,
    /** How many items this report covers (events dropped, rejected, failed…). */
    readonly count: number = 1,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
