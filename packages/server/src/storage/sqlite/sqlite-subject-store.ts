import type Database from 'better-sqlite3';
import type {
  PrivacyStore,
  RetentionPolicyRecord,
  StoredEventRecord,
  SubjectErasureCounts,
  SubjectHoldings,
  SubjectLabelRecord,
} from '../contracts/index.js';
import { decodeBlock, rewriteWithout } from '../event-blocks.js';
import { requestKey, subjectKey } from '../request-key.js';

const BLOCK_COLUMNS = 'id, last_id AS lastId, model, min_ts AS minTs, received_at AS receivedAt, times, events';
type BlockRow = Parameters<typeof decodeBlock>[0] & { lastId: number };
interface LabelRow {
  id: number;
  model: string;
  request_id: string;
  label: string;
  ts: number;
  received_at: number;
  subject_id: string | null;
}
/** SQLite binds at most 32,766 parameters per statement. */
const IN_CHUNK = 400;

/**
 * Data subjects and retention per use case on SQLite. The database runs with `secure_delete = ON`
 * (sqlite-store.ts), so the pages a deletion frees are overwritten with zeros; an erasure ends with
 * `wal_checkpoint(TRUNCATE)`, which copies the rewritten pages into the main file and empties the WAL, where the
 * old page images would otherwise stay until the next checkpoint.
 */
export class SqlitePrivacyStore implements PrivacyStore {
  private readonly requestIdPrefix: string;

  constructor(private readonly db: Database.Database) {
    this.requestIdPrefix = db.prepare("SELECT value FROM meta WHERE key = 'request_id_prefix'").pluck().get() as string;
  }

  /** The subject's events, in id order, with the blocks they are in. */
  private subjectBlocks(subjectId: string): Array<{ row: BlockRow; events: StoredEventRecord[] }> {
    const ids = this.db
      .prepare('SELECT block_id FROM event_subjects WHERE subject_key = ? ORDER BY block_id')
      .pluck()
      .all(subjectKey(subjectId)) as number[];
    const get = this.db.prepare(`SELECT ${BLOCK_COLUMNS} FROM event_blocks WHERE id = ?`);
    const out: Array<{ row: BlockRow; events: StoredEventRecord[] }> = [];
    for (const id of ids) {
      const row = get.get(id) as BlockRow | undefined;
      if (row) out.push({ row, events: decodeBlock(row, this.requestIdPrefix) });
    }
    return out;
  }

  /** Labels sent for the subject or labelling one of `events`. */
  private subjectLabels(subjectId: string, events: readonly StoredEventRecord[]): LabelRow[] {
    const byId = new Map<number, LabelRow>();
    for (const r of this.db.prepare('SELECT * FROM labels WHERE subject_id = ?').all(subjectId) as LabelRow[])
      byId.set(r.id, r);
    const byRequest = this.db.prepare('SELECT * FROM labels WHERE model = ? AND request_id = ?');
    const pairs = new Set(events.map((e) => `${e.model}\u0000${e.requestId}`));
    for (const pair of pairs) {
      const [model, requestId] = pair.split('\u0000') as [string, string];
      for (const r of byRequest.all(model, requestId) as LabelRow[]) byId.set(r.id, r);
    }
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  async findSubject(subjectId: string, maxItems: number): Promise<SubjectHoldings> {
    const events = this.subjectBlocks(subjectId).flatMap((b) =>
      b.events.filter((e) => e.event.subjectId === subjectId),
    );
    const labels = this.subjectLabels(subjectId, events);
    return {
      events: events.slice(0, maxItems),
      labels: labels.slice(0, maxItems).map(toLabelRecord),
      eventCount: events.length,
      labelCount: labels.length,
      models: [...new Set(events.map((e) => e.model))].sort(),
      isTruncated: events.length > maxItems || labels.length > maxItems,
    };
  }

  async eraseSubject(subjectId: string): Promise<SubjectErasureCounts> {
    const counts = this.db.transaction((): SubjectErasureCounts => {
      const insertBlock = this.db.prepare(
        'INSERT INTO event_blocks (id, last_id, model, min_ts, max_ts, received_at, keys, times, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const insertSubject = this.db.prepare(
        'INSERT OR IGNORE INTO event_subjects (subject_key, block_id) VALUES (?, ?)',
      );
      const erasedEvents: StoredEventRecord[] = [];
      let blocksRewritten = 0;
      for (const { row, events } of this.subjectBlocks(subjectId)) {
        const { erased, runs } = rewriteWithout(events, (e) => e.event.subjectId === subjectId, this.requestIdPrefix);
        if (erased.length === 0) continue;
        erasedEvents.push(...erased);
        this.db.prepare('DELETE FROM event_subjects WHERE block_id = ?').run(row.id);
        this.db.prepare('DELETE FROM event_blocks WHERE id = ?').run(row.id);
        for (const { firstId, block: b } of runs) {
          insertBlock.run(
            firstId,
            firstId + b.count - 1,
            b.model,
            b.minTs,
            b.maxTs,
            b.receivedAt,
            b.keys,
            b.times,
            b.events,
          );
          for (const key of b.subjects) insertSubject.run(key, firstId);
        }
        blocksRewritten++;
      }
      // The erased events' request-id index entries (the index holds keys and ids only, but they go too).
      const unindex = this.db.prepare('DELETE FROM request_index WHERE key = ? AND event_id = ?');
      const unrepeat = this.db.prepare('DELETE FROM request_repeats WHERE event_id = ?');
      for (const e of erasedEvents) {
        unindex.run(requestKey(e.model, e.requestId), e.id);
        unrepeat.run(e.id);
      }
      // Rows of blocks retention removed since they were written.
      this.db
        .prepare(
          'DELETE FROM event_subjects WHERE subject_key = ? AND NOT EXISTS (SELECT 1 FROM event_blocks b WHERE b.id = event_subjects.block_id)',
        )
        .run(subjectKey(subjectId));
      const labelIds = this.subjectLabels(subjectId, erasedEvents).map((l) => l.id);
      for (let i = 0; i < labelIds.length; i += IN_CHUNK) {
        const chunk = labelIds.slice(i, i + IN_CHUNK);
        this.db.prepare(`DELETE FROM labels WHERE id IN (${chunk.map(() => '?').join(',')})`).run(...chunk);
      }
      return { events: erasedEvents.length, labels: labelIds.length, blocksRewritten };
    })();
    // The old page images are in the WAL until a checkpoint copies the new ones over them; TRUNCATE then
    // empties the WAL file. A reader holding an old snapshot would make it partial ("busy"): say so.
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    if (result && result.busy !== 0)
      throw new Error('the erasure is committed but the WAL checkpoint was blocked by a reader; run it again');
    return counts;
  }

  async listRetentionPolicies(): Promise<RetentionPolicyRecord[]> {
    return (
      this.db.prepare('SELECT * FROM retention_policies ORDER BY use_case_id').all() as Array<{
        use_case_id: string;
        raw_event_days: number | null;
        rollup_days: number | null;
        updated_at: number;
        updated_by: string | null;
      }>
    ).map((r) => ({
      useCaseId: r.use_case_id,
      rawEventDays: r.raw_event_days,
      rollupDays: r.rollup_days,
      updatedAtMs: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  async putRetentionPolicy(p: RetentionPolicyRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO retention_policies (use_case_id, raw_event_days, rollup_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (use_case_id) DO UPDATE SET raw_event_days = excluded.raw_event_days, rollup_days = excluded.rollup_days,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(p.useCaseId, p.rawEventDays, p.rollupDays, p.updatedAtMs, p.updatedBy);
  }

  async pruneModelEventsBefore(models: string[], cutoffMs: number): Promise<{ events: number; labels: number }> {
    if (models.length === 0) return { events: 0, labels: 0 };
    return this.db.transaction(() => {
      let events = 0;
      let labels = 0;
      for (const model of models) {
        // As the global retention: a block goes when its (earliest) receipt time is before the cut-off.
        const blocks = this.db
          .prepare('SELECT id, last_id AS lastId, keys FROM event_blocks WHERE model = ? AND received_at < ?')
          .all(model, cutoffMs) as Array<{ id: number; lastId: number; keys: string }>;
        for (const b of blocks) {
          const keys = JSON.parse(b.keys) as number[];
          keys.forEach((k, i) => {
            if (k !== 0) this.db.prepare('DELETE FROM request_index WHERE key = ? AND event_id = ?').run(k, b.id + i);
          });
          this.db.prepare('DELETE FROM request_repeats WHERE event_id BETWEEN ? AND ?').run(b.id, b.lastId);
          this.db.prepare('DELETE FROM event_subjects WHERE block_id = ?').run(b.id);
          this.db.prepare('DELETE FROM event_blocks WHERE id = ?').run(b.id);
          events += b.lastId - b.id + 1;
        }
        labels += this.db
          .prepare('DELETE FROM labels WHERE model = ? AND received_at < ?')
          .run(model, cutoffMs).changes;
      }
      return { events, labels };
    })();
  }

  async pruneModelRollupsBefore(models: string[], cutoffMs: number): Promise<number> {
    if (models.length === 0) return 0;
    const marks = models.map(() => '?').join(',');
    return this.db.transaction(
      () =>
        this.db.prepare(`DELETE FROM rollups WHERE model IN (${marks}) AND bucket < ?`).run(...models, cutoffMs)
          .changes +
        this.db.prepare(`DELETE FROM segment_rollups WHERE model IN (${marks}) AND bucket < ?`).run(...models, cutoffMs)
          .changes,
    )();
  }
}

function toLabelRecord(r: LabelRow): SubjectLabelRecord {
  return {
    id: r.id,
    model: r.model,
    requestId: r.request_id,
    label: r.label,
    timestampMs: r.ts,
    receivedAtMs: r.received_at,
    subjectId: r.subject_id,
  };
}
