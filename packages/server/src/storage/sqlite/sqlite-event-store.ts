import type Database from 'better-sqlite3';
import { assignedRequestId, eventIdOfAssigned, requestKey } from '../request-key.js';
import type {
  EventPage,
  EventQuery,
  EventRecord,
  EventStore,
  LabelRecord,
  LateLabelLimits,
  LateLabelScan,
  PendingLabel,
  StoredEventRecord,
} from '../contracts/index.js';
import { BLOCK_SPAN_MS, BlockBuilder, decodeBlock } from '../event-blocks.js';
import { eventMarkWithin, PENDING_LABEL_COLUMNS, toPendingLabel, type PendingLabelRow } from '../late-label-scan.js';
import { Where } from './sql-where.js';
import { decodeCursor, encodeCursor } from '../event-cursor.js';

/** The request-id index is brought up to date every 10 s or 200,000 events, whichever comes first. */
const REQUEST_KEY_BATCH = 200_000;
const REQUEST_KEY_INTERVAL_MS = 10_000;
/** SQLite binds at most 32,766 parameters per statement. */
const IN_CHUNK = 500;

type IdRange = { firstId: number; lastId: number };
type Batch = { records: EventRecord[]; json?: string };
/** What decodeBlock needs of a block row. */
type StoredBlock = Parameters<typeof decodeBlock>[0];
const BLOCK_COLUMNS = 'id, model, min_ts AS minTs, received_at AS receivedAt, times, events';

/**
 * Raw events in `event_blocks` (event-blocks.ts), labels in `labels`, and the request-id index.
 *
 * Request ids are random, and a b-tree on random keys dirties a page per insert, so they are not indexed on
 * the ingest path. Every 10 s (or 200,000 events) one sorted bulk insert puts the new events' request keys
 * into `request_index` (key → the first event id with it); an event whose key is already there goes to
 * `request_repeats`, marked a duplicate when an earlier event has the same model and requestId (and not when
 * two pairs merely share a key). Lookups read both tables and, for the blocks above the watermark
 * (`meta.request_key_watermark`), the blocks' key arrays.
 */
export class SqliteEventStore implements EventStore {
  /** The next event id; ids are assigned here so a block's events are numbered before its row is written. */
  private nextId: number;
  /** Batches waiting for the next group commit, in arrival order. */
  private pending: Array<{ batch: Batch; resolve(r: IdRange): void; reject(e: unknown): void }> = [];
  private lastIndexAt = 0;
  private readonly appendTx: (batches: Batch[]) => IdRange[];
  private readonly appendLabelsTx: (records: LabelRecord[]) => { lastId: number };
  private readonly indexTx: () => void;
  private readonly stmt;
  /** The prefix of the request ids this store assigns (request-key.ts). */
  private readonly requestIdPrefix: string;

  constructor(private readonly db: Database.Database) {
    this.requestIdPrefix = db.prepare("SELECT value FROM meta WHERE key = 'request_id_prefix'").pluck().get() as string;
    this.stmt = {
      insertBlock: db.prepare(
        'INSERT INTO event_blocks (id, last_id, model, min_ts, max_ts, received_at, keys, times, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertLabel: db.prepare(
        'INSERT INTO labels (model, request_id, label, ts, received_at, matched, subject_id, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // The subject index: written with the block, so export and erasure never scan (migration 164).
      insertSubject: db.prepare('INSERT OR IGNORE INTO event_subjects (subject_key, block_id) VALUES (?, ?)'),
      countLabels: db.prepare(
        `SELECT count(*) AS received, count(matched) AS known, coalesce(sum(matched = 0 AND joined_at IS NULL), 0) AS unmatched,
           count(joined_at) AS joinedLate FROM labels WHERE model = ? AND ts >= ? AND ts < ?`,
      ),
      blockOf: db.prepare('SELECT id, last_id AS lastId FROM event_blocks WHERE id <= ? ORDER BY id DESC LIMIT 1'),
      blockEvents: db.prepare(`SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE id = ?`),
      getWatermark: db.prepare("SELECT value FROM meta WHERE key = 'request_key_watermark'").pluck(),
      setWatermark: db.prepare("UPDATE meta SET value = ? WHERE key = 'request_key_watermark'"),
      tailSize: db.prepare(
        'SELECT coalesce(sum(last_id - id + 1), 0) AS n, max(last_id) AS hi FROM event_blocks WHERE id > ?',
      ),
      tailKeyCount: db
        .prepare('SELECT count(*) FROM event_blocks b, json_each(b.keys) j WHERE b.id > ? AND j.value <> 0')
        .pluck(),
      // Sorted, so the bulk insert walks the index in key order and dirties each page once; the earliest
      // event of a key goes in first and stays.
      indexKeys: db.prepare(
        'INSERT OR IGNORE INTO request_index (key, event_id) SELECT j.value, b.id + j.key FROM event_blocks b, json_each(b.keys) j WHERE b.id > ? AND j.value <> 0 ORDER BY 1, 2',
      ),
      tailRepeats: db.prepare(
        `SELECT j.value AS key, b.id + j.key AS eventId FROM event_blocks b, json_each(b.keys) j
         WHERE b.id > ? AND j.value <> 0 AND (SELECT r.event_id FROM request_index r WHERE r.key = j.value) <> b.id + j.key ORDER BY 2`,
      ),
      holderOf: db.prepare('SELECT event_id FROM request_index WHERE key = ?').pluck(),
      repeatsOf: db.prepare('SELECT event_id FROM request_repeats WHERE key = ? ORDER BY event_id').pluck(),
      insertRepeat: db.prepare(
        'INSERT OR IGNORE INTO request_repeats (key, event_id, model, ts, duplicate) VALUES (?, ?, ?, ?, ?)',
      ),
      tailKeys: db.prepare('SELECT id, model, keys FROM event_blocks WHERE id > ?'),
      countDuplicates: db
        .prepare('SELECT count(*) FROM request_repeats WHERE duplicate = 1 AND model = ? AND ts >= ? AND ts < ?')
        .pluck(),
    };
    this.nextId =
      1 +
      Math.max(
        ...(db
          .prepare(
            "SELECT coalesce(max(last_id), 0) FROM event_blocks UNION ALL SELECT CAST(value AS INTEGER) FROM meta WHERE key LIKE '%watermark' AND key <> 'label_watermark'",
          )
          .pluck()
          .all() as number[]),
      );
    this.appendTx = db.transaction((batches: Batch[]) => {
      // Consecutive batches share blocks; the blocks number their events in the order they were added.
      const builder = new BlockBuilder();
      let id = this.nextId;
      const ranges = batches.map(({ records, json }) => {
        const firstId = id;
        builder.addRequest(records, json);
        id += records.length;
        return { firstId, lastId: id - 1 };
      });
      id = this.nextId;
      for (const b of builder.take()) {
        this.stmt.insertBlock.run(
          id,
          id + b.count - 1,
          b.model,
          b.minTs,
          b.maxTs,
          b.receivedAt,
          b.keys,
          b.times,
          b.events,
        );
        for (const key of b.subjects) this.stmt.insertSubject.run(key, id);
        id += b.count;
      }
      this.nextId = id;
      // The request ids assigned here, for the caller's answer; the blocks hold null for them.
      batches.forEach(({ records }, k) => {
        records.forEach((r, i) => {
          if (r.requestId === null) r.requestId = assignedRequestId(this.requestIdPrefix, ranges[k]!.firstId + i);
        });
      });
      return ranges;
    });
    this.appendLabelsTx = db.transaction((records: LabelRecord[]) => {
      let lastId = 0;
      for (const l of records)
        lastId = Number(
          this.stmt.insertLabel.run(
            l.model,
            l.requestId,
            l.label,
            l.timestampMs,
            l.receivedAtMs,
            l.isMatched === undefined ? null : l.isMatched ? 1 : 0,
            l.subjectId ?? null,
            // Kept for the labels stored unmatched: new events' keys find them (the late join).
            l.isMatched === false ? requestKey(l.model, l.requestId) : null,
          ).lastInsertRowid,
        );
      return { lastId };
    });
    this.indexTx = db.transaction(() => this.indexRequestKeys(true));
  }

  /**
   * Group commit: batches arriving in the same turn of the event loop share one transaction, committed on
   * the next `setImmediate`, and each promise resolves (in arrival order) only after that COMMIT. Each
   * batch's events get consecutive ids, and consecutive batches of one model share blocks.
   */
  appendEvents(records: EventRecord[], json?: string): Promise<IdRange> {
    return new Promise((resolve, reject) => {
      this.pending.push({ batch: { records, json }, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const group = this.pending;
    this.pending = [];
    let ranges: IdRange[];
    try {
      ranges = this.appendTx(group.map((g) => g.batch));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    group.forEach((g, i) => g.resolve(ranges[i]!));
  }

  async appendLabels(records: LabelRecord[]): Promise<{ lastId: number }> {
    return this.appendLabelsTx(records);
  }

  /**
   * Indexes the request keys of the blocks above the watermark — when 10 s have passed or 200,000 events
   * wait, or always with `force`. Runs inside the caller's transaction (the rollup flush's).
   */
  indexRequestKeys(force = false): void {
    const watermark = Number(this.stmt.getWatermark.get());
    const tail = this.stmt.tailSize.get(watermark) as { n: number; hi: number | null };
    if (tail.hi === null) return;
    if (!force && tail.n < REQUEST_KEY_BATCH && Date.now() - this.lastIndexAt < REQUEST_KEY_INTERVAL_MS) return;
    const inserted = this.stmt.indexKeys.run(watermark).changes;
    if (inserted < (this.stmt.tailKeyCount.get(watermark) as number)) this.recordRepeats(watermark);
    this.stmt.setWatermark.run(String(tail.hi));
    this.lastIndexAt = Date.now();
  }

  /**
   * The tail's events whose key the index already held: each is a duplicate when an earlier event has its
   * model and requestId — almost always the index's holder, so one comparison; only when the holder merely
   * shares the key are the earlier repeats compared too.
   */
  private recordRepeats(watermark: number): void {
    const events = new EventReader(this.stmt, this.requestIdPrefix);
    for (const { key, eventId } of this.stmt.tailRepeats.all(watermark) as Array<{ key: number; eventId: number }>) {
      const e = events.get(eventId);
      if (!e) continue;
      const same = (id: number) => {
        const o = events.get(id);
        return o !== undefined && o.model === e.model && o.requestId === e.requestId;
      };
      const holder = this.stmt.holderOf.get(key) as number;
      const duplicate =
        same(holder) || (this.stmt.repeatsOf.all(key) as number[]).some((id) => id < eventId && same(id));
      this.stmt.insertRepeat.run(key, eventId, e.model, e.timestampMs, duplicate ? 1 : 0);
    }
  }

  async countLabels(model: string, fromMs: number, toMs: number) {
    return this.stmt.countLabels.get(model, fromMs, toMs) as {
      received: number;
      known: number;
      unmatched: number;
      joinedLate: number;
    };
  }

  /**
   * The late join's page (one writer, 0): pending labels stored above the label mark, then those whose request
   * key is in the blocks above the event mark, read through `labels_pending` (one index probe per new event's
   * key, no event decoded). Synchronous, so both reads see the same commits.
   */
  async scanLateLabels(receivedSinceMs: number, limits: LateLabelLimits): Promise<LateLabelScan> {
    const marks = this.db
      .prepare('SELECT event_mark AS e, label_mark AS l FROM label_join_marks WHERE writer_id = 0')
      .get() as { e: number; l: number } | undefined;
    const eventMark = marks?.e ?? 0;
    const labelMark = marks?.l ?? 0;
    const labelTop = this.db.prepare('SELECT coalesce(max(id), 0) FROM labels').pluck().get() as number;
    const stored = this.db
      .prepare(
        `SELECT ${PENDING_LABEL_COLUMNS}, request_key AS requestKey FROM labels
         WHERE id > ? AND id <= ? AND matched = 0 AND joined_at IS NULL AND received_at >= ? ORDER BY id LIMIT ?`,
      )
      .all(labelMark, labelTop, receivedSinceMs, limits.labels) as Array<
      PendingLabelRow & { requestKey: number | null }
    >;
    const isLabelPageFull = stored.length === limits.labels;
    const nextLabelMark = isLabelPageFull ? stored.at(-1)!.id : labelTop;
    // Labels stored unmatched before migration 215 get their key the first time a scan reads them.
    const setKey = this.db.prepare('UPDATE labels SET request_key = ? WHERE id = ?');
    for (const r of stored) if (r.requestKey === null) setKey.run(requestKey(r.model, r.requestId), r.id);
    // Blocks above the event mark, up to `limits.events` events (at least one block).
    const blocks = this.db
      .prepare('SELECT id, last_id AS lastId FROM event_blocks WHERE id > ? ORDER BY id LIMIT ?')
      .all(eventMark, limits.events) as Array<{ id: number; lastId: number }>;
    const nextEventMark = eventMarkWithin(blocks, eventMark, limits.events);
    const isEventPageFull = nextEventMark !== (blocks.at(-1)?.id ?? eventMark) || blocks.length === limits.events;
    const found =
      nextEventMark === eventMark
        ? []
        : (this.db
            .prepare(
              `SELECT ${PENDING_LABEL_COLUMNS} FROM labels
               WHERE matched = 0 AND joined_at IS NULL AND received_at >= ? AND request_key IN
                 (SELECT j.value FROM event_blocks b, json_each(b.keys) j WHERE b.id > ? AND b.id <= ? AND j.value <> 0)`,
            )
            .all(receivedSinceMs, eventMark, nextEventMark) as PendingLabelRow[]);
    const byId = new Map<number, PendingLabel>();
    for (const r of [...stored, ...found]) byId.set(r.id, toPendingLabel(r));
    return {
      labels: [...byId.values()].sort((a, b) => a.id - b.id),
      mark: JSON.stringify([[0, nextEventMark, nextLabelMark]]),
      hasMore: isLabelPageFull || isEventPageFull,
    };
  }

  async countDuplicateRequestIds(model: string, fromMs: number, toMs: number): Promise<number> {
    this.indexTx();
    return this.stmt.countDuplicates.get(model, fromMs, toMs) as number;
  }

  /**
   * Ids of the events that may have one of these request ids: the one an assigned id names, and those the
   * index and the blocks it does not cover yet hold under the ids' keys (of `model` only, when given), ascending.
   */
  private eventIdsFor(models: string[], requestIds: string[], model?: string): number[] {
    const keys = models.flatMap((m) => requestIds.map((r) => requestKey(m, r)));
    const ids = this.eventIdsForKeys(keys, model);
    const assigned = requestIds.map((r) => eventIdOfAssigned(this.requestIdPrefix, r)).filter((id) => id !== undefined);
    return assigned.length === 0 ? ids : [...new Set([...ids, ...assigned])].sort((a, b) => a - b);
  }

  /** Ids of the events stored under these keys (of `model` only, when given), ascending. */
  private eventIdsForKeys(keys: number[], model?: string): number[] {
    const ids = new Set<number>();
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      const marks = chunk.map(() => '?').join(',');
      const found = this.db
        .prepare(
          `SELECT event_id FROM request_index WHERE key IN (${marks}) UNION ALL SELECT event_id FROM request_repeats WHERE key IN (${marks})`,
        )
        .pluck()
        .all(...chunk, ...chunk) as number[];
      for (const id of found) ids.add(id);
    }
    // Blocks not indexed yet (the last ~10 s): their key arrays.
    const wanted = new Set(keys);
    for (const b of this.stmt.tailKeys.iterate(Number(this.stmt.getWatermark.get())) as Iterable<{
      id: number;
      model: string;
      keys: string;
    }>) {
      if (model !== undefined && b.model !== model) continue;
      (JSON.parse(b.keys) as number[]).forEach((k, i) => {
        if (wanted.has(k)) ids.add(b.id + i);
      });
    }
    return [...ids].sort((a, b) => a - b);
  }

  async findByRequestIds(model: string, requestIds: string[]): Promise<StoredEventRecord[]> {
    if (requestIds.length === 0) return [];
    const wanted = new Set(requestIds);
    const events = new EventReader(this.stmt, this.requestIdPrefix);
    const out: StoredEventRecord[] = [];
    for (const id of this.eventIdsFor([model], [...wanted], model)) {
      const e = events.get(id);
      if (e && e.model === model && wanted.has(e.requestId)) out.push(e);
    }
    return out;
  }

  async scanLabelsAfter(afterId: number, limit: number): Promise<Array<LabelRecord & { id: number }>> {
    const rows = this.db.prepare('SELECT * FROM labels WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as Array<{
      id: number;
      model: string;
      request_id: string;
      label: string;
      ts: number;
      received_at: number;
      matched: number | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      model: r.model,
      requestId: r.request_id,
      label: r.label,
      timestampMs: r.ts,
      receivedAtMs: r.received_at,
      ...(r.matched !== null && { isMatched: r.matched === 1 }),
    }));
  }

  async findEvents(q: EventQuery): Promise<EventPage> {
    const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
    const keep = (e: StoredEventRecord) =>
      (q.model === undefined || e.model === q.model) &&
      (q.requestId === undefined || e.requestId === q.requestId) &&
      (q.fromMs === undefined || e.timestampMs >= q.fromMs) &&
      (q.toMs === undefined || e.timestampMs < q.toMs) &&
      (cursor === undefined || e.timestampMs < cursor[0] || (e.timestampMs === cursor[0] && e.id < cursor[1]));
    const found =
      q.requestId !== undefined
        ? this.eventsWithRequestId(q.requestId, q.model, keep)
        : this.eventsByTime(q, cursor, keep);
    const more = found.length > q.limit;
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return { events: page, nextCursor: more && last ? encodeCursor(last.timestampMs, last.id) : null };
  }

  /** Every event with this requestId (of the model, or of any model), newest first. */
  private eventsWithRequestId(
    requestId: string,
    model: string | undefined,
    keep: (e: StoredEventRecord) => boolean,
  ): StoredEventRecord[] {
    const models =
      model !== undefined
        ? [model]
        : // Each distinct model by one index seek (a skip scan over event_blocks_model_ts).
          (this.db
            .prepare(
              `WITH RECURSIVE m(model) AS (SELECT min(model) FROM event_blocks
                 UNION ALL SELECT (SELECT min(model) FROM event_blocks WHERE model > m.model) FROM m WHERE m.model IS NOT NULL)
               SELECT model FROM m WHERE model IS NOT NULL`,
            )
            .pluck()
            .all() as string[]);
    const events = new EventReader(this.stmt, this.requestIdPrefix);
    const out: StoredEventRecord[] = [];
    for (const id of this.eventIdsFor(models, [requestId], model)) {
      const e = events.get(id);
      if (e && keep(e)) out.push(e);
    }
    return out.sort(newestFirst);
  }

  /**
   * The newest events (at most limit + 1) in the range. Blocks are visited newest `max_ts` first, reading only
   * their timestamps, until the next block's `max_ts` is older than the (limit + 1)-th event found: nothing in
   * it or after it can rank higher. Only the blocks holding the chosen events are then decompressed. A block
   * spans under an hour, which bounds `max_ts` from above too.
   */
  private eventsByTime(
    q: EventQuery,
    cursor: [number, number] | undefined,
    keep: (e: StoredEventRecord) => boolean,
  ): StoredEventRecord[] {
    const where = new Where().add('model = ?', q.model).add('max_ts >= ?', q.fromMs);
    const upper = Math.min(q.toMs ?? Infinity, cursor ? cursor[0] + 1 : Infinity);
    if (upper !== Infinity) where.add('min_ts < ? AND max_ts < ?', upper, upper + BLOCK_SPAN_MS);
    const sql = `SELECT id, min_ts AS minTs, max_ts AS maxTs, times FROM event_blocks ${where} ORDER BY max_ts DESC, id DESC`;
    const want = q.limit + 1;
    // The time filters need only an event's time and id; the model is the block's.
    const inRange = (timestampMs: number, id: number) =>
      (q.fromMs === undefined || timestampMs >= q.fromMs) &&
      (q.toMs === undefined || timestampMs < q.toMs) &&
      (cursor === undefined || timestampMs < cursor[0] || (timestampMs === cursor[0] && id < cursor[1]));
    const byRank = (a: { timestampMs: number; id: number }, b: { timestampMs: number; id: number }) =>
      b.timestampMs - a.timestampMs || b.id - a.id;
    const chosen: Array<{ timestampMs: number; id: number }> = [];
    for (const b of this.db.prepare(sql).iterate(...where.params) as Iterable<{
      id: number;
      minTs: number;
      maxTs: number;
      times: string;
    }>) {
      if (chosen.length >= want) {
        chosen.sort(byRank);
        chosen.length = want;
        if (b.maxTs < chosen[want - 1]!.timestampMs) break;
      }
      (JSON.parse(b.times) as number[]).forEach((offset, i) => {
        if (inRange(b.minTs + offset, b.id + i)) chosen.push({ timestampMs: b.minTs + offset, id: b.id + i });
      });
    }
    chosen.sort(byRank);
    if (chosen.length > want) chosen.length = want;
    const events = new EventReader(this.stmt, this.requestIdPrefix);
    return chosen.map((c) => events.get(c.id)!).filter(keep);
  }

  async scanEventsAfter(afterId: number, limit: number): Promise<StoredEventRecord[]> {
    const out: StoredEventRecord[] = [];
    // From the block holding afterId + 1, which may start at or before afterId.
    const start = this.db
      .prepare('SELECT coalesce(max(id), 0) FROM event_blocks WHERE id <= ?')
      .pluck()
      .get(afterId + 1) as number;
    for (const b of this.db
      .prepare(`SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE id >= ? ORDER BY id`)
      .iterate(start) as Iterable<StoredBlock>) {
      for (const e of decodeBlock(b, this.requestIdPrefix)) if (e.id > afterId) out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  }

  async pruneEventsBefore(cutoffMs: number): Promise<number> {
    // Ids grow with arrival time, so the blocks received before the cut-off are an id prefix: find its end
    // by binary search on the primary key instead of keeping another index on the insert path.
    const bounds = this.db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM event_blocks').get() as {
      lo: number | null;
      hi: number | null;
    };
    if (bounds.lo === null || bounds.hi === null) return 0;
    const receivedAt = this.db
      .prepare('SELECT received_at FROM event_blocks WHERE id >= ? ORDER BY id LIMIT 1')
      .pluck();
    let lo = bounds.lo - 1;
    let hi = bounds.hi;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if ((receivedAt.get(mid) as number) < cutoffMs) lo = mid;
      else hi = mid - 1;
    }
    if (lo < bounds.lo) return 0;
    return this.db.transaction(() => {
      const lastEventId = this.db.prepare('SELECT last_id FROM event_blocks WHERE id = ?').pluck().get(lo) as number;
      // The pruned events' own index entries, found through their blocks' keys (not a scan of the index).
      this.db
        .prepare(
          'DELETE FROM request_index WHERE key IN (SELECT j.value FROM event_blocks b, json_each(b.keys) j WHERE b.id <= ?) AND event_id <= ?',
        )
        .run(lo, lastEventId);
      this.db.prepare('DELETE FROM request_repeats WHERE event_id <= ?').run(lastEventId);
      this.db.prepare('DELETE FROM event_subjects WHERE block_id <= ?').run(lo);
      const removed = this.db
        .prepare('SELECT coalesce(sum(last_id - id + 1), 0) FROM event_blocks WHERE id <= ?')
        .pluck()
        .get(lo) as number;
      this.db.prepare('DELETE FROM event_blocks WHERE id <= ?').run(lo);
      return removed;
    })();
  }
}

/** Events by id, decoding each block once. */
class EventReader {
  private readonly blocks = new Map<number, StoredEventRecord[]>();

  constructor(
    private readonly stmt: { blockOf: Database.Statement; blockEvents: Database.Statement },
    private readonly requestIdPrefix: string,
  ) {}

  get(eventId: number): StoredEventRecord | undefined {
    const b = this.stmt.blockOf.get(eventId) as { id: number; lastId: number } | undefined;
    if (!b || eventId > b.lastId) return undefined;
    let events = this.blocks.get(b.id);
    if (!events) {
      events = decodeBlock(this.stmt.blockEvents.get(b.id) as StoredBlock, this.requestIdPrefix);
      this.blocks.set(b.id, events);
    }
    return events[eventId - b.id];
  }
}

function newestFirst(a: StoredEventRecord, b: StoredEventRecord): number {
  return b.timestampMs - a.timestampMs || b.id - a.id;
}

export { encodeCursor, decodeCursor } from '../event-cursor.js';
