import { HOUR_MS, HealthCell, MINUTE_MS, computeMetric, type RollupLevel } from '../../analysis/api-health/index.js';
import type { StoredCell } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { segmentOf } from '../rules/rule-metrics.js';
import { edgeKey, planWindowEdges, type EdgeCells } from './window-edges.js';

const SKETCH_METRICS = /^(latency|ttft)\./;

/** One stretch of rollup cells at one level: buckets with start in [from, to). */
export interface Span {
  level: RollupLevel;
  from: number;
  to: number;
}

/**
 * Which cells answer a window [from, to) at minute resolution: minute cells from the first whole minute, with
 * whole hours in the middle read from hour cells (a 6 h window reads ≤ 2 × 59 minute cells and 5 hour cells).
 * The cell of the current minute is included while it fills. Returns the spans and the width they cover (for
 * rates). Rule evaluation reads the partial minutes at the edges from raw events instead ({@link CellIndex.setEdges}).
 */
export function splitWindow(from: number, to: number): { spans: Span[]; widthMs: number } {
  const f = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
  if (f >= to) return { spans: [], widthMs: 0 };
  const hf = Math.ceil(f / HOUR_MS) * HOUR_MS;
  const ht = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (ht - hf < HOUR_MS) return { spans: [{ level: MINUTE_MS, from: f, to }], widthMs: to - f };
  const spans: Span[] = [];
  if (hf > f) spans.push({ level: MINUTE_MS, from: f, to: hf });
  spans.push({ level: HOUR_MS, from: hf, to: ht });
  if (to > ht) spans.push({ level: MINUTE_MS, from: ht, to });
  return { spans, widthMs: to - f };
}

type CellScope = Pick<MetricQuery, 'model' | 'endpoint' | 'from' | 'to'> & { segment?: string };

/**
 * Rollup cells held in memory by level, segment, model and endpoint, merged on demand. Built once per
 * evaluation round (or once per preview) so thousands of queries cost a few range reads.
 */
export class CellIndex {
  // level → "segment\0model\0endpoint" → bucket → cell
  readonly #series = new Map<number, Map<string, Map<number, HealthCell>>>();
  // level → "segment\0model" → endpoints
  readonly #endpoints = new Map<number, Map<string, Set<string>>>();
  // level → segment → models
  readonly #models = new Map<number, Map<string, Set<string>>>();
  readonly #merged = new Map<string, HealthCell>();
  #edges: EdgeCells | null = null;

  add(level: RollupLevel, cells: readonly StoredCell[], segment = ''): void {
    let byLevel = this.#series.get(level);
    if (!byLevel) this.#series.set(level, (byLevel = new Map()));
    let eps = this.#endpoints.get(level);
    if (!eps) this.#endpoints.set(level, (eps = new Map()));
    let models = this.#models.get(level);
    if (!models) this.#models.set(level, (models = new Map()));
    let segmentModels = models.get(segment);
    if (!segmentModels) models.set(segment, (segmentModels = new Set()));
    for (const c of cells) {
      const key = `${segment}\u0000${c.model}\u0000${c.endpoint}`;
      let s = byLevel.get(key);
      if (!s) byLevel.set(key, (s = new Map()));
      s.set(c.bucketStart, c.cell);
      const modelKey = `${segment}\u0000${c.model}`;
      let set = eps.get(modelKey);
      if (!set) eps.set(modelKey, (set = new Set()));
      set.add(c.endpoint);
      segmentModels.add(c.model);
    }
  }

  /**
   * Cells of the partial minutes at window edges, read from raw events ({@link readEdgeCells}). With them a
   * window [from, to) counts exactly the calls with from ≤ timestamp < to; without (or for an edge not read)
   * it is the minute approximation of {@link splitWindow}.
   */
  setEdges(edges: EdgeCells): void {
    this.#edges = edges;
    this.#merged.clear();
  }

  /** The value of one query from the cells held. */
  valueOf(q: MetricQuery): number | null {
    const segment = segmentOf(q.tags);
    const needsSketch = SKETCH_METRICS.test(q.metric);
    const exact = this.#exactCell({ ...q, segment }, needsSketch);
    if (exact) return computeMetric(q.metric, exact, q.to - q.from);
    const { widthMs } = splitWindow(q.from, q.to);
    if (widthMs === 0) return null;
    return computeMetric(q.metric, this.mergedCell({ ...q, segment }, needsSketch), widthMs);
  }

  // Whole minutes (and hours) from the rollups plus the edge cells; null when an edge was not read.
  #exactCell(q: CellScope & { segment: string }, needsSketch: boolean): HealthCell | null {
    if (this.#edges === null || q.from >= q.to) return null;
    const key = `exact\u0000${q.segment}\u0000${q.model ?? ''}\u0000${q.endpoint ?? ''}\u0000${q.from}\u0000${q.to}\u0000${needsSketch ? 1 : 0}`;
    const hit = this.#merged.get(key);
    if (hit) return hit;
    const plan = planWindowEdges(q.from, q.to);
    const edges = [plan.head, plan.tail].filter((e) => e !== null).map((e) => this.#edges!.get(edgeKey(e)));
    if (edges.some((e) => e === undefined)) return null;
    const cell =
      plan.wholeFrom < plan.wholeTo
        ? this.#merge(splitWindow(plan.wholeFrom, plan.wholeTo).spans, q.segment, q.model, q.endpoint, needsSketch)
        : new HealthCell();
    for (const edge of edges)
      for (const [series, c] of edge!) {
        const [segment, model, endpoint] = series.split('\u0000');
        if (segment !== q.segment) continue;
        if ((q.model !== undefined && model !== q.model) || (q.endpoint !== undefined && endpoint !== q.endpoint))
          continue;
        mergeInto(cell, c, needsSketch);
      }
    this.#merged.set(key, cell);
    return cell;
  }

  /** The cells of a scope and window merged into one (sketches only when asked: they cost most). Cached. */
  mergedCell(q: CellScope, needsSketch: boolean): HealthCell {
    const segment = q.segment ?? '';
    const key = `${segment}\u0000${q.model ?? ''}\u0000${q.endpoint ?? ''}\u0000${q.from}\u0000${q.to}\u0000${needsSketch ? 1 : 0}`;
    let cell = this.#merged.get(key);
    if (!cell) {
      cell = this.#merge(splitWindow(q.from, q.to).spans, segment, q.model, q.endpoint, needsSketch);
      this.#merged.set(key, cell);
    }
    return cell;
  }

  /** Forgets merged cells (long previews evaluate thousands of distinct windows). */
  clearMerged(): void {
    this.#merged.clear();
  }

  #merge(
    spans: readonly Span[],
    segment: string,
    model: string | undefined,
    endpoint: string | undefined,
    needsSketch: boolean,
  ): HealthCell {
    const out = new HealthCell();
    for (const span of spans) {
      const byLevel = this.#series.get(span.level);
      const eps = this.#endpoints.get(span.level);
      if (!byLevel || !eps) continue;
      const models = model !== undefined ? [model] : [...(this.#models.get(span.level)?.get(segment) ?? [])];
      for (const m of models) {
        const endpoints = endpoint !== undefined ? [endpoint] : [...(eps.get(`${segment}\u0000${m}`) ?? [])];
        for (const e of endpoints) {
          const series = byLevel.get(`${segment}\u0000${m}\u0000${e}`);
          if (!series) continue;
          for (let b = span.from - (span.from % span.level); b < span.to; b += span.level) {
            const c = series.get(b);
            if (c) mergeInto(out, c, needsSketch);
          }
        }
      }
    }
    return out;
  }
}

// Additive metrics skip the sketch merges, which are most of the cost of a merge.
function mergeInto(out: HealthCell, c: HealthCell, needsSketch: boolean): void {
  if (needsSketch) {
    out.merge(c);
    return;
  }
  out.calls += c.calls;
  out.errors += c.errors;
  out.costUsd += c.costUsd;
  out.costCount += c.costCount;
  out.inputTokens += c.inputTokens;
  out.outputTokens += c.outputTokens;
}
