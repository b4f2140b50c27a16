import { HealthCell, type CallFacts, ROLLUP_LEVELS, MINUTE_MS, bucketStart, type RollupLevel } from './health-cell.js';

export interface CellKey {
  level: RollupLevel;
  model: string;
  endpoint: string;
  /** Absent or "" for all calls of the model and endpoint; "key=value" for the calls carrying that tag (a segment). */
  segment?: string;
  bucketStart: number;
}

/**
 * Default caps of a bare aggregator: values of one tag key with a series of their own per model (later ones share
 * `key=(other)`) and tag keys segmented per model. The server passes its configuration instead (SegmentLimits).
 */
export const SEGMENT_VALUES_PER_KEY = 100;
export const SEGMENT_KEYS_PER_MODEL = 20;
export const OTHER_SEGMENT_VALUE = '(other)';

/** The caps on segments; the server passes its configuration (maxTagKeysPerModel, maxTagValuesPerKey, maxSegments). */
export interface SegmentLimits {
  keysPerModel: number;
  valuesPerKey: number;
  /** Tag values with a series of their own, over every model. */
  total: number;
}

/** What the segment caps did since start: tag values folded into `key=(other)`, tag keys left unsegmented. */
export interface SegmentFolds {
  foldedValues: number;
  unsegmentedKeys: number;
  /** Of those, the ones folded or left out because all models together reached `total`. */
  overTotal: number;
}

/** The segment name of a tag: `region=eu`. */
export function segmentName(key: string, value: string): string {
  return `${key}=${value}`;
}

export interface CellDelta extends CellKey {
  cell: HealthCell;
}

export interface ModelSighting {
  model: string;
  modelType: string | null;
  modelVersion: string | null;
  endpoint: string;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Accumulates calls since the last drain into minute cells; `drain()` hands them over together with the
 * hour and day cells they add up to, so a flush merges each delta into the stored cell of the same key.
 * Pure: no clock, no storage.
 *
 * @example
 *   const agg = new HealthAggregator(); agg.add(facts, meta);
 *   const { cells, sightings } = agg.drain();   // then RollupStore.mergeCells(cells, ...)
 */
export class HealthAggregator {
  private cells = new Map<string, CellDelta>();
  private sightings = new Map<string, ModelSighting>();
  /** The cell and sighting of the previous call: a batch's calls mostly share them, and the key strings cost more than the update. */
  private lastCell: CellDelta | undefined;
  private lastSighting: ModelSighting | undefined;
  private pendingCalls = 0;
  /** model → tag key → the values that have a series of their own (kept across drains: the cap is per model). */
  private readonly segmentValues = new Map<string, Map<string, Set<string>>>();
  private segmentCount = 0;
  readonly segmentFolds: SegmentFolds = { foldedValues: 0, unsegmentedKeys: 0, overTotal: 0 };

  constructor(
    private readonly limits: SegmentLimits = {
      keysPerModel: SEGMENT_KEYS_PER_MODEL,
      valuesPerKey: SEGMENT_VALUES_PER_KEY,
      total: Number.MAX_SAFE_INTEGER,
    },
  ) {}

  /** Tag values with a series of their own, over every model. */
  get segments(): number {
    return this.segmentCount;
  }

  /** The model with the most segmented tag keys, and the tag key with the most segmented values. */
  busiestSegments(): { keys: { model: string | null; count: number }; values: { key: string | null; count: number } } {
    const out = { keys: { model: null as string | null, count: 0 }, values: { key: null as string | null, count: 0 } };
    for (const [model, keys] of this.segmentValues) {
      if (keys.size > out.keys.count) out.keys = { model, count: keys.size };
      for (const [key, values] of keys)
        if (values.size > out.values.count) out.values = { key: `${model}: ${key}`, count: values.size };
    }
    return out;
  }

  /** Adds one call to the minute cell of its model and endpoint, and records the model's sighting. */
  add(f: CallFacts, meta: { modelType: string | null; modelVersion: string | null }): void {
    // Only minute cells are kept per event; hour and day cells are derived from them at drain time,
    // which costs one merge per minute cell instead of three sketch updates per event.
    this.minuteCell(f.model, f.endpoint, '', bucketStart(f.timestampMs, MINUTE_MS)).add(f);
    let s = this.lastSighting;
    if (!s || s.model !== f.model || s.endpoint !== f.endpoint || s.modelVersion !== meta.modelVersion) {
      const key = `${f.model}\u0000${f.endpoint}\u0000${meta.modelVersion ?? ''}`;
      s = this.sightings.get(key);
      if (!s)
        this.sightings.set(
          key,
          (s = {
            model: f.model,
            endpoint: f.endpoint,
            modelType: meta.modelType,
            modelVersion: meta.modelVersion,
            firstSeen: f.timestampMs,
            lastSeen: f.timestampMs,
          }),
        );
      this.lastSighting = s;
    }
    if (f.timestampMs < s.firstSeen) s.firstSeen = f.timestampMs;
    if (f.timestampMs > s.lastSeen) s.lastSeen = f.timestampMs;
    if (meta.modelType) s.modelType = meta.modelType;
    this.pendingCalls += 1;
  }

  /**
   * Adds one call to the cell of each of its tags (a segment), so rules and charts can be scoped to
   * `region=eu`. Tag values per key and model are capped ({@link SEGMENT_VALUES_PER_KEY}) so a tag like a
   * customer id cannot blow up the rollups. The server keeps segments in an aggregator of their own, flushed
   * less often than the calls' cells (there are many more of them).
   */
  addSegments(f: CallFacts, tags: Readonly<Record<string, string>>): void {
    const minute = bucketStart(f.timestampMs, MINUTE_MS);
    for (const key in tags) {
      const segment = this.segmentOf(f.model, key, tags[key]!);
      if (segment !== null) this.minuteCell(f.model, f.endpoint, segment, minute).add(f);
    }
    this.pendingCalls += 1;
  }

  /**
   * Tells the aggregator which segments already have series (read back from the store at start-up). They are
   * taken as they are, even past lowered limits: their series exist.
   */
  seedSegments(segments: ReadonlyArray<{ model: string; segment: string }>): void {
    for (const { model, segment } of segments) {
      const eq = segment.indexOf('=');
      if (eq <= 0) continue;
      const key = segment.slice(0, eq);
      const value = segment.slice(eq + 1);
      let keys = this.segmentValues.get(model);
      if (!keys) this.segmentValues.set(model, (keys = new Map()));
      let values = keys.get(key);
      if (!values) keys.set(key, (values = new Set()));
      if (value !== OTHER_SEGMENT_VALUE && !values.has(value)) {
        values.add(value);
        this.segmentCount++;
      }
    }
  }

  private segmentOf(model: string, key: string, value: string): string | null {
    let keys = this.segmentValues.get(model);
    if (!keys) this.segmentValues.set(model, (keys = new Map()));
    let values = keys.get(key);
    if (!values) {
      if (keys.size >= this.limits.keysPerModel || this.segmentCount >= this.limits.total) {
        this.segmentFolds.unsegmentedKeys++;
        if (keys.size < this.limits.keysPerModel) this.segmentFolds.overTotal++;
        return null;
      }
      keys.set(key, (values = new Set()));
    }
    if (values.has(value)) return segmentName(key, value);
    if (value === OTHER_SEGMENT_VALUE) return segmentName(key, OTHER_SEGMENT_VALUE);
    if (values.size >= this.limits.valuesPerKey || this.segmentCount >= this.limits.total) {
      this.segmentFolds.foldedValues++;
      if (values.size < this.limits.valuesPerKey) this.segmentFolds.overTotal++;
      return segmentName(key, OTHER_SEGMENT_VALUE);
    }
    values.add(value);
    this.segmentCount++;
    return segmentName(key, value);
  }

  private minuteCell(model: string, endpoint: string, segment: string, minute: number): HealthCell {
    const last = this.lastCell;
    if (
      last &&
      last.bucketStart === minute &&
      last.model === model &&
      last.endpoint === endpoint &&
      last.segment === segment
    )
      return last.cell;
    const key = `${model}\u0000${endpoint}\u0000${segment}\u0000${minute}`;
    let delta = this.cells.get(key);
    if (!delta) {
      delta = { level: MINUTE_MS, model, endpoint, segment, bucketStart: minute, cell: new HealthCell() };
      this.cells.set(key, delta);
    }
    this.lastCell = delta;
    return delta.cell;
  }

  /** Puts back what a failed flush had drained, so the next flush retries it. */
  restore(drained: { cells: CellDelta[]; sightings: ModelSighting[] }): void {
    for (const d of drained.cells) {
      if (d.level !== MINUTE_MS) continue; // re-derived from the minutes at the next drain
      const key = `${d.model}\u0000${d.endpoint}\u0000${d.segment ?? ''}\u0000${d.bucketStart}`;
      const cur = this.cells.get(key);
      if (cur) cur.cell.merge(d.cell);
      else this.cells.set(key, d);
      if (!d.segment) this.pendingCalls += d.cell.calls;
    }
    // A call sits in several segment cells, so their calls cannot be summed back; one pending call is enough
    // to make the next flush carry them.
    if (this.pendingCalls === 0 && this.cells.size > 0) this.pendingCalls = 1;
    for (const s of drained.sightings) {
      const key = `${s.model}\u0000${s.endpoint}\u0000${s.modelVersion ?? ''}`;
      const cur = this.sightings.get(key);
      if (!cur) this.sightings.set(key, s);
      else {
        cur.firstSeen = Math.min(cur.firstSeen, s.firstSeen);
        cur.lastSeen = Math.max(cur.lastSeen, s.lastSeen);
      }
    }
  }

  get size(): number {
    return this.pendingCalls;
  }

  /** Hands over everything accumulated since the last drain, at every rollup level, and starts empty. */
  drain(): { cells: CellDelta[]; sightings: ModelSighting[] } {
    const minutes = [...this.cells.values()];
    const coarser = new Map<string, CellDelta>();
    for (const m of minutes) {
      for (const level of ROLLUP_LEVELS) {
        if (level === MINUTE_MS) continue;
        const start = bucketStart(m.bucketStart, level);
        const key = `${level}\u0000${m.model}\u0000${m.endpoint}\u0000${m.segment ?? ''}\u0000${start}`;
        let d = coarser.get(key);
        if (!d)
          coarser.set(
            key,
            (d = {
              level,
              model: m.model,
              endpoint: m.endpoint,
              segment: m.segment,
              bucketStart: start,
              cell: new HealthCell(),
            }),
          );
        d.cell.merge(m.cell);
      }
    }
    const out = { cells: [...minutes, ...coarser.values()], sightings: [...this.sightings.values()] };
    this.cells = new Map();
    this.sightings = new Map();
    this.lastCell = undefined;
    this.lastSighting = undefined;
    this.pendingCalls = 0;
    return out;
  }
}
