import type Database from 'better-sqlite3';
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
import { Where } from './sql-where.js';

/** A model window merged with its stored one, ready to write. */
interface EncodedWindow {
  model: string;
  endpoint: string;
  bucket: number;
  rows: number;
  labels: number;
  profile: Uint8Array;
  performance: string;
}

interface CellRow {
  model: string;
  endpoint: string;
  bucket: number;
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

function rowToCell(r: CellRow): StoredCell {
  return {
    model: r.model,
    endpoint: r.endpoint,
    bucketStart: r.bucket,
    cell: cellFromParts({
      calls: r.calls,
      errors: r.errors,
      errorTypes: r.error_types,
      costUsd: r.cost_usd,
      costCount: r.cost_count,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      latency: r.latency,
      ttft: r.ttft,
    }),
  };
}

/** Thrown inside the late join's transaction to roll it back. */
class LabelJoinedAlready extends Error {}

/** The late join's scan mark: [writer, event mark, label mark] per writer (sqlite-event-store.ts writes it). */
function parseMark(mark: string): Array<[number, number, number]> {
  return JSON.parse(mark) as Array<[number, number, number]>;
}

/**
 * Rollup cells (per level, and per segment in segment_rollups), model sightings, hourly model-health windows and
 * the watermarks, all written by `commitFlush` in one transaction.
 */
export class SqliteRollupStore implements RollupStore {
  private readonly selectCell: Database.Statement;
  private readonly upsertCell: Database.Statement;
  private readonly selectSegmentCell: Database.Statement;
  private readonly upsertSegmentCell: Database.Statement;
  private readonly upsertSighting: Database.Statement;
  private readonly setWatermark: Database.Statement;
  private readonly setLabelWatermark: Database.Statement;
  private readonly setWindowWatermark: Database.Statement;
  private readonly setSegmentWatermark: Database.Statement;
  private readonly selectWindow: Database.Statement;
  private readonly upsertWindow: Database.Statement;
  private readonly commitTx: (flush: RollupFlush, windows: EncodedWindow[]) => void;
  private readonly lateLabelTx: (commit: LateLabelCommit) => boolean;
  /** The flush merging windows now, if any: the late join writes windows only between flushes. */
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Database.Database,
    inFlushTransaction: () => void,
  ) {
    this.selectCell = db.prepare('SELECT * FROM rollups WHERE level = ? AND model = ? AND endpoint = ? AND bucket = ?');
    this.selectSegmentCell = db.prepare(
      'SELECT * FROM segment_rollups WHERE level = ? AND model = ? AND endpoint = ? AND bucket = ? AND segment = ?',
    );
    this.upsertSegmentCell = db.prepare(
      `INSERT OR REPLACE INTO segment_rollups (level, model, endpoint, bucket, segment, calls, errors, error_types, cost_usd, cost_count,
         input_tokens, output_tokens, latency, ttft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertCell = db.prepare(
      `INSERT OR REPLACE INTO rollups (level, model, endpoint, bucket, calls, errors, error_types, cost_usd, cost_count,
         input_tokens, output_tokens, latency, ttft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertSighting = db.prepare(
      `INSERT INTO model_endpoints (model, endpoint, model_version, model_type, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (model, endpoint, model_version) DO UPDATE SET
         model_type = coalesce(excluded.model_type, model_type),
         first_seen = min(first_seen, excluded.first_seen),
         last_seen = max(last_seen, excluded.last_seen)`,
    );
    this.setWatermark = db.prepare("UPDATE meta SET value = ? WHERE key = 'rollup_watermark'");
    this.setLabelWatermark = db.prepare("UPDATE meta SET value = ? WHERE key = 'label_watermark'");
    this.setWindowWatermark = db.prepare("UPDATE meta SET value = ? WHERE key = 'window_watermark'");
    this.setSegmentWatermark = db.prepare("UPDATE meta SET value = ? WHERE key = 'segment_watermark'");
    this.selectWindow = db.prepare(
      'SELECT profile, performance FROM model_windows WHERE model = ? AND bucket = ? AND endpoint = ?',
    );
    this.upsertWindow = db.prepare(
      'INSERT OR REPLACE INTO model_windows (model, endpoint, bucket, rows, labels, profile, performance) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.commitTx = db.transaction((flush: RollupFlush, windows: EncodedWindow[]) => {
      for (const d of flush.cells) this.mergeCell(d);
      for (const d of flush.segments?.cells ?? []) this.mergeCell(d);
      for (const s of flush.sightings) {
        this.upsertSighting.run(s.model, s.endpoint, s.modelVersion ?? '', s.modelType, s.firstSeen, s.lastSeen);
      }
      for (const w of windows)
        this.upsertWindow.run(w.model, w.endpoint, w.bucket, w.rows, w.labels, w.profile, w.performance);
      inFlushTransaction();
      this.setWatermark.run(String(flush.watermark));
      if (flush.segments) this.setSegmentWatermark.run(String(flush.segments.watermark));
      if (flush.modelWindows) {
        this.setWindowWatermark.run(String(flush.modelWindows.eventWatermark));
        this.setLabelWatermark.run(String(flush.modelWindows.labelWatermark));
      }
    });
    const joinLabel = db.prepare('UPDATE labels SET joined_at = ? WHERE id = ? AND matched = 0 AND joined_at IS NULL');
    const setMarks = db.prepare(
      `INSERT INTO label_join_marks (writer_id, event_mark, label_mark) VALUES (?, ?, ?)
       ON CONFLICT (writer_id) DO UPDATE SET event_mark = excluded.event_mark, label_mark = excluded.label_mark`,
    );
    this.lateLabelTx = db.transaction((c: LateLabelCommit) => {
      let joined = 0;
      for (const id of c.labelIds) joined += joinLabel.run(c.joinedAtMs, id).changes;
      // A label joined already: roll the whole commit back (its scores must not be added twice).
      if (joined !== c.labelIds.length) throw new LabelJoinedAlready();
      for (const w of c.windows) {
        const e = this.encodeMerged(w);
        this.upsertWindow.run(e.model, e.endpoint, e.bucket, e.rows, e.labels, e.profile, e.performance);
      }
      for (const [writer, eventMark, labelMark] of parseMark(c.mark ?? '[]'))
        setMarks.run(writer, eventMark, labelMark);
      return true;
    });
  }

  /**
   * Synchronous, so no flush starts inside it; it waits for one that is merging windows (a flush reads the stored
   * windows before its transaction, in turns of the event loop, and would overwrite a window written meanwhile).
   * The windows are few (the job commits a bounded page).
   */
  async commitLateLabels(commit: LateLabelCommit): Promise<boolean> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    try {
      return this.lateLabelTx(commit);
    } catch (err) {
      if (err instanceof LabelJoinedAlready) return false;
      throw err;
    }
  }

  /** A window merged with the stored one of its key, encoded. */
  private encodeMerged(w: ModelWindow): EncodedWindow {
    const existing = this.selectWindow.get(w.model, w.bucketStart, w.endpoint) as
      { profile: Buffer; performance: string } | undefined;
    let merged = w;
    if (existing) {
      merged = ModelWindow.decode(w.model, w.bucketStart, existing, w.endpoint);
      merged.merge(w);
    }
    const parts = merged.encode();
    return {
      model: w.model,
      endpoint: w.endpoint,
      bucket: w.bucketStart,
      rows: merged.profile.rows,
      labels: merged.labels,
      ...parts,
    };
  }

  /** Merges a delta into the stored cell of its key (calls' cells in rollups, segment cells in segment_rollups). */
  private mergeCell(d: CellDelta): void {
    const key = d.segment
      ? [d.level, d.model, d.endpoint, d.bucketStart, d.segment]
      : [d.level, d.model, d.endpoint, d.bucketStart];
    const existing = (d.segment ? this.selectSegmentCell : this.selectCell).get(...key) as CellRow | undefined;
    const cell = existing ? rowToCell(existing).cell : undefined;
    if (cell) cell.merge(d.cell);
    const p = cellToParts(cell ?? d.cell);
    (d.segment ? this.upsertSegmentCell : this.upsertCell).run(
      ...key,
      p.calls,
      p.errors,
      p.errorTypes,
      p.costUsd,
      p.costCount,
      p.inputTokens,
      p.outputTokens,
      p.latency,
      p.ttft,
    );
  }

  /**
   * Merging a model window into its stored one costs 0.2–2 ms (decode, merge, encode), and a flush after events
   * spread over many hours carries hundreds: 1,000 of them held the event loop for 0.5–2.3 s in one piece. They
   * are merged before the transaction in short turns of the event loop. Only flushes write model_windows and a
   * pipeline runs one flush at a time, so the stored windows read here are still the stored ones at COMMIT.
   */
  async commitFlush(flush: RollupFlush): Promise<void> {
    const run = this.mergeAndCommit(flush);
    this.flushing = run;
    try {
      await run;
    } finally {
      if (this.flushing === run) this.flushing = undefined;
    }
  }

  private async mergeAndCommit(flush: RollupFlush): Promise<void> {
    const windows: EncodedWindow[] = [];
    let turn = performance.now();
    for (const w of flush.modelWindows?.windows ?? []) {
      windows.push(this.encodeMerged(w));
      if (performance.now() - turn > 5) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
    }
    this.commitTx(flush, windows);
  }

  async readWindows(model: string, fromMs: number, toMs: number, endpoint?: string): Promise<ModelWindow[]> {
    const where = new Where()
      .add('model = ? AND bucket >= ? AND bucket < ?', model, fromMs, toMs)
      .add('endpoint = ?', endpoint);
    const rows = this.db
      .prepare(`SELECT endpoint, bucket, profile, performance FROM model_windows ${where} ORDER BY bucket, endpoint`)
      .all(...where.params) as Array<{ endpoint: string; bucket: number; profile: Buffer; performance: string }>;
    return rows.map((r) => ModelWindow.decode(model, r.bucket, r, r.endpoint));
  }

  async readCells(q: CellQuery): Promise<StoredCell[]> {
    const where = new Where()
      .add('level = ? AND bucket >= ? AND bucket < ?', q.level, q.fromMs, q.toMs)
      .add('model = ?', q.model)
      .add('endpoint = ?', q.endpoint)
      .add('segment = ?', q.segment);
    const latency = q.sketches?.latency ?? true;
    const ttft = q.sketches?.ttft ?? true;
    const columns = `model, endpoint, bucket, calls, errors, error_types, cost_usd, cost_count, input_tokens, output_tokens, ${latency ? 'latency' : "x'' AS latency"}, ${ttft ? 'ttft' : "x'' AS ttft"}`;
    const table = q.segment !== undefined ? 'segment_rollups' : 'rollups';
    const rows = this.db.prepare(`SELECT ${columns} FROM ${table} ${where}`).all(...where.params) as CellRow[];
    return rows.map(rowToCell);
  }

  async firstCellBuckets(scopes: CellScope[]): Promise<Array<number | null>> {
    return scopes.map((q) => {
      const where = new Where()
        .add('level = ?', q.level)
        .add('segment = ?', q.segment)
        .add('model = ?', q.model)
        .add('endpoint = ?', q.endpoint);
      const table = q.segment !== undefined ? 'segment_rollups' : 'rollups';
      const row = this.db.prepare(`SELECT min(bucket) AS first FROM ${table} ${where}`).get(...where.params) as {
        first: number | null;
      };
      return row.first;
    });
  }

  async listSegments(model?: string): Promise<Array<{ model: string; segment: string }>> {
    const sql = `SELECT DISTINCT model, segment FROM segment_rollups WHERE level = ${DAY_MS}${model !== undefined ? ' AND model = ?' : ''} ORDER BY model, segment`;
    return this.db.prepare(sql).all(...(model !== undefined ? [model] : [])) as Array<{
      model: string;
      segment: string;
    }>;
  }

  /** The one writer's watermarks (meta rows; a SQLite file has one writer). */
  async watermarks(): Promise<Watermarks> {
    const read = (key: string) =>
      Number((this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value);
    return {
      rollups: read('rollup_watermark'),
      segments: read('segment_watermark'),
      windowEvents: read('window_watermark'),
      windowLabels: read('label_watermark'),
    };
  }

  async listModels(): Promise<ModelRecord[]> {
    const rows = this.db.prepare('SELECT * FROM model_endpoints ORDER BY model').all() as ModelEndpointRow[];
    return modelsOfEndpointRows(rows);
  }

  async pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number> {
    return this.db.transaction(
      () =>
        this.db.prepare('DELETE FROM rollups WHERE level = ? AND bucket < ?').run(level, cutoffMs).changes +
        this.db.prepare('DELETE FROM segment_rollups WHERE level = ? AND bucket < ?').run(level, cutoffMs).changes,
    )();
  }
}
