import {
  cellFromParts,
  cellToParts,
  DAY_MS,
  type CellDelta,
  type RollupLevel,
} from '../../analysis/api-health/index.js';
import { ModelWindow } from '../../analysis/model-health/index.js';
import { modelsOfEndpointRows, type ModelEndpointRow } from '../model-endpoints.js';
import type {
  CellQuery,
  CellScope,
  LateLabelCommit,
  ModelRecord,
  RollupFlush,
  RollupStore,
  StoredCell,
  Watermarks,
} from '../contracts/index.js';
import { valuesList, type PostgresDb, type Queryable } from './postgres-db.js';
import type { PostgresWriter } from './postgres-writer.js';

interface CellRow {
  level: number;
  bucket: number;
  model: string;
  segment: string;
  endpoint: string;
  calls: number;
  errors: number;
  error_types: string;
  cost_usd: number;
  cost_count: number;
  input_tokens: number;
  output_tokens: number;
  latency: Buffer;
  ttft: Buffer;
}

const CELL_COLUMNS =
  'level, bucket, model, segment, endpoint, calls, errors, error_types, cost_usd, cost_count, input_tokens, output_tokens, latency, ttft';
const KEY = 'level, bucket, model, segment, endpoint';
/** Rows a statement carries: 14 parameters each, under PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 4000;
/** First-cell probes one statement carries (each a UNION ALL branch planned on its own). */
const SCOPES_PER_STATEMENT = 200;

const keyOf = (d: { level: number; bucket: number; model: string; segment: string; endpoint: string }) =>
  `${d.level}\u0000${d.bucket}\u0000${d.model}\u0000${d.segment}\u0000${d.endpoint}`;

function rowToCell(r: CellRow): StoredCell {
  return {
    model: r.model,
    endpoint: r.endpoint,
    bucketStart: Number(r.bucket),
    cell: cellFromParts({
      calls: Number(r.calls),
      errors: Number(r.errors),
      errorTypes: r.error_types,
      costUsd: r.cost_usd,
      costCount: Number(r.cost_count),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      latency: r.latency,
      ttft: r.ttft,
    }),
  };
}

function cellParams(
  d: { level: number; bucket: number; model: string; segment: string; endpoint: string },
  cell: CellDelta['cell'],
) {
  const p = cellToParts(cell);
  return [
    d.level,
    d.bucket,
    d.model,
    d.segment,
    d.endpoint,
    p.calls,
    p.errors,
    p.errorTypes,
    p.costUsd,
    p.costCount,
    p.inputTokens,
    p.outputTokens,
    Buffer.from(p.latency),
    Buffer.from(p.ttft),
  ];
}

/**
 * Rollup cells, model sightings, model-health windows and the per-writer watermarks. Several nodes flush into
 * the same cells, so `commitFlush` merges under row locks in one transaction with the writer's watermarks:
 * the cells that already exist are read FOR UPDATE, merged and written back, and the others inserted (ON CONFLICT
 * DO NOTHING waits for a concurrent insert of the same key and then skips; a skipped one is merged in the next
 * round). Cells are taken in key order, so two flushes cannot deadlock on them (a deadlock would be retried
 * anyway). The sum
 * of every writer's deltas lands exactly once: a delta is in the cells iff its writer's watermark moved past
 * its events, and replay starts above that watermark (docs/storage.md, "Several nodes").
 */
export class PostgresRollupStore implements RollupStore {
  constructor(
    private readonly db: PostgresDb,
    private readonly writer: PostgresWriter,
  ) {}

  async commitFlush(flush: RollupFlush): Promise<void> {
    const deltas = [...flush.cells, ...(flush.segments?.cells ?? [])]
      .map((d) => ({
        level: d.level,
        bucket: d.bucketStart,
        model: d.model,
        segment: d.segment ?? '',
        endpoint: d.endpoint,
        cell: d.cell,
      }))
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    const windows = sortWindows(flush.modelWindows?.windows ?? []);
    await this.db.transaction(async (tx) => {
      await this.writer.checkEpoch(tx);
      await mergeCells(tx, deltas);
      await mergeWindows(tx, windows);
      for (const s of flush.sightings)
        await tx.query(
          `INSERT INTO model_endpoints (model, endpoint, model_version, model_type, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (model, endpoint, model_version) DO UPDATE SET
             model_type = coalesce(excluded.model_type, model_endpoints.model_type),
             first_seen = least(model_endpoints.first_seen, excluded.first_seen),
             last_seen = greatest(model_endpoints.last_seen, excluded.last_seen)`,
          [s.model, s.endpoint, s.modelVersion ?? '', s.modelType, s.firstSeen, s.lastSeen],
        );
      const sets = ['rollup_wm = $2'];
      const params: unknown[] = [this.writer.id, flush.watermark];
      if (flush.segments) sets.push(`segment_wm = $${params.push(flush.segments.watermark)}`);
      if (flush.modelWindows) {
        sets.push(`window_event_wm = $${params.push(flush.modelWindows.eventWatermark)}`);
        sets.push(`window_label_wm = $${params.push(flush.modelWindows.labelWatermark)}`);
      }
      await tx.query(`UPDATE writers SET ${sets.join(', ')} WHERE id = $1`, params);
    });
  }

  /**
   * The labels are marked first (row locks: a concurrent commit of the same label waits, then finds it joined and
   * rolls back), then the windows merged under their row locks like a flush's. No writer epoch: the job's commit
   * is guarded by the labels' state, not by who wrote them.
   */
  async commitLateLabels(c: LateLabelCommit): Promise<boolean> {
    const windows = sortWindows(c.windows);
    try {
      return await this.db.transaction(async (tx) => {
        const joined = await tx.query(
          'UPDATE labels SET joined_at = $2 WHERE id = ANY($1::bigint[]) AND matched = false AND joined_at IS NULL',
          [c.labelIds, c.joinedAtMs],
        );
        if (joined.rowCount !== c.labelIds.length) throw new LabelJoinedAlready();
        await mergeWindows(tx, windows);
        for (const [writer, eventMark, labelMark] of JSON.parse(c.mark ?? '[]') as Array<[number, number, number]>)
          await tx.query(
            `INSERT INTO label_join_marks (writer_id, event_mark, label_mark) VALUES ($1, $2, $3)
             ON CONFLICT (writer_id) DO UPDATE SET event_mark = excluded.event_mark, label_mark = excluded.label_mark`,
            [writer, eventMark, labelMark],
          );
        return true;
      });
    } catch (err) {
      if (err instanceof LabelJoinedAlready) return false;
      throw err;
    }
  }

  async readWindows(model: string, fromMs: number, toMs: number, endpoint?: string): Promise<ModelWindow[]> {
    const params: unknown[] = [model, fromMs, toMs];
    const byEndpoint = endpoint !== undefined ? ` AND endpoint = $${params.push(endpoint)}` : '';
    const rows = await this.db.query<{ endpoint: string; bucket: number; profile: Buffer; performance: string }>(
      `SELECT endpoint, bucket, profile, performance FROM model_windows
       WHERE model = $1 AND bucket >= $2 AND bucket < $3${byEndpoint} ORDER BY bucket, endpoint`,
      params,
    );
    return rows.map((r) => ModelWindow.decode(model, Number(r.bucket), r, r.endpoint));
  }

  async readCells(q: CellQuery): Promise<StoredCell[]> {
    const params: unknown[] = [q.level, q.fromMs, q.toMs, q.segment ?? ''];
    let where = 'level = $1 AND bucket >= $2 AND bucket < $3 AND segment = $4';
    if (q.model !== undefined) where += ` AND model = $${params.push(q.model)}`;
    if (q.endpoint !== undefined) where += ` AND endpoint = $${params.push(q.endpoint)}`;
    const latency = q.sketches?.latency ?? true;
    const ttft = q.sketches?.ttft ?? true;
    const columns = `model, endpoint, bucket, calls, errors, error_types, cost_usd, cost_count, input_tokens, output_tokens, ${latency ? 'latency' : "'\\x'::bytea AS latency"}, ${ttft ? 'ttft' : "'\\x'::bytea AS ttft"}`;
    return (await this.db.query<CellRow>(`SELECT ${columns} FROM rollups WHERE ${where}`, params)).map(rowToCell);
  }

  /**
   * One statement for all the scopes, a `min(bucket)` branch each under UNION ALL: each branch is planned on its
   * own, as one index probe, and a timeseries of N series pays one round trip instead of N in a row.
   */
  async firstCellBuckets(scopes: CellScope[]): Promise<Array<number | null>> {
    const out: Array<number | null> = [];
    for (let i = 0; i < scopes.length; i += SCOPES_PER_STATEMENT) {
      const params: unknown[] = [];
      const branches = scopes.slice(i, i + SCOPES_PER_STATEMENT).map((q, j) => {
        let where = `level = $${params.push(q.level)} AND segment = $${params.push(q.segment ?? '')}`;
        if (q.model !== undefined) where += ` AND model = $${params.push(q.model)}`;
        if (q.endpoint !== undefined) where += ` AND endpoint = $${params.push(q.endpoint)}`;
        return `SELECT ${j} AS i, min(bucket) AS first FROM rollups WHERE ${where}`;
      });
      const rows = await this.db.query<{ i: number; first: number | null }>(branches.join(' UNION ALL '), params);
      for (const r of rows) out[i + r.i] = r.first;
    }
    return out;
  }

  async listSegments(model?: string): Promise<Array<{ model: string; segment: string }>> {
    return this.db.query(
      `SELECT DISTINCT model, segment FROM rollups WHERE level = ${DAY_MS} AND segment <> ''${model !== undefined ? ' AND model = $1' : ''} ORDER BY model, segment`,
      model !== undefined ? [model] : [],
    );
  }

  async watermarks(): Promise<Watermarks> {
    const r = await this.db.one<Watermarks>(
      'SELECT rollup_wm AS rollups, segment_wm AS segments, window_event_wm AS "windowEvents", window_label_wm AS "windowLabels" FROM writers WHERE id = $1',
      [this.writer.id],
    );
    return r!;
  }

  async listModels(): Promise<ModelRecord[]> {
    const rows = await this.db.query<ModelEndpointRow>(
      'SELECT * FROM model_endpoints ORDER BY model, endpoint, model_version',
    );
    return modelsOfEndpointRows(rows);
  }

  async pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number> {
    const r = await this.db.one<{ n: number }>(
      'WITH d AS (DELETE FROM rollups WHERE level = $1 AND bucket < $2 RETURNING 1) SELECT count(*)::int AS n FROM d',
      [level, cutoffMs],
    );
    return r!.n;
  }
}

type KeyedDelta = {
  level: number;
  bucket: number;
  model: string;
  segment: string;
  endpoint: string;
  cell: CellDelta['cell'];
};

/**
 * Locks the stored cells of the deltas (key order), merges into them and writes them back, then inserts the cells
 * that were not there; one that another node inserted in between (ON CONFLICT DO NOTHING skips it once that node
 * commits) is locked and merged in the next round. Most of a flush's cells exist already (the hour, six-hour and
 * day cells, and the minute's after its first second): each is decoded, merged and encoded once, in two
 * statements.
 */
async function mergeCells(tx: Queryable, deltas: KeyedDelta[]): Promise<void> {
  for (let i = 0; i < deltas.length; i += ROWS_PER_STATEMENT) {
    let pending = deltas.slice(i, i + ROWS_PER_STATEMENT);
    while (pending.length > 0) {
      const locked = await tx.query<CellRow>(
        `SELECT r.* FROM rollups r JOIN unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[]) AS k(${KEY}) USING (${KEY})
         ORDER BY ${KEY} FOR UPDATE OF r`,
        [
          pending.map((d) => d.level),
          pending.map((d) => d.bucket),
          pending.map((d) => d.model),
          pending.map((d) => d.segment),
          pending.map((d) => d.endpoint),
        ],
      );
      const stored = new Map(
        locked.rows.map((r) => [keyOf({ ...r, level: Number(r.level), bucket: Number(r.bucket) }), r]),
      );
      const existing = pending.filter((d) => stored.has(keyOf(d)));
      if (existing.length > 0) {
        const params: unknown[] = [];
        for (const d of existing) {
          const cell = rowToCell(stored.get(keyOf(d))!).cell;
          cell.merge(d.cell);
          params.push(...cellParams(d, cell));
        }
        await tx.query(
          `INSERT INTO rollups (${CELL_COLUMNS}) VALUES ${valuesList(existing.length, 14)} ON CONFLICT (${KEY}) DO UPDATE SET
             calls = excluded.calls, errors = excluded.errors, error_types = excluded.error_types, cost_usd = excluded.cost_usd,
             cost_count = excluded.cost_count, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
             latency = excluded.latency, ttft = excluded.ttft`,
          params,
        );
      }
      const fresh = pending.filter((d) => !stored.has(keyOf(d)));
      if (fresh.length === 0) break;
      const inserted = await tx.query<{
        level: number;
        bucket: number;
        model: string;
        segment: string;
        endpoint: string;
      }>(
        `INSERT INTO rollups (${CELL_COLUMNS}) VALUES ${valuesList(fresh.length, 14)} ON CONFLICT (${KEY}) DO NOTHING RETURNING ${KEY}`,
        fresh.flatMap((d) => cellParams(d, d.cell)),
      );
      const isNew = new Set(
        inserted.rows.map((r) => keyOf({ ...r, level: Number(r.level), bucket: Number(r.bucket) })),
      );
      pending = fresh.filter((d) => !isNew.has(keyOf(d)));
    }
  }
}

/** Thrown inside the late join's transaction to roll it back. */
class LabelJoinedAlready extends Error {}

/** Windows are taken in key order (model, bucket, endpoint), like cells, so two merges cannot deadlock. */
function sortWindows(windows: readonly ModelWindow[]): ModelWindow[] {
  return [...windows].sort((a, b) =>
    a.model < b.model
      ? -1
      : a.model > b.model
        ? 1
        : a.bucketStart !== b.bucketStart
          ? a.bucketStart - b.bucketStart
          : a.endpoint < b.endpoint
            ? -1
            : a.endpoint > b.endpoint
              ? 1
              : 0,
  );
}

/** Windows are merged the same way, one at a time (each is ~60 KB to decode and encode). */
async function mergeWindows(tx: Queryable, windows: ModelWindow[]): Promise<void> {
  let turn = performance.now();
  for (const w of windows) {
    const enc = w.encode();
    const inserted = await tx.query(
      `INSERT INTO model_windows (model, bucket, endpoint, rows, labels, profile, performance) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (model, bucket, endpoint) DO NOTHING RETURNING 1`,
      [w.model, w.bucketStart, w.endpoint, w.profile.rows, w.labels, Buffer.from(enc.profile), enc.performance],
    );
    if (inserted.rowCount === 0) {
      const r = await tx.query<{ profile: Buffer; performance: string }>(
        'SELECT profile, performance FROM model_windows WHERE model = $1 AND bucket = $2 AND endpoint = $3 FOR UPDATE',
        [w.model, w.bucketStart, w.endpoint],
      );
      const merged = ModelWindow.decode(w.model, w.bucketStart, r.rows[0]!, w.endpoint);
      merged.merge(w);
      const parts = merged.encode();
      await tx.query(
        'UPDATE model_windows SET rows = $4, labels = $5, profile = $6, performance = $7 WHERE model = $1 AND bucket = $2 AND endpoint = $3',
        [
          w.model,
          w.bucketStart,
          w.endpoint,
          merged.profile.rows,
          merged.labels,
          Buffer.from(parts.profile),
          parts.performance,
        ],
      );
    }
    // Decoding and merging windows is CPU work: let other requests in between.
    if (performance.now() - turn > 5) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
}
