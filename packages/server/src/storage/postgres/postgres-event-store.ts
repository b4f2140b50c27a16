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
import { decodeCursor, encodeCursor } from '../event-cursor.js';
import { valuesList, type PostgresDb, type Queryable } from './postgres-db.js';
import type { PostgresWriter } from './postgres-writer.js';
import { EventPartitions } from './event-partitions.js';

/** Longest stretch of block decoding before other requests get a turn (PostgresEventStore.decodeEach). */
const DECODE_SLICE_MS = 5;

/** Ids come from the database in chunks of this many (migration 1, `event_id_chunks`). */
export const ID_CHUNK = 65_536;
/** One group commit takes at most this many events (each append is at most a 1,000-event batch). */
const GROUP_MAX_EVENTS = 20_000;
const BLOCK_COLUMNS = 'id, last_id AS "lastId", model, min_ts AS "minTs", received_at AS "receivedAt", times, events';
const INSERT_WIDTH = 10;
/** At most 65,535 parameters a statement: 6,000 blocks of 10. */
const BLOCKS_PER_STATEMENT = 6000;
const COLUMN_TYPES = [
  'bigint',
  'bigint',
  'bigint',
  'text',
  'bigint',
  'bigint',
  'bigint',
  'bigint[]',
  'integer[]',
  'bytea',
];

/** VALUES rows of block parameters, typed (a VALUES list under SELECT does not take the target columns' types). */
function typedValuesList(rows: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++)
    out.push(`(${COLUMN_TYPES.map((type, c) => `$${r * INSERT_WIDTH + c + 1}::${type}`).join(', ')})`);
  return out.join(', ');
}

type IdRange = { firstId: number; lastId: number };
type Batch = { records: EventRecord[]; json?: string };
interface BlockRow {
  id: number;
  lastId: number;
  model: string;
  minTs: number;
  receivedAt: number;
  times: number[];
  events: Buffer;
}

/**
 * Raw events in the day-partitioned `event_blocks` (one row per block, storage/event-blocks.ts) and labels.
 *
 * One writer's appends are committed one group at a time, in arrival order: batches that arrive while a commit
 * is in flight wait and go together in the next one (group commit, one multi-row INSERT), and every promise of a
 * group resolves after its COMMIT, in order. Ids come from the database: the writer takes a chunk of 65,536 ids
 * from a sequence and numbers its blocks from it, so one append's ids are contiguous and two writers never share
 * an id. Each commit first checks the writer's epoch (FOR SHARE): once another node has adopted this writer
 * (postgres-writer.ts) the old owner can commit nothing more.
 */
export class PostgresEventStore implements EventStore {
  private nextId = 0;
  private chunkEnd = -1;
  private pending: Array<{ batch: Batch; resolve(r: IdRange): void; reject(e: unknown): void }> = [];
  private isCommitting = false;
  private labelChain: Promise<unknown> = Promise.resolve();
  private readonly partitions: EventPartitions;

  constructor(
    private readonly db: PostgresDb,
    private readonly writer: PostgresWriter,
    private readonly requestIdPrefix: string,
  ) {
    this.partitions = new EventPartitions(db);
  }

  appendEvents(records: EventRecord[], json?: string): Promise<IdRange> {
    return new Promise((resolve, reject) => {
      this.pending.push({ batch: { records, json }, resolve, reject });
      if (!this.isCommitting) void this.commitPending();
    });
  }

  private async commitPending(): Promise<void> {
    this.isCommitting = true;
    while (this.pending.length > 0) {
      let n = 0;
      let take = 0;
      while (
        take < this.pending.length &&
        (take === 0 || n + this.pending[take]!.batch.records.length <= GROUP_MAX_EVENTS)
      )
        n += this.pending[take++]!.batch.records.length;
      const group = this.pending.splice(0, take);
      try {
        const ranges = await this.commitGroup(
          group.map((g) => g.batch),
          n,
        );
        group.forEach((g, i) => g.resolve(ranges[i]!));
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.isCommitting = false;
  }

  private async commitGroup(batches: Batch[], count: number): Promise<IdRange[]> {
    if (this.nextId + count - 1 > this.chunkEnd) {
      const chunk = (await this.db.one<{ c: number }>("SELECT nextval('event_id_chunks') AS c"))!.c;
      this.nextId = chunk * ID_CHUNK;
      this.chunkEnd = this.nextId + ID_CHUNK - 1;
    }
    const builder = new BlockBuilder();
    let id = this.nextId;
    const ranges = batches.map(({ records, json }) => {
      const firstId = id;
      builder.addRequest(records, json);
      id += records.length;
      return { firstId, lastId: id - 1 };
    });
    const blocks = builder.take();
    await this.partitions.ensure(blocks.map((b) => b.receivedAt));
    const params: unknown[] = [];
    // The subject index rows (migration 164), written by the same statement or transaction as the blocks.
    const subjects: { keys: number[]; blocks: number[]; receivedAt: number[] } = {
      keys: [],
      blocks: [],
      receivedAt: [],
    };
    let blockId = this.nextId;
    for (const b of blocks) {
      for (const key of b.subjects) {
        subjects.keys.push(key);
        subjects.blocks.push(blockId);
        subjects.receivedAt.push(b.receivedAt);
      }
      params.push(
        blockId,
        blockId + b.count - 1,
        this.writer.id,
        b.model,
        b.minTs,
        b.maxTs,
        b.receivedAt,
        JSON.parse(b.keys) as number[],
        JSON.parse(b.times) as number[],
        b.events,
      );
      blockId += b.count;
    }
    if (blocks.length <= BLOCKS_PER_STATEMENT) {
      // One statement, one round trip, its own transaction: the epoch check (FOR SHARE) and the insert commit
      // together, and no rows go in when the epoch moved. Four round trips (BEGIN, check, INSERT, COMMIT) cost
      // more CPU than the insert itself for small groups.
      const n = params.length;
      const subjectRows = subjects.keys.length
        ? `, sub AS (INSERT INTO event_subjects (subject_key, block_id, received_at)
             SELECT s.* FROM unnest($${n + 3}::bigint[], $${n + 4}::bigint[], $${n + 5}::bigint[]) AS s, w ON CONFLICT DO NOTHING)`
        : '';
      const inserted = await this.db.query<{ n: number }>(
        `WITH w AS (SELECT 1 FROM writers WHERE id = $${n + 1} AND epoch = $${n + 2} FOR SHARE),
           ins AS (INSERT INTO event_blocks (id, last_id, writer_id, model, min_ts, max_ts, received_at, keys, times, events)
             SELECT v.* FROM (VALUES ${typedValuesList(blocks.length)}) AS v, w RETURNING 1)${subjectRows}
         SELECT count(*)::int AS n FROM ins`,
        [
          ...params,
          this.writer.id,
          this.writer.epoch,
          ...(subjects.keys.length ? [subjects.keys, subjects.blocks, subjects.receivedAt] : []),
        ],
      );
      if (inserted[0]!.n !== blocks.length) {
        await this.writer.checkEpoch(this.db.pool); // throws FencedError when the epoch moved
        throw new Error(`event insert wrote ${inserted[0]!.n} of ${blocks.length} blocks`);
      }
    } else {
      await this.db.transaction(async (tx) => {
        await this.writer.checkEpoch(tx);
        for (let i = 0; i < blocks.length; i += BLOCKS_PER_STATEMENT) {
          const rows = Math.min(BLOCKS_PER_STATEMENT, blocks.length - i);
          await tx.query(
            `INSERT INTO event_blocks (id, last_id, writer_id, model, min_ts, max_ts, received_at, keys, times, events) VALUES ${valuesList(rows, INSERT_WIDTH)}`,
            params.slice(i * INSERT_WIDTH, (i + rows) * INSERT_WIDTH),
          );
        }
        if (subjects.keys.length)
          await tx.query(
            `INSERT INTO event_subjects (subject_key, block_id, received_at)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING`,
            [subjects.keys, subjects.blocks, subjects.receivedAt],
          );
      });
    }
    // Ids of a failed commit are not reused: a gap, never a repeat.
    this.nextId = id;
    batches.forEach(({ records }, k) =>
      records.forEach((r, i) => {
        if (r.requestId === null) r.requestId = assignedRequestId(this.requestIdPrefix, ranges[k]!.firstId + i);
      }),
    );
    return ranges;
  }

  /** One writer's label appends run one after another, so their sequence ids resolve in order. */
  appendLabels(records: LabelRecord[]): Promise<{ lastId: number }> {
    const run = this.labelChain.then(() => this.insertLabels(records));
    this.labelChain = run.catch(() => undefined);
    return run;
  }

  private async insertLabels(records: LabelRecord[]): Promise<{ lastId: number }> {
    if (records.length === 0) return { lastId: 0 };
    return this.db.transaction(async (tx) => {
      await this.writer.checkEpoch(tx);
      let lastId = 0;
      for (let i = 0; i < records.length; i += 5000) {
        const chunk = records.slice(i, i + 5000);
        const params = chunk.flatMap((l) => [
          this.writer.id,
          l.model,
          l.requestId,
          l.label,
          l.timestampMs,
          l.receivedAtMs,
          l.isMatched ?? null,
          l.subjectId ?? null,
          // Kept for the labels stored unmatched: new events' keys find them (the late join).
          l.isMatched === false ? requestKey(l.model, l.requestId) : null,
        ]);
        const rows = await tx.query<{ id: number }>(
          `INSERT INTO labels (writer_id, model, request_id, label, ts, received_at, matched, subject_id, request_key) VALUES ${valuesList(chunk.length, 9)} RETURNING id`,
          params,
        );
        for (const r of rows.rows) lastId = Math.max(lastId, Number(r.id));
      }
      return { lastId };
    });
  }

  async countLabels(model: string, fromMs: number, toMs: number) {
    const r = await this.db.one<{ received: number; known: number; unmatched: number; joinedLate: number }>(
      `SELECT count(*)::int AS received, count(matched)::int AS known,
         count(*) FILTER (WHERE matched = false AND joined_at IS NULL)::int AS unmatched, count(joined_at)::int AS "joinedLate"
       FROM labels WHERE model = $1 AND ts >= $2 AND ts < $3`,
      [model, fromMs, toMs],
    );
    return r!;
  }

  /**
   * The late join's page, writer by writer (every writer's, not only this one's): each writer's ids commit in
   * increasing order (the ordering rule, store.ts), so "above the mark" per writer misses no commit, where one
   * mark over interleaved writers would. Per writer: its pending labels stored above its label mark, then the
   * pending labels (of any writer) whose request key is in its blocks above its event mark, through
   * `labels_pending` (no event decoded). The blocks' range is read first and fixed, so the second statement sees
   * all of them committed.
   */
  async scanLateLabels(receivedSinceMs: number, limits: LateLabelLimits): Promise<LateLabelScan> {
    const writers = await this.db.query<{ id: number; e: number; l: number }>(
      `SELECT w.id, coalesce(m.event_mark, 0) AS e, coalesce(m.label_mark, 0) AS l
       FROM writers w LEFT JOIN label_join_marks m ON m.writer_id = w.id ORDER BY w.id`,
    );
    const byId = new Map<number, PendingLabel>();
    const marks: Array<[number, number, number]> = [];
    let hasMore = false;
    for (const w of writers) {
      const top = await this.db.one<{ top: number }>(
        'SELECT coalesce(max(id), 0) AS top FROM labels WHERE writer_id = $1',
        [w.id],
      );
      const stored = await this.db.query<PendingLabelRow & { requestKey: number | null }>(
        `SELECT ${PENDING_LABEL_COLUMNS}, request_key AS "requestKey" FROM labels
         WHERE writer_id = $1 AND id > $2 AND id <= $3 AND matched = false AND joined_at IS NULL AND received_at >= $4
         ORDER BY id LIMIT $5`,
        [w.id, w.l, top!.top, receivedSinceMs, limits.labels],
      );
      const labelMark = stored.length === limits.labels ? stored.at(-1)!.id : Math.max(w.l, top!.top);
      // Labels stored unmatched before migration 215 get their key the first time a scan reads them.
      for (const r of stored)
        if (r.requestKey === null)
          await this.db.query('UPDATE labels SET request_key = $2 WHERE id = $1', [
            r.id,
            requestKey(r.model, r.requestId),
          ]);
      const blocks = await this.db.query<{ id: number; lastId: number }>(
        'SELECT id, last_id AS "lastId" FROM event_blocks WHERE writer_id = $1 AND id > $2 ORDER BY id LIMIT $3',
        [w.id, w.e, limits.events],
      );
      const eventMark = eventMarkWithin(blocks, w.e, limits.events);
      const found =
        eventMark === w.e
          ? []
          : await this.db.query<PendingLabelRow>(
              `SELECT ${PENDING_LABEL_COLUMNS} FROM labels
               WHERE matched = false AND joined_at IS NULL AND received_at >= $1 AND request_key IN
                 (SELECT unnest(keys) FROM event_blocks WHERE writer_id = $2 AND id > $3 AND id <= $4)`,
              [receivedSinceMs, w.id, w.e, eventMark],
            );
      for (const r of [...stored, ...found]) byId.set(Number(r.id), toPendingLabel(r));
      marks.push([w.id, eventMark, labelMark]);
      hasMore ||=
        stored.length === limits.labels || blocks.length === limits.events || eventMark !== (blocks.at(-1)?.id ?? w.e);
    }
    return { labels: [...byId.values()].sort((a, b) => a.id - b.id), mark: JSON.stringify(marks), hasMore };
  }

  /**
   * Events of the model in [fromMs, toMs) whose request key an event of the model with a lower id already had.
   * Compared by the 53-bit key (request-key.ts): two distinct pairs share one about once in 10^15.
   */
  async countDuplicateRequestIds(model: string, fromMs: number, toMs: number): Promise<number> {
    const r = await this.db.one<{ n: number }>(
      `WITH ev AS (
         SELECT b.id + k.i - 1 AS eid, k.key, b.min_ts + b.times[k.i] AS ts
         FROM event_blocks b CROSS JOIN LATERAL unnest(b.keys) WITH ORDINALITY AS k(key, i)
         WHERE b.model = $1 AND k.key <> 0 AND b.min_ts < $3),
       ranked AS (SELECT eid, ts, min(eid) OVER (PARTITION BY key) AS first FROM ev)
       SELECT count(*)::int AS n FROM ranked WHERE eid <> first AND ts >= $2 AND ts < $3`,
      [model, fromMs, toMs],
    );
    return r!.n;
  }

  /** Blocks holding any of the keys (of `model`, when given), decoded, and the blocks of assigned ids. */
  private async eventsForRequestIds(
    models: string[],
    requestIds: string[],
    model?: string,
  ): Promise<StoredEventRecord[]> {
    const keys = [...new Set(models.flatMap((m) => requestIds.map((r) => requestKey(m, r))))];
    const blocks = new Map<number, BlockRow>();
    // The planner prices `keys && $1` as one comparison a block, but it compares each key of a block (~200) with
    // each key asked: for a batch of labels (~450 keys) it seq-scanned the day's partitions, 0.5-1.3 s of CPU over
    // 1,900 blocks and growing all day, where the GIN index answers in ~40 ms. So seq scans are off for this
    // read, and the model is checked outside the subquery (OFFSET 0 keeps it there), else the model index would
    // stand in for the GIN one. The blocks found are the same.
    if (keys.length > 0)
      await this.db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        for (let i = 0; i < keys.length; i += 1000) {
          const rows = await tx.query<BlockRow>(
            `SELECT * FROM (SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE keys && $1::bigint[] OFFSET 0) b${model !== undefined ? ' WHERE model = $2' : ''}`,
            model !== undefined ? [keys.slice(i, i + 1000), model] : [keys.slice(i, i + 1000)],
          );
          for (const b of rows.rows) blocks.set(b.id, b);
        }
      });
    for (const r of requestIds) {
      const id = eventIdOfAssigned(this.requestIdPrefix, r);
      if (id === undefined) continue;
      const b = await this.blockOf(id);
      if (b) blocks.set(b.id, b);
    }
    const wanted = new Set(requestIds);
    const out: StoredEventRecord[] = [];
    await this.decodeEach(blocks.values(), (e) => {
      if (wanted.has(e.requestId) && (model === undefined || e.model === model)) out.push(e);
    });
    return out.sort((a, b) => a.id - b.id);
  }

  /**
   * Decodes blocks (synchronous Brotli, then JSON: ~0.3 ms a block), handing the event loop back every few
   * milliseconds: a batch of labels or a window's raw edges touch hundreds of blocks, which held every other
   * request up to ~150 ms at once.
   */
  private async decodeEach(blocks: Iterable<BlockRow>, visit: (e: StoredEventRecord) => void): Promise<void> {
    let since = performance.now();
    for (const b of blocks) {
      for (const e of decodeBlock(b, this.requestIdPrefix)) visit(e);
      if (performance.now() - since > DECODE_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  }

  private async blockOf(eventId: number): Promise<BlockRow | undefined> {
    return this.db.one<BlockRow>(
      `SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE id <= $1 AND last_id >= $1 ORDER BY id DESC LIMIT 1`,
      [eventId],
    );
  }

  async findByRequestIds(model: string, requestIds: string[]): Promise<StoredEventRecord[]> {
    if (requestIds.length === 0) return [];
    return this.eventsForRequestIds([model], [...new Set(requestIds)], model);
  }

  async scanLabelsAfter(afterId: number, limit: number): Promise<Array<LabelRecord & { id: number }>> {
    const rows = await this.db.query<LabelRecord & { id: number; matched: boolean | null }>(
      `SELECT id, model, request_id AS "requestId", label, ts AS "timestampMs", received_at AS "receivedAtMs", matched
       FROM labels WHERE writer_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [this.writer.id, afterId, limit],
    );
    return rows.map(({ matched, ...l }) => ({ ...l, ...(matched !== null && { isMatched: matched }) }));
  }

  async findEvents(q: EventQuery): Promise<EventPage> {
    const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
    const keep = (e: StoredEventRecord) =>
      (q.model === undefined || e.model === q.model) &&
      (q.requestId === undefined || e.requestId === q.requestId) &&
      (q.fromMs === undefined || e.timestampMs >= q.fromMs) &&
      (q.toMs === undefined || e.timestampMs < q.toMs) &&
      (cursor === undefined || e.timestampMs < cursor[0] || (e.timestampMs === cursor[0] && e.id < cursor[1]));
    let found: StoredEventRecord[];
    if (q.requestId !== undefined) {
      const models =
        q.model !== undefined
          ? [q.model]
          : // Each distinct model by one index seek (a skip scan over event_blocks_model_ts).
            (
              await this.db.query<{ model: string }>(
                `WITH RECURSIVE m(model) AS (SELECT min(model) FROM event_blocks
                   UNION ALL SELECT (SELECT min(model) FROM event_blocks WHERE model > m.model) FROM m WHERE m.model IS NOT NULL)
                 SELECT model FROM m WHERE model IS NOT NULL`,
              )
            ).map((r) => r.model);
      found = (await this.eventsForRequestIds(models, [q.requestId], q.model)).filter(keep).sort(newestFirst);
    } else {
      found = await this.eventsByTime(q, cursor, keep);
    }
    const more = found.length > q.limit;
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return { events: page, nextCursor: more && last ? encodeCursor(last.timestampMs, last.id) : null };
  }

  /**
   * The newest events (at most limit + 1) in the range: blocks newest `max_ts` first, reading only their times,
   * until the next block's `max_ts` is older than the (limit + 1)-th event found; then only the chosen blocks are
   * decompressed (the same walk as the SQLite store's).
   */
  private async eventsByTime(
    q: EventQuery,
    cursor: [number, number] | undefined,
    keep: (e: StoredEventRecord) => boolean,
  ): Promise<StoredEventRecord[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      conditions.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
    };
    if (q.model !== undefined) add('model = ?', q.model);
    if (q.fromMs !== undefined) add('max_ts >= ?', q.fromMs);
    const upper = Math.min(q.toMs ?? Infinity, cursor ? cursor[0] + 1 : Infinity);
    if (upper !== Infinity) add('min_ts < ? AND max_ts < ?', upper, upper + BLOCK_SPAN_MS);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const want = q.limit + 1;
    const inRange = (timestampMs: number, id: number) =>
      (q.fromMs === undefined || timestampMs >= q.fromMs) &&
      (q.toMs === undefined || timestampMs < q.toMs) &&
      (cursor === undefined || timestampMs < cursor[0] || (timestampMs === cursor[0] && id < cursor[1]));
    const byRank = (a: { timestampMs: number; id: number }, b: { timestampMs: number; id: number }) =>
      b.timestampMs - a.timestampMs || b.id - a.id;
    const chosen: Array<{ timestampMs: number; id: number; block: number }> = [];
    // Pages of blocks, newest first, so a wide range does not read every block's times at once. The first page is
    // small: a page of events usually sits in a block or two, and the driver parses each block's times (~200
    // integers) in JavaScript — 200 blocks' worth took most of a 10-event page. Then pages double up to 200, each
    // continuing after the last block read (keyset, not OFFSET: a block committed meanwhile shifts nothing).
    const PAGE = 200;
    let isDone = false;
    let size = 8;
    let after: { maxTs: number; id: number } | undefined;
    while (!isDone) {
      const keyset = after
        ? `${where ? ' AND' : ' WHERE'} (max_ts, id) < ($${params.length + 1}, $${params.length + 2})`
        : '';
      const rows = await this.db.query<{ id: number; minTs: number; maxTs: number; times: number[] }>(
        `SELECT id, min_ts AS "minTs", max_ts AS "maxTs", times FROM event_blocks ${where}${keyset} ORDER BY max_ts DESC, id DESC LIMIT ${size}`,
        after ? [...params, after.maxTs, after.id] : params,
      );
      if (rows.length < size) isDone = true;
      after = rows.at(-1);
      size = Math.min(PAGE, size * 2);
      for (const b of rows) {
        if (chosen.length >= want) {
          chosen.sort(byRank);
          chosen.length = want;
          if (b.maxTs < chosen[want - 1]!.timestampMs) {
            isDone = true;
            break;
          }
        }
        b.times.forEach((offsetMs, i) => {
          if (inRange(b.minTs + offsetMs, b.id + i))
            chosen.push({ timestampMs: b.minTs + offsetMs, id: b.id + i, block: b.id });
        });
      }
    }
    chosen.sort(byRank);
    if (chosen.length > want) chosen.length = want;
    const blockIds = [...new Set(chosen.map((c) => c.block))];
    const decoded = new Map<number, StoredEventRecord>();
    if (blockIds.length > 0)
      await this.decodeEach(
        await this.db.query<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE id = ANY($1::bigint[])`, [
          blockIds,
        ]),
        (e) => decoded.set(e.id, e),
      );
    return chosen.map((c) => decoded.get(c.id)!).filter((e) => e !== undefined && keep(e));
  }

  async scanEventsAfter(afterId: number, limit: number): Promise<StoredEventRecord[]> {
    const out: StoredEventRecord[] = [];
    // From the block holding afterId + 1, which may start at or before afterId.
    const start = await this.db.one<{ id: number | null }>(
      'SELECT max(id) AS id FROM event_blocks WHERE writer_id = $1 AND id <= $2',
      [this.writer.id, afterId + 1],
    );
    let from = start?.id ?? 0;
    for (;;) {
      const rows = await this.db.query<BlockRow>(
        `SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE writer_id = $1 AND id >= $2 ORDER BY id LIMIT 64`,
        [this.writer.id, from],
      );
      await this.decodeEach(rows, (e) => {
        if (e.id > afterId) out.push(e);
      });
      if (rows.length < 64 || out.length >= limit) break;
      from = rows.at(-1)!.id + 1;
    }
    return out;
  }

  /** Drops the day partitions wholly before the cut-off and deletes the earlier rows of the one it falls in. */
  async pruneEventsBefore(cutoffMs: number): Promise<number> {
    return this.partitions.pruneBefore(cutoffMs);
  }

  /** Creates the partitions of today and tomorrow ahead of the first event that needs them. */
  prepareDays(nowMs: number): Promise<void> {
    return this.partitions.ensure([nowMs, nowMs + 86_400_000]);
  }
}

export type { Queryable };

function newestFirst(a: StoredEventRecord, b: StoredEventRecord): number {
  return b.timestampMs - a.timestampMs || b.id - a.id;
}
