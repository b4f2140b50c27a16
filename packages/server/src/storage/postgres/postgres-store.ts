import { PostgresPrivacyStore } from './postgres-subject-store.js';
import { EventPartitions } from './event-partitions.js';
import { hostname } from 'node:os';
import { PostgresPiiPolicyStore, PostgresSecuritySignalStore } from './postgres-privacy-store.js';
import type { AdoptedWriter, ClusterStore, EventStore, RollupStore, Store } from '../contracts/index.js';
import { newRequestIdPrefix } from '../request-key.js';
import { SchemaTooNewError } from '../schema-too-new.js';
import { PostgresAlertingStore } from './postgres-alerting-store.js';
import { PostgresCardinalityStore } from './postgres-cardinality-store.js';
import { PostgresCostStore } from './postgres-cost-store.js';
import { PostgresDb } from './postgres-db.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { PostgresExportStore } from './postgres-export-store.js';
import { PostgresGovernanceStore } from './postgres-governance-store.js';
import { PostgresKeyStore } from './postgres-key-store.js';
import { PostgresInfraMetricStore } from './postgres-infra-metric-store.js';
import { PostgresUserStore } from './postgres-user-store.js';
import { PostgresAuditStore } from './postgres-audit-store.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { PostgresReferenceStore } from './postgres-reference-store.js';
import { PostgresRollupStore } from './postgres-rollup-store.js';
import { PostgresInboxStore } from './postgres-inbox-store.js';
import { PostgresDashboardStore } from './postgres-dashboard-store.js';
import { PostgresReportArchiveStore } from './postgres-report-archive-store.js';
import { PostgresRuleChangeStore } from './postgres-rule-change-store.js';
import { PostgresSession, type PostgresWriter, type SessionTimings } from './postgres-writer.js';

export interface PostgresOptions {
  databaseUrl: string;
  /** This node's name: a restarted node takes its own writer back (default: the host name). */
  nodeName?: string;
  /** Connections in this node's pool. */
  poolSize?: number;
  /** Heartbeat and takeover timings (tests shorten them). */
  timings?: Partial<SessionTimings>;
}

/** A dead node's writer is taken over once its heartbeat is this old: a takeover within ~20 s (poll included). */
const DEFAULT_TIMINGS: SessionTimings = { heartbeatMs: 3000, staleMs: 15_000 };
const MIGRATION_LOCK = 0x56_49_47_00;

/**
 * The PostgreSQL store several Vigil nodes share. Each node opens it as a writer of its own (postgres-writer.ts):
 * it appends events and labels under its writer id, flushes its aggregates with its own watermarks, and holds its
 * writer's advisory lock while it lives; reads see every writer's committed data.
 */
export async function openPostgresStore(opts: PostgresOptions): Promise<Store> {
  const db = new PostgresDb(opts.databaseUrl, opts.poolSize ?? 10);
  try {
    await migrate(db);
    await db.query("INSERT INTO meta (key, value) VALUES ('request_id_prefix', $1) ON CONFLICT (key) DO NOTHING", [
      newRequestIdPrefix(),
    ]);
    const prefix = (await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'request_id_prefix'"))!.value;
    const session = await PostgresSession.open(db, opts.nodeName ?? hostname(), {
      ...DEFAULT_TIMINGS,
      ...opts.timings,
    });
    const store = new PostgresStore(db, session, session.writer, prefix);
    await (store.events as PostgresEventStore).prepareDays(Date.now());
    return store;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function migrate(db: PostgresDb): Promise<number> {
  const latest = POSTGRES_MIGRATIONS.at(-1)!.version;
  const client = await db.pool.connect();
  try {
    // Nodes starting together: one migrates, the others wait and then find nothing left to do.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const newest = Math.max(0, ...applied);
    if (newest > latest) throw new SchemaTooNewError(newest, latest, 'the PostgreSQL database');
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return latest;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

class PostgresCluster implements ClusterStore<Store> {
  constructor(
    private readonly db: PostgresDb,
    private readonly session: PostgresSession,
    private readonly parent: PostgresStore,
  ) {}

  tryLease(name: string): Promise<boolean> {
    return this.session.tryLease(name);
  }

  holdsLease(name: string): boolean {
    return this.session.holdsLease(name);
  }

  releaseLease(name: string): Promise<void> {
    return this.session.releaseLease(name);
  }

  async adoptOrphanWriter(): Promise<AdoptedWriter<Store> | null> {
    const adopted = await this.session.adoptOrphan();
    if (!adopted) return null;
    return {
      store: this.parent.asWriter(adopted.writer),
      retire: adopted.retire,
      release: adopted.release,
    };
  }
}

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly events: EventStore;
  readonly rollups: RollupStore;
  readonly keys: PostgresKeyStore;
  readonly users: PostgresUserStore;
  readonly audit: PostgresAuditStore;
  readonly alerting: PostgresAlertingStore;
  readonly references: PostgresReferenceStore;
  readonly governance: PostgresGovernanceStore;
  readonly cost: PostgresCostStore;
  readonly cardinality: PostgresCardinalityStore;
  readonly exports: PostgresExportStore;
  readonly ruleChanges: PostgresRuleChangeStore;
  readonly reports: PostgresReportArchiveStore;
  readonly inbox: PostgresInboxStore;
  readonly dashboards: PostgresDashboardStore;
  readonly infra: PostgresInfraMetricStore;
  readonly cluster: ClusterStore<Store>;
  readonly piiPolicies: PostgresPiiPolicyStore;
  readonly securitySignals: PostgresSecuritySignalStore;
  readonly privacy: PostgresPrivacyStore;

  constructor(
    private readonly db: PostgresDb,
    private readonly session: PostgresSession,
    writer: PostgresWriter,
    private readonly prefix: string,
    shared?: PostgresStore,
  ) {
    this.events = new PostgresEventStore(db, writer, prefix);
    this.rollups = new PostgresRollupStore(db, writer);
    this.keys = shared?.keys ?? new PostgresKeyStore(db);
    this.users = shared?.users ?? new PostgresUserStore(db);
    this.audit = shared?.audit ?? new PostgresAuditStore(db);
    this.alerting = shared?.alerting ?? new PostgresAlertingStore(db);
    this.references = shared?.references ?? new PostgresReferenceStore(db);
    this.governance = shared?.governance ?? new PostgresGovernanceStore(db);
    this.cost = shared?.cost ?? new PostgresCostStore(db);
    this.cardinality = shared?.cardinality ?? new PostgresCardinalityStore(db);
    this.exports = shared?.exports ?? new PostgresExportStore(db);
    this.ruleChanges = shared?.ruleChanges ?? new PostgresRuleChangeStore(db);
    this.reports = shared?.reports ?? new PostgresReportArchiveStore(db);
    this.inbox = shared?.inbox ?? new PostgresInboxStore(db);
    this.dashboards = shared?.dashboards ?? new PostgresDashboardStore(db);
    this.infra = shared?.infra ?? new PostgresInfraMetricStore(db);
    this.cluster = shared?.cluster ?? new PostgresCluster(db, session, this);
    this.piiPolicies = shared?.piiPolicies ?? new PostgresPiiPolicyStore(db);
    this.securitySignals = shared?.securitySignals ?? new PostgresSecuritySignalStore(db);
    this.privacy = shared?.privacy ?? new PostgresPrivacyStore(db, new EventPartitions(db), prefix);
  }

  /** The same database seen as another writer (an adopted one): its events, labels, rollup flushes and watermarks. */
  asWriter(writer: PostgresWriter): Store {
    const view = new PostgresStore(this.db, this.session, writer, this.prefix, this);
    // Closing the view closes nothing: the pool and session are this store's.
    return Object.assign(view, { close: async () => undefined });
  }

  async checkReady(): Promise<{ schemaVersion: number }> {
    const fenced = this.session.fencedError;
    if (fenced) throw fenced;
    const row = await this.db.one<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const latest = POSTGRES_MIGRATIONS.at(-1)!.version;
    if (row?.v !== latest) throw new Error(`schema at version ${row?.v ?? 0}, expected ${latest}`);
    await this.db.query(
      "INSERT INTO meta (key, value) VALUES ('ready_probe', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(Date.now())],
    );
    return { schemaVersion: latest };
  }

  /** PostgreSQL manages its own disk: the probe is a committed write, which fails while the server is away or full. */
  async probeWritable(): Promise<void> {
    const fenced = this.session.fencedError;
    if (fenced) throw fenced;
    await this.db.query(
      "INSERT INTO meta (key, value) VALUES ('space_probe', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(Date.now())],
    );
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.db.close();
  }
}
