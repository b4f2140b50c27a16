import type { Event } from '@vigil/protocol';
import type { CellDelta, HealthCell, ModelSighting, RollupLevel } from '../analysis/api-health/index.js';
import type { ModelWindow } from '../analysis/model-health/index.js';
import type { AlertingStore } from '../alerting/service/alerting-store.js';
import type { GovernanceStore } from '../governance/governance-store.js';
import type { CostStore } from '../governance/cost/cost-store.js';

/**
 * The storage contracts. Every backend (SQLite today, PostgreSQL next) implements `Store`; nothing outside
 * storage/ sees SQL. Methods are async so a networked backend fits; when a write's promise resolves the
 * data is durably committed.
 */

/**
 * An accepted event as written. `event` is the event as the client sent it (card numbers masked); the values
 * Vigil filled in (requestId, timestamp, status, a computed cost) are the columns, which win over it when the
 * two are combined.
 */
export interface EventRecord {
  model: string;
  /**
   * null when the client sent none: the store assigns one as it writes the event (request-key.ts) and sets
   * it here.
   */
  requestId: string | null;
  timestampMs: number;
  receivedAtMs: number;
  endpoint: string | null;
  status: 'ok' | 'error';
  errorType: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  modelType: string | null;
  modelVersion: string | null;
  /** The LLM price-table version `costUsd` was computed with at ingest; null when the client sent the cost. */
  priceVersion: number | null;
  event: Event;
}

/** What Vigil derived from an event: everything but the event itself. */
export type EventColumns = Omit<EventRecord, 'event'>;

/** A stored event as read back. */
export interface StoredEventRecord extends Omit<EventRecord, 'requestId'> {
  id: number;
  requestId: string;
}

export interface LabelRecord {
  model: string;
  requestId: string;
  label: string;
  timestampMs: number;
  receivedAtMs: number;
  /** Whether a stored prediction of the model had the requestId at ingest; undefined = not known (older rows). */
  isMatched?: boolean;
}

export interface EventQuery {
  model?: string;
  requestId?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface EventPage {
  events: StoredEventRecord[];
  nextCursor: string | null;
}

export interface EventStore {
  /**
   * Appends in one transaction; resolves with the id range once committed. Records without a requestId get
   * one, written into the record. `json`, when given, is the
   * request's text (`{"events": [...]}`) holding exactly these events, unchanged and in order; a backend may
   * store it instead of serialising the events again.
   */
  appendEvents(records: EventRecord[], json?: string): Promise<{ firstId: number; lastId: number }>;
  /** Appends in one transaction; resolves with the id of the last label once committed. */
  appendLabels(records: LabelRecord[]): Promise<{ lastId: number }>;
  findEvents(query: EventQuery): Promise<EventPage>;
  /** The stored events of a model with these request ids (the label join); several per id when duplicated. */
  findByRequestIds(model: string, requestIds: string[]): Promise<StoredEventRecord[]>;
  /** Labels with id > afterId in id order, for the same replay. */
  scanLabelsAfter(afterId: number, limit: number): Promise<Array<LabelRecord & { id: number }>>;
  /**
   * Events with id > afterId in id order: used to replay what the last rollup flush had not covered. A page
   * ends at a storage boundary, so it may hold a few more than `limit`.
   */
  scanEventsAfter(afterId: number, limit: number): Promise<StoredEventRecord[]>;
  /**
   * Labels of the model with timestamp in [fromMs, toMs): how many, and how many matched no prediction at
   * ingest (`known`: those recorded with a match result; labels stored before it was recorded are not).
   */
  countLabels(
    model: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ received: number; known: number; unmatched: number }>;
  /** Events of the model in [fromMs, toMs) whose requestId an earlier stored event of the model already had (within raw-event retention). */
  countDuplicateRequestIds(model: string, fromMs: number, toMs: number): Promise<number>;
  /** Deletes raw events received before the cut-off; rollups are untouched. Returns the number removed. */
  pruneEventsBefore(cutoffMs: number): Promise<number>;
}

export interface CellQuery {
  level: RollupLevel;
  fromMs: number;
  toMs: number;
  model?: string;
  endpoint?: string;
  /** A segment ("region=eu"): read that tag value's cells instead of all calls'. */
  segment?: string;
  /**
   * Which sketches to load; the others come back empty. Sketch bytes are most of a cell, and a chart of
   * calls or cost needs none. Default: both.
   */
  sketches?: { latency: boolean; ttft: boolean };
}

export interface StoredCell {
  model: string;
  endpoint: string;
  bucketStart: number;
  cell: HealthCell;
}

export interface ModelRecord {
  model: string;
  modelType: string | null;
  versions: string[];
  endpoints: string[];
  firstSeen: number;
  lastSeen: number;
  /** Every (endpoint, version) the model was seen with, first and last time: version history, endpoint age. */
  sightings: Array<{ endpoint: string; version: string; firstSeen: number; lastSeen: number }>;
}

/** Model-health windows to merge, with the watermarks they bring the windows up to. */
export interface WindowFlush {
  windows: ModelWindow[];
  /** Highest event id profiled into the windows after this flush. */
  eventWatermark: number;
  /** Highest label id joined into the windows after this flush. */
  labelWatermark: number;
}

/** What one flush writes, atomically. */
export interface RollupFlush {
  cells: CellDelta[];
  sightings: ModelSighting[];
  /** Highest event id whose facts are in the rollups after this flush. */
  watermark: number;
  /**
   * Model-health windows, when this flush carries them. They are flushed less often than rollup cells:
   * a window is ~60 KB to decode, merge and encode, too much to rewrite every second.
   */
  modelWindows?: WindowFlush;
  /**
   * Segment cells (one series per tag value), when this flush carries them, with the highest event id they
   * cover. There are many more of them than of the calls' cells, so they are flushed less often.
   */
  segments?: { cells: CellDelta[]; watermark: number };
}

export interface RollupStore {
  /**
   * Merges each delta into the stored cell or window of its key, records model sightings and moves both
   * watermarks — all in one transaction, so a crash either keeps the whole flush or none of it and replay
   * from the watermarks is exact.
   */
  commitFlush(flush: RollupFlush): Promise<void>;
  /**
   * Hourly model-health windows of one model in [fromMs, toMs): one per endpoint and hour (`endpoint` of each
   * window), or only those of `endpoint`.
   */
  readWindows(model: string, fromMs: number, toMs: number, endpoint?: string): Promise<ModelWindow[]>;
  /** How far the model-health windows are: the highest event id profiled and label id joined. */
  windowWatermarks(): Promise<{ events: number; labels: number }>;
  /** The highest event id whose tags are in the segment cells. */
  segmentWatermark(): Promise<number>;
  /** Cells in [fromMs, toMs). Cells read without some sketches must not be written back. */
  readCells(query: CellQuery): Promise<StoredCell[]>;
  watermark(): Promise<number>;
  listModels(): Promise<ModelRecord[]>;
  /** Prunes the cells of one level, segment cells included. */
  pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number>;
  /** The earliest bucket with a cell at the query's level (of its model, endpoint, segment); null when none. */
  firstCellBucket(query: Pick<CellQuery, 'level' | 'model' | 'endpoint' | 'segment'>): Promise<number | null>;
  /** The segments that have cells (day level), per model, sorted. */
  listSegments(model?: string): Promise<Array<{ model: string; segment: string }>>;
}

export type KeyRole = 'admin' | 'ingest' | 'read';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: KeyRole;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export interface KeyStore {
  findActiveByHash(hash: string): Promise<ApiKeyRecord | null>;
  create(key: ApiKeyRecord & { hash: string }): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, atMs: number): Promise<boolean>;
  countActiveAdmins(): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly events: EventStore;
  readonly rollups: RollupStore;
  readonly keys: KeyStore;
  readonly alerting: AlertingStore;
  readonly references: ReferenceStore;
  readonly governance: GovernanceStore;
  readonly cost: CostStore;
  readonly inbox: InboxStore;
  readonly dashboards: DashboardStore;
  /** Throws unless the store is writable and all migrations are applied. */
  checkReady(): Promise<{ schemaVersion: number }>;
  close(): Promise<void>;
}

/** A model's reference baseline as stored: a profile merged from a window of its traffic, or of an uploaded dataset. */
export interface ReferenceRecord {
  model: string;
  source: 'window' | 'dataset';
  windowFrom: number | null;
  windowTo: number | null;
  rows: number;
  /** `serialiseProfile` bytes. */
  profile: Uint8Array;
  createdAtMs: number;
  /**
   * For a window reference: each endpoint's rows and the columns it sent in that window (features by name,
   * outputs as `output:<name>`), so
   * quality checks judge a feature's missing rate only over the endpoints that send it. Null for datasets.
   */
  endpointFeatures?: Record<string, { rows: number; columns: string[] }> | null;
}

export interface ReferenceStore {
  /** Stores the model's reference, replacing any previous one. */
  put(reference: ReferenceRecord): Promise<void>;
  get(model: string): Promise<ReferenceRecord | null>;
  delete(model: string): Promise<boolean>;
}

/** A message the built-in inbox channel received: what one team was sent, as rendered for it. */
export interface InboxRecord {
  atMs: number;
  channelId: string;
  team: string | null;
  purpose: string;
  kind: string;
  severity: string;
  area: string;
  title: string;
  summary: string;
  incidentId: string | null;
  runbook: string | null;
  onCall: string | null;
}

/** The inbox channel's messages, the newest {@link INBOX_KEEP} kept. */
export interface InboxStore {
  /** Stores a message (pruning the oldest beyond the cap in the same transaction); resolves with its id. */
  add(message: InboxRecord): Promise<number>;
  /** Newest first. */
  list(query: { team?: string; incidentId?: string; limit: number }): Promise<Array<InboxRecord & { id: number }>>;
  /** Every team with messages: how many and the newest. */
  countByTeam(): Promise<Array<{ team: string; messages: number; lastAtMs: number }>>;
}

/** Messages the inbox keeps: a demo left running for weeks must not grow it without bound. */
export const INBOX_KEEP = 10_000;

/** A custom dashboard as stored: its wire body (panels included) and bookkeeping. */
export interface DashboardRecord {
  id: string;
  name: string;
  description: string | null;
  team: string | null;
  range: string;
  /** The panels as sent (validated by the API). */
  panels: unknown[];
  createdAtMs: number;
  updatedAtMs: number;
  version: number;
}

/** Custom dashboards and each team's pinned home dashboard. */
export interface DashboardStore {
  list(): Promise<DashboardRecord[]>;
  get(id: string): Promise<DashboardRecord | null>;
  /** Creates; false when the id is taken. */
  create(d: DashboardRecord): Promise<boolean>;
  /** Replaces when the stored version is `expectedVersion`; false otherwise (changed concurrently). */
  update(d: DashboardRecord, expectedVersion: number): Promise<boolean>;
  /** Deletes it and unpins it from every team, in one transaction; false when it did not exist. */
  delete(id: string): Promise<boolean>;
  listHomes(): Promise<Array<{ team: string; dashboardId: string }>>;
  /** Pins a dashboard as a team's home, or unpins with null. */
  setHome(team: string, dashboardId: string | null, atMs: number): Promise<void>;
}
