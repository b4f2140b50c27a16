import Database from 'better-sqlite3';
import { Where } from './sql-where.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cellFromParts,
  cellToParts,
  DAY_MS,
  type CellDelta,
  type RollupLevel,
} from '../../analysis/api-health/index.js';
import { ModelWindow } from '../../analysis/model-health/index.js';
import type {
  ApiKeyRecord,
  CellQuery,
  EventStore,
  KeyStore,
  ModelRecord,
  RollupFlush,
  RollupStore,
  Store,
  StoredCell,
} from '../store-types.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteAlertingStore } from './sqlite-alerting-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { SqliteReferenceStore } from './sqlite-reference-store.js';
import { SqliteGovernanceStore } from './sqlite-governance-store.js';
import { SqliteCostStore } from './sqlite-cost-store.js';
import { SqliteInboxStore } from './sqlite-inbox-store.js';
import { SqliteDashboardStore } from './sqlite-dashboard-store.js';

export interface SqliteOptions {
  dataDir: string;
  sync: 'normal' | 'full';
  busyTimeoutMs: number;
}

export const SQLITE_FILE = 'vigil.db';

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
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
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
  readonly inbox: SqliteInboxStore;
  readonly dashboards: SqliteDashboardStore;
  constructor(private readonly db: Database.Database) {
    const events = new SqliteEventStore(db);
    this.events = events;
    // The request-id index is brought up to date inside the rollup flush's transaction.
    this.rollups = new SqliteRollupStore(db, () => events.indexRequestKeys());
    this.keys = new SqliteKeyStore(db);
    this.alerting = new SqliteAlertingStore(db);
    this.references = new SqliteReferenceStore(db);
    this.governance = new SqliteGovernanceStore(db);
    this.cost = new SqliteCostStore(db);
    this.inbox = new SqliteInboxStore(db);
    this.dashboards = new SqliteDashboardStore(db);
  }

  async checkReady(): Promise<{ schemaVersion: number }> {
    const row = this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
    const latest = SQLITE_MIGRATIONS.at(-1)!.version;
    if (row.v !== latest) throw new Error(`schema at version ${row.v ?? 0}, expected ${latest}`);
    // A write that touches the file proves the store is writable (disk full, read-only mount, lock).
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES ('ready_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(String(Date.now()));
    return { schemaVersion: latest };
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
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
  private readonly selectWindow: Database.Statement;
  private readonly upsertWindow: Database.Statement;
  private readonly commitTx: (flush: RollupFlush) => void;

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
    this.commitTx = db.transaction((flush: RollupFlush) => {
      for (const d of flush.cells) this.mergeCell(d);
      for (const d of flush.segments?.cells ?? []) this.mergeCell(d);
      for (const s of flush.sightings) {
        this.upsertSighting.run(s.model, s.endpoint, s.modelVersion ?? '', s.modelType, s.firstSeen, s.lastSeen);
      }
      for (const w of flush.modelWindows?.windows ?? []) {
        const existing = this.selectWindow.get(w.model, w.bucketStart, w.endpoint) as
          { profile: Buffer; performance: string } | undefined;
        let merged = w;
        if (existing) {
          merged = ModelWindow.decode(w.model, w.bucketStart, existing, w.endpoint);
          merged.merge(w);
        }
        const parts = merged.encode();
        this.upsertWindow.run(
          w.model,
          w.endpoint,
          w.bucketStart,
          merged.profile.rows,
          merged.labels,
          parts.profile,
          parts.performance,
        );
      }
      inFlushTransaction();
      this.setWatermark.run(String(flush.watermark));
      if (flush.segments) this.setSegmentWatermark.run(String(flush.segments.watermark));
      if (flush.modelWindows) {
        this.setWindowWatermark.run(String(flush.modelWindows.eventWatermark));
        this.setLabelWatermark.run(String(flush.modelWindows.labelWatermark));
      }
    });
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

  async commitFlush(flush: RollupFlush): Promise<void> {
    this.commitTx(flush);
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

  async segmentWatermark(): Promise<number> {
    return Number(
      (this.db.prepare("SELECT value FROM meta WHERE key = 'segment_watermark'").get() as { value: string }).value,
    );
  }

  async windowWatermarks(): Promise<{ events: number; labels: number }> {
    const read = (key: string) =>
      Number((this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value);
    return { events: read('window_watermark'), labels: read('label_watermark') };
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

  async firstCellBucket(q: Pick<CellQuery, 'level' | 'model' | 'endpoint' | 'segment'>): Promise<number | null> {
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
  }

  async listSegments(model?: string): Promise<Array<{ model: string; segment: string }>> {
    const sql = `SELECT DISTINCT model, segment FROM segment_rollups WHERE level = ${DAY_MS}${model !== undefined ? ' AND model = ?' : ''} ORDER BY model, segment`;
    return this.db.prepare(sql).all(...(model !== undefined ? [model] : [])) as Array<{
      model: string;
      segment: string;
    }>;
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
        m = {
          model: r.model,
          modelType: r.model_type,
          versions: [],
          endpoints: [],
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
          sightings: [],
        };
        byModel.set(r.model, m);
      }
      m.sightings.push({
        endpoint: r.endpoint,
        version: r.model_version,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
      });
      if (r.model_type) m.modelType = r.model_type;
      if (r.model_version && !m.versions.includes(r.model_version)) m.versions.push(r.model_version);
      if (!m.endpoints.includes(r.endpoint)) m.endpoints.push(r.endpoint);
      m.firstSeen = Math.min(m.firstSeen, r.first_seen);
      m.lastSeen = Math.max(m.lastSeen, r.last_seen);
    }
    return [...byModel.values()];
  }

  async pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number> {
    return this.db.transaction(
      () =>
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
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hash) as
      KeyRow | undefined;
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
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(atMs, id)
        .changes === 1
    );
  }

  async countActiveAdmins(): Promise<number> {
    return (
      this.db.prepare("SELECT count(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL").get() as {
        n: number;
      }
    ).n;
  }
}
