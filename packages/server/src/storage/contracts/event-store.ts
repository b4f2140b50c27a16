import type { Event } from '@vigil/protocol';

/**
 * An accepted event as written. `event` is the event as the client sent it (card numbers masked); the values
 * Vigil filled in (requestId, timestamp, status, a computed cost) are the columns, which win over it when the
 * two are combined.
 */
export interface EventRecord {
  model: string;
  /**
   * null when the client sent none: the store assigns one as it writes the event (request-key.ts) and sets
   * it here.
   */
  requestId: string | null;
  timestampMs: number;
  receivedAtMs: number;
  endpoint: string | null;
  status: 'ok' | 'error';
  errorType: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  modelType: string | null;
  modelVersion: string | null;
  /** The LLM price-table version `costUsd` was computed with at ingest; null when the client sent the cost. */
  priceVersion: number | null;
  event: Event;
}

/** What Vigil derived from an event: everything but the event itself. */
export type EventColumns = Omit<EventRecord, 'event'>;

/** A stored event as read back. */
export interface StoredEventRecord extends Omit<EventRecord, 'requestId'> {
  id: number;
  requestId: string;
}

export interface LabelRecord {
  model: string;
  requestId: string;
  label: string;
  timestampMs: number;
  receivedAtMs: number;
  /** Whether a stored prediction of the model had the requestId at ingest; undefined = not known (older rows). */
  isMatched?: boolean;
  /** The data subject (GDPR) the label was sent for. */
  subjectId?: string | null;
}

/** A label stored without a prediction (`isMatched` false) and not joined since: the late join tries it again. */
export interface PendingLabel extends LabelRecord {
  id: number;
}

/**
 * One page of the late label join's work (`EventStore.scanLateLabels`): the pending labels that may have found
 * their prediction since the last committed scan, and where the next scan starts.
 */
export interface LateLabelScan {
  labels: PendingLabel[];
  /** Where the next scan starts once this one is committed (opaque; `RollupStore.commitLateLabels` stores it). */
  mark: string;
  /** True when the scan stopped at its limit: scan again after committing this one. */
  hasMore: boolean;
}

/** How much one late-join scan reads, per writer. */
export interface LateLabelLimits {
  labels: number;
  events: number;
}

export interface EventQuery {
  model?: string;
  requestId?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
  /** Opaque cursor from a previous page; one the store did not issue makes `findEvents` throw a RangeError. */
  cursor?: string;
}

export interface EventPage {
  events: StoredEventRecord[];
  nextCursor: string | null;
}

/**
 * Raw events and labels. Ids, commit order and replay follow the ordering rule of `Store` (store.ts): ids are
 * allocated here, one writer's appends resolve in id order, and the scans read this writer's appends only.
 */
export interface EventStore {
  /**
   * Appends in one transaction; resolves with the id range once committed. The ids are contiguous and above
   * every id this writer got before; the promise resolves after those of this writer's earlier appends.
   * Records without a requestId get one, written into the record. `json`, when given, is the request's text
   * (`{"events": [...]}`) holding exactly these events, unchanged and in order; a backend may store it
   * instead of serialising the events again.
   */
  appendEvents(records: EventRecord[], json?: string): Promise<{ firstId: number; lastId: number }>;
  /** Appends in one transaction; resolves with the id of the last label once committed (same ordering rule). */
  appendLabels(records: LabelRecord[]): Promise<{ lastId: number }>;
  /** Events matching the query, newest first (by timestamp, then id), a page of at most `limit`. */
  findEvents(query: EventQuery): Promise<EventPage>;
  /** The stored events of a model with these request ids (the label join); several per id when duplicated. */
  findByRequestIds(model: string, requestIds: string[]): Promise<StoredEventRecord[]>;
  /**
   * This writer's labels with id > afterId in id order, for the same replay, each with `isMatched` as recorded at
   * ingest (labels stored unmatched are the late join's, not the replay's).
   */
  scanLabelsAfter(afterId: number, limit: number): Promise<Array<LabelRecord & { id: number }>>;
  /**
   * The late label join's next page, from the mark the last `RollupStore.commitLateLabels` stored (every writer's
   * labels and events): the pending labels received at or after `receivedSinceMs` that were stored since the
   * mark, and those whose (model, requestId) key is in an event committed since the mark. Every pending label
   * whose prediction is committed is returned by some scan after that commit; a label may come back again
   * (it stays pending when its prediction is still missing). `limits` bound the labels stored since the mark and
   * the events read (per writer; a scan reads at least one block).
   */
  scanLateLabels(receivedSinceMs: number, limits: LateLabelLimits): Promise<LateLabelScan>;
  /**
   * This writer's events with id > afterId in id order: used to replay what the last flush had not covered. A page
   * ends at a storage boundary, so it may hold a few more than `limit`.
   */
  scanEventsAfter(afterId: number, limit: number): Promise<StoredEventRecord[]>;
  /**
   * Labels of the model with timestamp in [fromMs, toMs): how many, how many matched no prediction at ingest and
   * have not been joined late since (`unmatched`), and how many were joined late (`joinedLate`). `known`: those
   * recorded with a match result; labels stored before it was recorded are not.
   */
  countLabels(
    model: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ received: number; known: number; unmatched: number; joinedLate: number }>;
  /** Events of the model in [fromMs, toMs) whose requestId an earlier stored event of the model already had (within raw-event retention). */
  countDuplicateRequestIds(model: string, fromMs: number, toMs: number): Promise<number>;
  /** Deletes raw events received before the cut-off; rollups are untouched. Returns the number removed. */
  pruneEventsBefore(cutoffMs: number): Promise<number>;
}
