import type { AlertingStore } from './alerting-store.js';
import type { CardinalityStore } from './cardinality-store.js';
import type { ClusterStore } from './cluster-store.js';
import type { CostStore } from './cost-store.js';
import type { DashboardStore } from './dashboard-store.js';
import type { InboxStore } from './inbox-store.js';
import type { EventStore } from './event-store.js';
import type { ExportStore } from './export-store.js';
import type { GovernanceStore } from './governance-store.js';
import type { KeyStore } from './key-store.js';
import type { UserStore } from './user-store.js';
import type { AuditStore } from './audit-store.js';
import type { ReferenceStore } from './reference-store.js';
import type { RollupStore } from './rollup-store.js';
import type { RuleChangeStore } from './rule-change-store.js';
import type { ReportArchiveStore } from './report-archive-store.js';
import type { InfraMetricStore } from './infra-metric-store.js';
import type { PiiPolicyStore } from './privacy-store.js';
import type { SecuritySignalStore } from './security-signal-store.js';
import type { PrivacyStore } from './subject-store.js';

/**
 * The storage contracts. Every backend (SQLite today, PostgreSQL next) implements `Store`; nothing outside
 * storage/ sees SQL, and only storage/index.ts chooses a backend. Methods are async so a networked backend
 * fits; when a write's promise resolves the data is durably committed. test/store-contract/ checks every
 * backend against these contracts with one suite.
 *
 * ## Writers, ids and watermarks: the ordering rule
 *
 * A `Store` value is one **writer**: the process that appends events and labels through it and flushes the
 * aggregates of what it appended (ingest/ingest-pipeline.ts). The embedded SQLite backend has one writer per
 * file. A backend several Vigil nodes share gives each node a writer of its own, and keeps, per writer:
 *
 * 1. **Ids come from the store.** `appendEvents` and `appendLabels` allocate the ids: one call's ids are
 *    contiguous and increasing, and no id is handed out twice, whichever writer asks.
 * 2. **A writer's appends resolve in id order.** When an append resolves, every append of the same writer
 *    that got lower ids has resolved before it. The pipeline adds a committed batch to its aggregates in the
 *    continuation of the append and then moves its watermark to the batch's last id; were a later batch to
 *    resolve first, a flush could claim ids whose events it never aggregated, and a crash would lose them
 *    from the rollups. SQLite keeps the rule by committing its queue in arrival order; a networked backend
 *    serialises one writer's appends (one transaction at a time, or a group commit that resolves in order).
 * 3. **Watermarks are per writer.** `commitFlush` records "every event (label) this writer appended with an
 *    id up to the watermark is in the rollups, segments or windows"; `watermarks()`, `scanEventsAfter` and
 *    `scanLabelsAfter` read this writer's watermarks and appends only. Other writers' ids interleave with
 *    ours, so one global watermark would skip or repeat their events at replay.
 * 4. **A writer's flushes never overlap** (the pipeline waits for one before the next), and `commitFlush`
 *    adds its deltas to the stored cells and windows in one transaction: merges of several writers into
 *    the same cell must all land (row locks or an upsert that adds, never read-then-overwrite across writers).
 *
 * Reads (`findEvents`, `readCells`, `readWindows`, `listModels`…) see every writer's committed data.
 */
export interface Store {
  readonly kind: StoreKind;
  readonly events: EventStore;
  readonly rollups: RollupStore;
  readonly keys: KeyStore;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly alerting: AlertingStore;
  readonly references: ReferenceStore;
  readonly governance: GovernanceStore;
  readonly cost: CostStore;
  readonly cardinality: CardinalityStore;
  /** Leases for background work and the adoption of dead nodes' writers (cluster-store.ts). */
  readonly cluster: ClusterStore<Store>;
  readonly inbox: InboxStore;
  readonly dashboards: DashboardStore;
  readonly ruleChanges: RuleChangeStore;
  readonly reports: ReportArchiveStore;
  readonly exports: ExportStore;
  readonly infra: InfraMetricStore;
  /** Personal-data policies, the default and per use case (docs/privacy.md). */
  readonly piiPolicies: PiiPolicyStore;
  /** Security signals per minute, for InfoSec's alert rules (docs/security-signals.md). */
  readonly securitySignals: SecuritySignalStore;
  /** Data subjects (export, erasure) and retention per use case. */
  readonly privacy: PrivacyStore;
  /** Throws unless the store is writable and all migrations are applied. */
  checkReady(): Promise<{ schemaVersion: number }>;
  /**
   * Throws unless the store can grow: at least `minFreeBytes` free where it lives and, when `growBytes` > 0, a
   * write of that many bytes in fresh pages commits. Used to tell when a full disk has room again.
   */
  probeWritable(minFreeBytes: number, growBytes: number): Promise<void>;
  close(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';
