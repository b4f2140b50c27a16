import type {
  PrivacyStore,
  RetentionPolicyRecord,
  StoredEventRecord,
  SubjectErasureCounts,
  SubjectHoldings,
  SubjectLabelRecord,
} from '../contracts/index.js';
import { decodeBlock, rewriteWithout } from '../event-blocks.js';
import { subjectKey } from '../request-key.js';
import type { PostgresDb, Queryable } from './postgres-db.js';
import type { EventPartitions } from './event-partitions.js';

const BLOCK_COLUMNS =
  'id, last_id AS "lastId", writer_id AS "writerId", model, min_ts AS "minTs", received_at AS "receivedAt", times, events';
interface BlockRow {
  id: number;
  lastId: number;
  writerId: number;
  model: string;
  minTs: number;
  receivedAt: number;
  times: number[];
  events: Buffer;
}
const LABEL_COLUMNS =
  'id, model, request_id AS "requestId", label, ts AS "timestampMs", received_at AS "receivedAtMs", subject_id AS "subjectId"';

/**
 * Data subjects and retention per use case on PostgreSQL. An erasure rewrites the subject's blocks and deletes its
 * labels in one transaction, then VACUUMs the tables it touched: that makes the dead row versions' space reusable
 * but does not overwrite them at once, and WAL segments, replicas and backups keep their copies (docs/gdpr.md).
 */
export class PostgresPrivacyStore implements PrivacyStore {
  constructor(
    private readonly db: PostgresDb,
    private readonly partitions: EventPartitions,
    private readonly requestIdPrefix: string,
  ) {}

  private async subjectBlocks(q: Queryable, subjectId: string, isForUpdate: boolean) {
    const rows = await q.query<BlockRow>(
      `SELECT ${BLOCK_COLUMNS} FROM event_blocks
       WHERE id IN (SELECT block_id FROM event_subjects WHERE subject_key = $1) ORDER BY id${isForUpdate ? ' FOR UPDATE' : ''}`,
      [subjectKey(subjectId)],
    );
    return rows.rows.map((row) => ({ row, events: decodeBlock(row, this.requestIdPrefix) }));
  }

  private async subjectLabels(
    q: Queryable,
    subjectId: string,
    events: readonly StoredEventRecord[],
  ): Promise<SubjectLabelRecord[]> {
    const models = events.map((e) => e.model);
    const requestIds = events.map((e) => e.requestId);
    const rows = await q.query<SubjectLabelRecord>(
      `SELECT ${LABEL_COLUMNS} FROM labels WHERE subject_id = $1
       UNION SELECT ${LABEL_COLUMNS} FROM labels WHERE (model, request_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       ORDER BY id`,
      [subjectId, models, requestIds],
    );
    return rows.rows;
  }

  async findSubject(subjectId: string, maxItems: number): Promise<SubjectHoldings> {
    const pool = { query: this.db.pool.query.bind(this.db.pool) } as unknown as Queryable;
    const events = (await this.subjectBlocks(pool, subjectId, false)).flatMap((b) =>
      b.events.filter((e) => e.event.subjectId === subjectId),
    );
    const labels = await this.subjectLabels(pool, subjectId, events);
    return {
      events: events.slice(0, maxItems),
      labels: labels.slice(0, maxItems),
      eventCount: events.length,
      labelCount: labels.length,
      models: [...new Set(events.map((e) => e.model))].sort(),
      isTruncated: events.length > maxItems || labels.length > maxItems,
    };
  }

  async eraseSubject(subjectId: string): Promise<SubjectErasureCounts> {
    const counts = await this.db.transaction(async (tx) => {
      const erasedEvents: StoredEventRecord[] = [];
      let blocksRewritten = 0;
      for (const { row, events } of await this.subjectBlocks(tx, subjectId, true)) {
        const { erased, runs } = rewriteWithout(events, (e) => e.event.subjectId === subjectId, this.requestIdPrefix);
        if (erased.length === 0) continue;
        erasedEvents.push(...erased);
        await tx.query('DELETE FROM event_subjects WHERE block_id = $1', [row.id]);
        await tx.query('DELETE FROM event_blocks WHERE id = $1 AND received_at = $2', [row.id, row.receivedAt]);
        for (const { firstId, block: b } of runs) {
          await this.partitions.ensure([b.receivedAt]);
          await tx.query(
            `INSERT INTO event_blocks (id, last_id, writer_id, model, min_ts, max_ts, received_at, keys, times, events)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
              firstId,
              firstId + b.count - 1,
              row.writerId,
              b.model,
              b.minTs,
              b.maxTs,
              b.receivedAt,
              JSON.parse(b.keys) as number[],
              JSON.parse(b.times) as number[],
              b.events,
            ],
          );
          if (b.subjects.length)
            await tx.query(
              `INSERT INTO event_subjects (subject_key, block_id, received_at)
               SELECT k, $2, $3 FROM unnest($1::bigint[]) AS k ON CONFLICT DO NOTHING`,
              [b.subjects, firstId, b.receivedAt],
            );
        }
        blocksRewritten++;
      }
      // Rows of blocks retention removed since they were written.
      await tx.query(
        'DELETE FROM event_subjects s WHERE subject_key = $1 AND NOT EXISTS (SELECT 1 FROM event_blocks b WHERE b.id = s.block_id)',
        [subjectKey(subjectId)],
      );
      const labelIds = (await this.subjectLabels(tx, subjectId, erasedEvents)).map((l) => l.id);
      if (labelIds.length) await tx.query('DELETE FROM labels WHERE id = ANY($1::bigint[])', [labelIds]);
      return { events: erasedEvents.length, labels: labelIds.length, blocksRewritten };
    });
    // Plain VACUUM (no exclusive lock): the dead versions' space becomes reusable and their index entries go.
    // VACUUM FULL would rewrite the tables under an exclusive lock that stops ingest; it is left to operators.
    if (counts.events > 0) await this.db.query('VACUUM event_blocks');
    if (counts.labels > 0) await this.db.query('VACUUM labels');
    return counts;
  }

  async listRetentionPolicies(): Promise<RetentionPolicyRecord[]> {
    return this.db.query<RetentionPolicyRecord>(
      `SELECT use_case_id AS "useCaseId", raw_event_days AS "rawEventDays", rollup_days AS "rollupDays",
         updated_at AS "updatedAtMs", updated_by AS "updatedBy" FROM retention_policies ORDER BY use_case_id`,
    );
  }

  async putRetentionPolicy(p: RetentionPolicyRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO retention_policies (use_case_id, raw_event_days, rollup_days, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (use_case_id) DO UPDATE SET raw_event_days = excluded.raw_event_days, rollup_days = excluded.rollup_days,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [p.useCaseId, p.rawEventDays, p.rollupDays, p.updatedAtMs, p.updatedBy],
    );
  }

  /**
   * Deletes rows: a day partition is dropped only when the whole day expired (global retention,
   * event-partitions.ts), which a per-model cut-off never decides alone.
   */
  async pruneModelEventsBefore(models: string[], cutoffMs: number): Promise<{ events: number; labels: number }> {
    if (models.length === 0) return { events: 0, labels: 0 };
    return this.db.transaction(async (tx) => {
      const gone = await tx.query<{ id: number; n: number }>(
        'DELETE FROM event_blocks WHERE model = ANY($1::text[]) AND received_at < $2 RETURNING id, last_id - id + 1 AS n',
        [models, cutoffMs],
      );
      const ids = gone.rows.map((r) => r.id);
      if (ids.length) await tx.query('DELETE FROM event_subjects WHERE block_id = ANY($1::bigint[])', [ids]);
      const labels = await tx.query('DELETE FROM labels WHERE model = ANY($1::text[]) AND received_at < $2', [
        models,
        cutoffMs,
      ]);
      return { events: gone.rows.reduce((s, r) => s + Number(r.n), 0), labels: labels.rowCount ?? 0 };
    });
  }

  async pruneModelRollupsBefore(models: string[], cutoffMs: number): Promise<number> {
    if (models.length === 0) return 0;
    // Segment cells are rows of `rollups` too here (segment <> '').
    const r = await this.db.one<{ n: number }>(
      'WITH d AS (DELETE FROM rollups WHERE model = ANY($1::text[]) AND bucket < $2 RETURNING 1) SELECT count(*)::int AS n FROM d',
      [models, cutoffMs],
    );
    return r!.n;
  }
}
