import type { CellDelta, HealthCell, ModelSighting, RollupLevel } from '../../analysis/api-health/index.js';
import type { ModelWindow } from '../../analysis/model-health/index.js';

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

/** A level and the model, endpoint and segment a cell lookup is limited to (each unset one: any). */
export type CellScope = Pick<CellQuery, 'level' | 'model' | 'endpoint' | 'segment'>;

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
  /** Highest event id (of this writer) profiled into the windows after this flush. */
  eventWatermark: number;
  /** Highest label id joined into the windows after this flush. */
  labelWatermark: number;
}

/** What one flush writes, atomically. */
export interface RollupFlush {
  cells: CellDelta[];
  sightings: ModelSighting[];
  /** Highest event id (of this writer) whose facts are in the rollups after this flush. */
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

/** What one commit of the late label join writes, atomically. */
export interface LateLabelCommit {
  /** The pending labels joined to their predictions by this commit. */
  labelIds: number[];
  /** Their scores, in the windows of their predictions' hours and endpoints, to add to the stored windows. */
  windows: ModelWindow[];
  /** When they were joined (stored on the labels). */
  joinedAtMs: number;
  /**
   * The scan's mark (`EventStore.scanLateLabels`): where the next scan starts. Given with the last commit of a
   * scan's page only, so a failure before it scans the page again.
   */
  mark?: string;
}

/**
 * How far one writer's flushes are: the highest of its event ids in the rollup cells, in the segment cells and
 * in the model-health windows, and the highest label id joined into the windows. Replay after a crash starts
 * above them.
 */
export interface Watermarks {
  rollups: number;
  segments: number;
  windowEvents: number;
  windowLabels: number;
}

export interface RollupStore {
  /**
   * Adds each delta to the stored cell or window of its key, records model sightings and moves this writer's
   * watermarks — all in one transaction, so a crash either keeps the whole flush or none of it and replay
   * from the watermarks is exact. A writer's flushes never overlap; other writers' may (store.ts).
   */
  commitFlush(flush: RollupFlush): Promise<void>;
  /**
   * The late label join: marks the labels joined, adds their windows and stores the scan mark, in one
   * transaction — only when every label is still pending. Resolves false, writing nothing, when one was joined
   * already (another node's run, or an earlier commit): a label is counted once however often the join runs.
   */
  commitLateLabels(commit: LateLabelCommit): Promise<boolean>;
  /**
   * Hourly model-health windows of one model in [fromMs, toMs): one per endpoint and hour (`endpoint` of each
   * window), or only those of `endpoint`.
   */
  readWindows(model: string, fromMs: number, toMs: number, endpoint?: string): Promise<ModelWindow[]>;
  /** Cells in [fromMs, toMs). Cells read without some sketches must not be written back. */
  readCells(query: CellQuery): Promise<StoredCell[]>;
  /** How far this writer's flushes are (see the ordering rule in store.ts). */
  watermarks(): Promise<Watermarks>;
  listModels(): Promise<ModelRecord[]>;
  /** Prunes the cells of one level, segment cells included. */
  pruneCellsBefore(level: RollupLevel, cutoffMs: number): Promise<number>;
  /**
   * For each scope, the earliest bucket with a cell at its level (of its model, endpoint, segment), or null when
   * there is none; in the order asked, read at once (one round trip on PostgreSQL, however many scopes): a
   * timeseries grouped by endpoint asks one scope per series.
   */
  firstCellBuckets(scopes: CellScope[]): Promise<Array<number | null>>;
  /** The segments that have cells (day level), per model, sorted. */
  listSegments(model?: string): Promise<Array<{ model: string; segment: string }>>;
}
