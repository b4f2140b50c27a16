import { HealthCell, type CallFacts, ROLLUP_LEVELS, bucketStart, type RollupLevel } from './health-cell.js';

export interface CellKey {
  level: RollupLevel;
  model: string;
  endpoint: string;
  bucketStart: number;
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
 * Accumulates calls since the last drain into cells at every rollup level (minute, hour, day), so a
 * flush merges each delta into the stored cell of the same key. Pure: no clock, no storage.
 *
 * @example
 *   const agg = new HealthAggregator(); agg.add(facts, meta);
 *   const { cells, sightings } = agg.drain();   // then RollupStore.mergeCells(cells, ...)
 */
export class HealthAggregator {
  private cells = new Map<string, CellDelta>();
  private sightings = new Map<string, ModelSighting>();
  private pendingCalls = 0;

  add(f: CallFacts, meta: { modelType: string | null; modelVersion: string | null }): void {
    for (const level of ROLLUP_LEVELS) {
      const start = bucketStart(f.timestampMs, level);
      const key = `${level}\u0000${f.model}\u0000${f.endpoint}\u0000${start}`;
      let delta = this.cells.get(key);
      if (!delta) {
        delta = { level, model: f.model, endpoint: f.endpoint, bucketStart: start, cell: new HealthCell() };
        this.cells.set(key, delta);
      }
      delta.cell.add(f);
    }
    const sKey = `${f.model}\u0000${f.endpoint}\u0000${meta.modelVersion ?? ''}`;
    const s = this.sightings.get(sKey);
    if (!s) {
      this.sightings.set(sKey, {
        model: f.model,
        endpoint: f.endpoint,
        modelType: meta.modelType,
        modelVersion: meta.modelVersion,
        firstSeen: f.timestampMs,
        lastSeen: f.timestampMs,
      });
    } else {
      if (f.timestampMs < s.firstSeen) s.firstSeen = f.timestampMs;
      if (f.timestampMs > s.lastSeen) s.lastSeen = f.timestampMs;
      if (meta.modelType) s.modelType = meta.modelType;
    }
    this.pendingCalls += 1;
  }

  /** Puts back what a failed flush had drained, so the next flush retries it. */
  restore(drained: { cells: CellDelta[]; sightings: ModelSighting[] }): void {
    for (const d of drained.cells) {
      const key = `${d.level}\u0000${d.model}\u0000${d.endpoint}\u0000${d.bucketStart}`;
      const cur = this.cells.get(key);
      if (cur) cur.cell.merge(d.cell);
      else this.cells.set(key, d);
      this.pendingCalls += d.level === ROLLUP_LEVELS[0] ? d.cell.calls : 0;
    }
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

  /** Hands over everything accumulated since the last drain and starts empty. */
  drain(): { cells: CellDelta[]; sightings: ModelSighting[] } {
    const out = { cells: [...this.cells.values()], sightings: [...this.sightings.values()] };
    this.cells = new Map();
    this.sightings = new Map();
    this.pendingCalls = 0;
    return out;
  }
}
