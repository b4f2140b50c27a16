import Database from 'better-sqlite3';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, KeyStore, RollupStore, Store } from '../contracts/index.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SchemaTooNewError } from '../schema-too-new.js';
import { SqliteAlertingStore } from './sqlite-alerting-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { SqliteReferenceStore } from './sqlite-reference-store.js';
import { SqliteGovernanceStore } from './sqlite-governance-store.js';
import { SqliteCostStore } from './sqlite-cost-store.js';
import { SqliteCardinalityStore } from './sqlite-cardinality-store.js';
import { SqliteExportStore } from './sqlite-export-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';
import { SqliteUserStore } from './sqlite-user-store.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import { SqliteClusterStore } from './sqlite-cluster-store.js';
import { SqliteRollupStore } from './sqlite-rollup-store.js';
import { SqliteInboxStore } from './sqlite-inbox-store.js';
import { SqliteDashboardStore } from './sqlite-dashboard-store.js';
import { SqliteRuleChangeStore } from './sqlite-rule-change-store.js';
import { SqliteReportArchiveStore } from './sqlite-report-archive-store.js';
import { SqliteInfraMetricStore } from './sqlite-infra-metric-store.js';
import { SqlitePiiPolicyStore, SqliteSecuritySignalStore } from './sqlite-privacy-store.js';
import { SqlitePrivacyStore } from './sqlite-subject-store.js';

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
  // Freed pages are overwritten with zeros, so an erased data subject's bytes do not linger in the file (docs/gdpr.md).
  db.pragma('secure_delete = ON');
  // A larger page cache keeps the events indexes hot under sustained batch ingest.
  db.pragma('cache_size = -65536');
  migrate(db);
  return new SqliteStore(db, opts.dataDir);
}

function migrate(db: Database.Database): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  const latest = SQLITE_MIGRATIONS.at(-1)!.version;
  const newest = Math.max(0, ...applied);
  if (newest > latest) throw new SchemaTooNewError(newest, latest, 'the SQLite file in the data directory');
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
  readonly users: SqliteUserStore;
  readonly audit: SqliteAuditStore;
  readonly alerting: SqliteAlertingStore;
  readonly references: SqliteReferenceStore;
  readonly governance: SqliteGovernanceStore;
  readonly cost: SqliteCostStore;
  readonly inbox: SqliteInboxStore;
  readonly dashboards: SqliteDashboardStore;
  readonly cardinality: SqliteCardinalityStore;
  readonly cluster = new SqliteClusterStore();
  readonly ruleChanges: SqliteRuleChangeStore;
  readonly reports: SqliteReportArchiveStore;
  readonly exports: SqliteExportStore;
  readonly infra: SqliteInfraMetricStore;
  readonly piiPolicies: SqlitePiiPolicyStore;
  readonly securitySignals: SqliteSecuritySignalStore;
  readonly privacy: SqlitePrivacyStore;
  constructor(
    private readonly db: Database.Database,
    private readonly dataDir: string,
  ) {
    const events = new SqliteEventStore(db);
    this.events = events;
    // The request-id index is brought up to date inside the rollup flush's transaction.
    this.rollups = new SqliteRollupStore(db, () => events.indexRequestKeys());
    this.keys = new SqliteKeyStore(db);
    this.users = new SqliteUserStore(db);
    this.audit = new SqliteAuditStore(db);
    this.alerting = new SqliteAlertingStore(db);
    this.references = new SqliteReferenceStore(db);
    this.governance = new SqliteGovernanceStore(db);
    this.cost = new SqliteCostStore(db);
    this.cardinality = new SqliteCardinalityStore(db);
    this.inbox = new SqliteInboxStore(db);
    this.dashboards = new SqliteDashboardStore(db);
    this.ruleChanges = new SqliteRuleChangeStore(db);
    this.reports = new SqliteReportArchiveStore(db);
    this.exports = new SqliteExportStore(db);
    this.infra = new SqliteInfraMetricStore(db);
    this.piiPolicies = new SqlitePiiPolicyStore(db);
    this.securitySignals = new SqliteSecuritySignalStore(db);
    this.privacy = new SqlitePrivacyStore(db);
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

  async probeWritable(minFreeBytes: number, growBytes: number): Promise<void> {
    const fs = statfsSync(this.dataDir);
    const free = fs.bavail * fs.bsize;
    if (free < minFreeBytes)
      throw Object.assign(
        new Error(
          `${Math.floor(free / 1048576)} MB free in ${this.dataDir}, below the ${minFreeBytes / 1048576} MB minimum`,
        ),
        { code: 'ENOSPC' },
      );
    if (growBytes <= 0) return;
    // Fresh pages: a WAL that reuses its old frames would let a one-row probe pass on a full disk.
    this.db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('space_probe', CAST(randomblob(?) AS TEXT))")
      .run(growBytes);
    this.db.prepare("DELETE FROM meta WHERE key = 'space_probe'").run();
  }

  async close(): Promise<void> {
    if (this.db.open) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A full or read-only disk cannot take the checkpoint; the WAL keeps every commit and is replayed at open.
      }
      this.db.close();
    }
  }
}
