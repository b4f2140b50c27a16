import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cellFromParts, cellToParts, DAY_MS, type CellDelta, type RollupLevel } from '../../analysis/api-health/index.js';
import { ModelWindow } from '../../analysis/model-health/index.js';
import type {
  ApiKeyRecord,
  CellQuery,
  EventPage,
  EventQuery,
  EventRecord,
  EventStore,
  KeyStore,
  LabelRecord,
  ModelRecord,
  RollupFlush,
  RollupStore,
  Store,
  StoredCell,
  StoredEventRecord,
} from '../store-types.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteAlertingStore } from './sqlite-alerting-store.js';
import { SqliteReferenceStore } from './sqlite-reference-store.js';
import { SqliteGovernanceStore } from './sqlite-governance-store.js';
import { SqliteCostStore } from './sqlite-cost-store.js';

export interface SqliteOptions {
  dataDir: string;
  sync: 'normal' | 'full';
  busyTimeoutMs: number;
}

export const SQLITE_FILE = 'vigil.db';
const REQUEST_KEY_BATCH = 200_000;
const REQUEST_KEY_INTERVAL_MS = 10_000;

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so a write's promise
 * resolves only after COMMIT returned — with synchronous=NORMAL the commit is in the WAL and survives a
 * process crash (kill -9); synchronous=FULL also survives power loss.
 */
export function openSqliteStore(opts: SqliteOptions): Store {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = new Database(join(opts.dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs}`);
  db.pragma('foreign_keys = ON');
  // A larger page cache keeps the events indexes hot under sustained batch ingest.
  db.pragma('cache_size = -65536');
  migrate(db);
  return new SqliteStore(db);
}

function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
  }
  return SQLITE_MIGRATIONS.at(-1)!.version;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly events: EventStore;
  readonly rollups: RollupStore;
  readonly keys: KeyStore;
  readonly alerting: SqliteAlertingStore;
  readonly references: SqliteReferenceStore;
  readonly governance: SqliteGovernanceStore;
  readonly cost: SqliteCostStore;
  constructor(private readonly db: Database.Database) {
    this.events = new SqliteEventStore(db);
    this.rollups = new SqliteRollupStore(db);
    this.keys = new SqliteKeyStore(db);
    this.alerting = new SqliteAlertingStore(db);
    this.references = new SqliteReferenceStore(db);
    this.governance = new SqliteGovernanceStore(db);
    this.cost = new SqliteCostStore(db);
  }

  async checkReady(): Promise<{ schemaVersion: number }> {
    const row = this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
    const latest = SQLITE_MIGRATIONS.at(-1)!.version;
    if (row.v !== latest) throw new Error(`schema at version ${row.v ?? 0}, expected ${latest}`);
    // A write that touches the file proves the store is writable (disk full, read-only mount, lock).
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('ready_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(Date.now()));
    return { schemaVersion: latest };
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

interface EventRow {
  id: number;
  model: string;
  request_id: string;
  ts: number;
  received_at: number;
  endpoint: string | null;
  status: 'ok' | 'error';
  error_type: string | null;
  latency_ms: number | null;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  ttft_ms: number | null;
  model_type: string | null;
  model_version: string | null;
  price_version: number | null;
  body: string;
}

function rowToEvent(r: EventRow): StoredEventRecord {
  return {
    id: r.id,
    model: r.model,
    requestId: r.request_id,
    timestampMs: r.ts,
    receivedAtMs: r.received_at,
    endpoint: r.endpoint,
    status: r.status,
    errorType: r.error_type,
    latencyMs: r.latency_ms,
    costUsd: r.cost_usd,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    ttftMs: r.ttft_ms,
    modelType: r.model_type,
    modelVersion: r.model_version,
    priceVersion: r.price_version,
    body: r.body,
  };
}

class SqliteEventStore implements EventStore {
  private readonly insertEvent: Database.Statement;
  private readonly insertLabel: Database.Statement;
  private readonly appendEventsTx: (batches: EventRecord[][]) => Array<{ firstId: number; lastId: number }>;
  /** Batches waiting for the next group commit, in arrival order. */
  private pending: Array<{ records: EventRecord[]; resolve(r: { firstId: number; lastId: number }): void; reject(e: unknown): void }> = [];
  private readonly appendLabelsTx: (records: LabelRecord[]) => { lastId: number };

  constructor(private readonly db: Database.Database) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (model, request_id, ts, received_at, endpoint, status, error_type, latency_ms, cost_usd,
         input_tokens, output_tokens, ttft_ms, model_type, model_version, price_version, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLabel = db.prepare('INSERT INTO labels (model, request_id, label, ts, received_at) VALUES (?, ?, ?, ?, ?)');
    this.appendEventsTx = db.transaction((batches: EventRecord[][]) => batches.map((records) => {
      let firstId = 0;
      let lastId = 0;
      for (const e of records) {
        const info = this.insertEvent.run(
          e.model, e.requestId, e.timestampMs, e.receivedAtMs, e.endpoint, e.status, e.errorType, e.latencyMs, e.costUsd,
          e.inputTokens, e.outputTokens, e.ttftMs, e.modelType, e.modelVersion, e.priceVersion, e.body,
        );
        lastId = Number(info.lastInsertRowid);
        if (firstId === 0) firstId = lastId;
      }
      return { firstId, lastId };
    }));
    this.appendLabelsTx = db.transaction((records: LabelRecord[]) => {
      let lastId = 0;
      for (const l of records) lastId = Number(this.insertLabel.run(l.model, l.requestId, l.label, l.timestampMs, l.receivedAtMs).lastInsertRowid);
      return { lastId };
    });
  }

  /**
   * Group commit: batches arriving in the same turn of the event loop share one transaction, committed
   * on the next `setImmediate`, and each promise resolves (in arrival order) only after that COMMIT.
   * A commit costs far more than a row, so concurrent single-event requests amortise it.
   */
  appendEvents(records: EventRecord[]): Promise<{ firstId: number; lastId: number }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const group = this.pending;
    this.pending = [];
    let results: Array<{ firstId: number; lastId: number }>;
    try {
      results = this.appendEventsTx(group.map((g) => g.records));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    group.forEach((g, i) => g.resolve(results[i]!));
  }

  async appendLabels(records: LabelRecord[]): Promise<{ lastId: number }> {
    return this.appendLabelsTx(records);
  }

  async findByRequestIds(model: string, requestIds: string[]): Promise<StoredEventRecord[]> {
    if (requestIds.length === 0) return [];
    const out: StoredEventRecord[] = [];
    const indexedThrough = Number((this.db.prepare("SELECT value FROM meta WHERE key = 'request_key_watermark'").get() as { value: string }).value);
    // SQLite binds at most 32,766 parameters; batches are ≤ 1,000 items, chunk anyway.
    for (let i = 0; i < requestIds.length; i += 500) {
      const chunk = requestIds.slice(i, i + 500);
      const marks = chunk.map(() => '?').join(',');
      // Indexed events through the request-key watermark, then those not indexed yet (the last ~10 s).
      const rows = this.db
        .prepare(
          `SELECT e.* FROM request_keys k JOIN events e ON e.id = k.event_id WHERE k.model = ? AND k.request_id IN (${marks})
           UNION ALL
           SELECT * FROM events WHERE id > ? AND model = ? AND request_id IN (${marks})
           ORDER BY id`,
        )
        .all(model, ...chunk, indexedThrough, model, ...chunk) as EventRow[];
      for (const r of rows) out.push(rowToEvent(r));
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
    }>;
    return rows.map((r) => ({ id: r.id, model: r.model, requestId: r.request_id, label: r.label, timestampMs: r.ts, receivedAtMs: r.received_at }));
  }

  async findEvents(q: EventQuery): Promise<EventPage> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (q.model !== undefined) {
      where.push('model = ?');
      params.push(q.model);
    }
    if (q.requestId !== undefined) {
      where.push("(id IN (SELECT event_id FROM request_keys WHERE model = events.model AND request_id = ?) OR (id > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'request_key_watermark') AND request_id = ?))");
      params.push(q.requestId, q.requestId);
    }
    if (q.fromMs !== undefined) {
      where.push('ts >= ?');
      params.push(q.fromMs);
    }
    if (q.toMs !== undefined) {
      where.push('ts < ?');
      params.push(q.toMs);
    }
    if (q.cursor !== undefined) {
      const [ts, id] = decodeCursor(q.cursor);
      where.push('(ts < ? OR (ts = ? AND id < ?))');
      params.push(ts, ts, id);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, q.limit + 1) as EventRow[];
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit).map(rowToEvent);
    const last = page.at(-1);
    return { events: page, nextCursor: more && last ? encodeCursor(last.timestampMs, last.id) : null };
  }

  async scanEventsAfter(afterId: number, limit: number): Promise<StoredEventRecord[]> {
    const rows = this.db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  async pruneEventsBefore(cutoffMs: number): Promise<number> {
    // Ids grow with arrival time, so the rows received before the cut-off are an id prefix: find its end
    // by binary search on the primary key instead of keeping a fourth index on the hot insert path.
    const bounds = this.db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM events').get() as { lo: number | null; hi: number | null };
    if (bounds.lo === null || bounds.hi === null) return 0;
    const receivedAt = this.db.prepare('SELECT received_at FROM events WHERE id >= ? ORDER BY id LIMIT 1');
    let lo = bounds.lo - 1;
    let hi = bounds.hi;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      const row = receivedAt.get(mid) as { received_at: number };
      if (row.received_at < cutoffMs) lo = mid;
      else hi = mid - 1;
    }
    this.db.prepare('DELETE FROM request_keys WHERE event_id <= ?').run(lo);
    return this.db.prepare('DELETE FROM events WHERE id <= ?').run(lo).changes;
  }
}

export function encodeCursor(ts: number, id: number): string {
  return Buffer.from(`${ts}:${id}`).toString('base64url');
}

/** Throws a plain Error naming the problem; the HTTP layer maps it to a validation error. */
export function decodeCursor(cursor: string): [number, number] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ts = Number(parts[0]);
  const id = Number(parts[1]);
  if (parts.length !== 2 || !Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) throw new RangeError('cursor is not one this server issued');
  return [ts, id];
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

class SqliteRollupStore implements RollupStore {
  private readonly selectCell: Database.Statement;
  private readonly upsertCell: Database.Statement;
  private readonly selectSegmentCell: Database.Statement;
  private readonly upsertSegmentCell: Database.Statement;
  private readonly upsertSighting: Database.Statement;
  private readonly setWatermark: Database.Statement;
  private readonly setLabelWatermark: Database.Statement;
  private readonly setWindowWatermark: Database.Statement;
  private readonly setSegmentWatermark: Database.Statement;
  private readonly getRequestKeyWatermark: Database.Statement;
  private readonly setRequestKeyWatermark: Database.Statement;
  private lastRequestKeyIndexAt = 0;
  private readonly indexRequestKeys: Database.Statement;
  private readonly selectWindow: Database.Statement;
  private readonly upsertWindow: Database.Statement;
  private readonly commitTx: (flush: RollupFlush) => void;

  constructor(private readonly db: Database.Database) {
    this.selectCell = db.prepare('SELECT * FROM rollups WHERE level = ? AND model = ? AND endpoint = ? AND bucket = ?');
    this.selectSegmentCell = db.prepare('SELECT * FROM segment_rollups WHERE level = ? AND model = ? AND endpoint = ? AND bucket = ? AND segment = ?');
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
    this.getRequestKeyWatermark = db.prepare("SELECT value FROM meta WHERE key = 'request_key_watermark'");
    this.setRequestKeyWatermark = db.prepare("UPDATE meta SET value = ? WHERE key = 'request_key_watermark'");
    // Sorted, so the bulk insert walks the request-id b-tree in order and dirties each page once.
    this.indexRequestKeys = db.prepare('INSERT OR IGNORE INTO request_keys (model, request_id, event_id) SELECT model, request_id, id FROM events WHERE id > ? AND id <= ? ORDER BY model, request_id');
    this.selectWindow = db.prepare('SELECT profile, performance FROM model_windows WHERE model = ? AND bucket = ?');
    this.upsertWindow = db.prepare('INSERT OR REPLACE INTO model_windows (model, bucket, rows, labels, profile, performance) VALUES (?, ?, ?, ?, ?, ?)');
    this.commitTx = db.transaction((flush: RollupFlush) => {
      for (const d of flush.cells) this.mergeCell(d);
      for (const d of flush.segments?.cells ?? []) this.mergeCell(d);
      for (const s of flush.sightings) {
        this.upsertSighting.run(s.model, s.endpoint, s.modelVersion ?? '', s.modelType, s.firstSeen, s.lastSeen);
      }
      for (const w of flush.modelWindows?.windows ?? []) {
        const existing = this.selectWindow.get(w.model, w.bucketStart) as { profile: Buffer; performance: string } | undefined;
        let merged = w;
        if (existing) {
          merged = ModelWindow.decode(w.model, w.bucketStart, existing);
          merged.merge(w);
        }
        const parts = merged.encode();
        this.upsertWindow.run(w.model, w.bucketStart, merged.profile.rows, merged.labels, parts.profile, parts.performance);
      }
      this.maybeIndexRequestKeys(flush.watermark);
      this.setWatermark.run(String(flush.watermark));
      if (flush.segments) this.setSegmentWatermark.run(String(flush.segments.watermark));
      if (flush.modelWindows) {
        this.setWindowWatermark.run(String(flush.modelWindows.eventWatermark));
        this.setLabelWatermark.run(String(flush.modelWindows.labelWatermark));
      }
    });
  }

  /**
   * Indexes request ids of flushed events in one sorted bulk insert, every 10 s or 200,000 events: the
   * larger the batch, the more of them share each b-tree page written. Runs inside the flush transaction.
   */
  private maybeIndexRequestKeys(throughId: number): void {
    const indexed = Number((this.getRequestKeyWatermark.get() as { value: string }).value);
    if (throughId <= indexed) return;
    if (throughId - indexed < REQUEST_KEY_BATCH && Date.now() - this.lastRequestKeyIndexAt < REQUEST_KEY_INTERVAL_MS) return;
    this.indexRequestKeys.run(indexed, throughId);
    this.setRequestKeyWatermark.run(String(throughId));
    this.lastRequestKeyIndexAt = Date.now();
  }

  /** Merges a delta into the stored cell of its key (calls' cells in rollups, segment cells in segment_rollups). */
  private mergeCell(d: CellDelta): void {
    const key = d.segment ? [d.level, d.model, d.endpoint, d.bucketStart, d.segment] : [d.level, d.model, d.endpoint, d.bucketStart];
    const existing = (d.segment ? this.selectSegmentCell : this.selectCell).get(...key) as CellRow | undefined;
    const cell = existing ? rowToCell(existing).cell : undefined;
    if (cell) cell.merge(d.cell);
    const p = cellToParts(cell ?? d.cell);
    (d.segment ? this.upsertSegmentCell : this.upsertCell).run(
      ...key, p.calls, p.errors, p.errorTypes, p.costUsd, p.costCount, p.inputTokens, p.outputTokens, p.latency, p.ttft,
    );
  }

  async commitFlush(flush: RollupFlush): Promise<void> {
    this.commitTx(flush);
  }

  async readWindows(model: string, fromMs: number, toMs: number): Promise<ModelWindow[]> {
    const rows = this.db
      .prepare('SELECT bucket, profile, performance FROM model_windows WHERE model = ? AND bucket >= ? AND bucket < ? ORDER BY bucket')
      .all(model, fromMs, toMs) as Array<{ bucket: number; profile: Buffer; performance: string }>;
    return rows.map((r) => ModelWindow.decode(model, r.bucket, r));
  }

  async segmentWatermark(): Promise<number> {
    return Number((this.db.prepare("SELECT value FROM meta WHERE key = 'segment_watermark'").get() as { value: string }).value);
  }

  async windowWatermarks(): Promise<{ events: number; labels: number }> {
    const read = (key: string) => Number((this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value);
    return { events: read('window_watermark'), labels: read('label_watermark') };
  }

  async readCells(q: CellQuery): Promise<StoredCell[]> {
    const where = ['level = ?', 'bucket >= ?', 'bucket < ?'];
    const params: Array<string | number> = [q.level, q.fromMs, q.toMs];
    if (q.model !== undefined) {
      where.push('model = ?');
      params.push(q.model);
    }
    if (q.endpoint !== undefined) {
      where.push('endpoint = ?');
      params.push(q.endpoint);
    }
    if (q.segment !== undefined) {
      where.push('segment = ?');
      params.push(q.segment);
    }
    const latency = q.sketches?.latency ?? true;
    const ttft = q.sketches?.ttft ?? true;
    const columns = `model, endpoint, bucket, calls, errors, error_types, cost_usd, cost_count, input_tokens, output_tokens, ${latency ? 'latency' : "x'' AS latency"}, ${ttft ? 'ttft' : "x'' AS ttft"}`;
    const table = q.segment !== undefined ? 'segment_rollups' : 'rollups';
    const rows = this.db.prepare(`SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')}`).all(...params) as CellRow[];
    return rows.map(rowToCell);
  }

  async listSegments(model?: string): Promise<Array<{ model: string; segment: string }>> {
    const sql = `SELECT DISTINCT model, segment FROM segment_rollups WHERE level = ${DAY_MS}${model !== undefined ? ' AND model = ?' : ''} ORDER BY model, segment`;
    return this.db.prepare(sql).all(...(model !== undefined ? [model] : [])) as Array<{ model: string; segment: string }>;
  }

  async watermark(): Promise<number> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'rollup_watermark'").get() as { value: string };
    return Number(row.value);
  }

  async listModels(): Promise<ModelRecord[]> {
    const rows = this.db.prepare('SELECT * FROM model_endpoints ORDER BY model').all() as Array<{
      model: string;
      endpoint: string;
      model_version: string;
      model_type: string | null;
      first_seen: number;
      last_seen: number;
    }>;
    const byModel = new Map<string, ModelRecord>();
    for (const r of rows) {
      let m = byModel.get(r.model);
      if (!m) {
        m = { model: r.model, modelType: r.model_type, versions: [], endpoints: [], firstSeen: r.first_seen, lastSeen: r.last_seen };
        byModel.set(r.model, m);
      }
      if (r.model_type) m.modelType = r.model_type;
      if (r.model_version && !m.versions.includes(r.model_version)) m.versions.push(r.model_version);
      if (!m.endpoints.includes(r.endpoint)) m.endpoints.push(r.endpoint);
      m.firstSeen = Math.min(m.firstSeen, r.first_seen);
      m.lastSeen = Math.max(m.lastSeen, r.last_seen);
    }
    return [...byModel.values()];
  }

  async pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number> {
    return this.db.transaction(() =>
      this.db.prepare('DELETE FROM rollups WHERE level = ? AND bucket < ?').run(level, cutoffMs).changes +
      this.db.prepare('DELETE FROM segment_rollups WHERE level = ? AND bucket < ?').run(level, cutoffMs).changes,
    )();
  }
}

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRecord['role'];
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

function rowToKey(r: KeyRow): ApiKeyRecord {
  return { id: r.id, name: r.name, role: r.role, createdAtMs: r.created_at, revokedAtMs: r.revoked_at };
}

class SqliteKeyStore implements KeyStore {
  constructor(private readonly db: Database.Database) {}

  async findActiveByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hash) as KeyRow | undefined;
    return row ? rowToKey(row) : null;
  }

  async create(k: ApiKeyRecord & { hash: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(k.id, k.name, k.role, k.hash, k.createdAtMs, k.revokedAtMs);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at').all() as KeyRow[]).map(rowToKey);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(atMs, id).changes === 1;
  }

  async countActiveAdmins(): Promise<number> {
    return (this.db.prepare("SELECT count(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL").get() as { n: number }).n;
  }
}
