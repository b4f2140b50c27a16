import {
  HOUR_MS,
  HealthCell,
  METRICS,
  MINUTE_MS,
  computeMetric,
  segmentName,
  type RollupLevel,
} from '../../analysis/api-health/index.js';
import {
  FEATURE_TAG,
  isModelHealthMetric,
  MODEL_HEALTH_METRICS,
  type ModelHealthMetric,
} from '../../analysis/model-health/index.js';
import type { RollupStore, StoredCell } from '../../storage/index.js';
import type { MetricQuery, MetricSource } from '../evaluation/metric-source.js';
import {
  BUDGET_METRICS,
  checkBudgetRule,
  findBudgetMetric,
  isBudgetMetric,
  type BudgetMetric,
} from '../rules/budget-metrics.js';
import type { RuleProblem } from '../rules/rule-parse.js';
import type { AlertRule } from '../rules/rule-schema.js';
import { fetchBudgetMetrics, type BudgetStatusReader } from './budget-metric-source.js';
import { fetchModelHealthMetrics, type ModelHealthReads } from './model-health-metric-source.js';
import { edgeKey, planWindowEdges, readEdgeCells, type EdgeCells, type EdgeReadOptions } from './window-edges.js';

/** Metric names alert rules can use: the API-health metrics of the rollups, the model-health metrics (hourly), the budget ratios. */
export const ALERTABLE_METRICS: readonly string[] = [
  ...Object.keys(METRICS),
  ...MODEL_HEALTH_METRICS,
  ...BUDGET_METRICS,
];

/** A scope tag that marks a rule as customer-facing instead of selecting a segment. */
export const CUSTOMER_FACING_TAG = 'customer-facing';

const SKETCH_METRICS = /^(latency|ttft)\./;

/** One stretch of rollup cells at one level: buckets with start in [from, to). */
interface Span {
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

/** Scope tags that do not select a segment: the customer-facing marker and a model-health feature name. */
const NON_SEGMENT_TAGS = new Set([CUSTOMER_FACING_TAG, FEATURE_TAG]);

/**
 * The segment a query reads ("region=eu"), from its one segment tag; "" (all calls) without one. Rules are
 * validated to carry at most one ({@link checkRuleAgainstRollups}).
 */
export function segmentOf(tags: Readonly<Record<string, string>> | undefined): string {
  for (const [key, value] of Object.entries(tags ?? {})) if (!NON_SEGMENT_TAGS.has(key)) return segmentName(key, value);
  return '';
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

/**
 * Reads every cell the queries need with one range read per segment, level and stretch of time
 * (overlapping windows are merged first), into a {@link CellIndex}.
 */
export async function loadCellIndex(
  rollups: RollupStore,
  queries: readonly (Pick<MetricQuery, 'from' | 'to' | 'model' | 'tags'> & { metric?: string })[],
  options: { allLevels?: boolean; edges?: EdgeReadOptions } = {},
): Promise<CellIndex> {
  const bySegment = new Map<string, (typeof queries)[number][]>();
  for (const q of queries) {
    const segment = segmentOf(q.tags);
    const list = bySegment.get(segment);
    if (list) list.push(q);
    else bySegment.set(segment, [q]);
  }
  const index = new CellIndex();
  for (const [segment, list] of bySegment) await loadSegment(rollups, index, segment, list, options);
  if (options.edges) {
    const edges = queries.flatMap((q) => {
      const plan = planWindowEdges(q.from, q.to);
      return [plan.head, plan.tail].filter((e) => e !== null);
    });
    const models = new Set(queries.map((q) => q.model));
    const onlyModel = models.size === 1 ? [...models][0] : undefined;
    index.setEdges(
      await readEdgeCells(edges, {
        ...options.edges,
        model: onlyModel,
        segments: new Set([...bySegment.keys()].filter(Boolean)),
      }),
    );
  }
  return index;
}

async function loadSegment(
  rollups: RollupStore,
  index: CellIndex,
  segment: string,
  queries: readonly (Pick<MetricQuery, 'from' | 'to' | 'model'> & { metric?: string })[],
  options: { allLevels?: boolean },
): Promise<void> {
  const ranges = new Map<number, Array<[number, number]>>();
  const models = new Set<string | undefined>();
  // Sketch bytes are most of a cell: load the latency/TTFT sketches only when a query reads a quantile.
  // A query without a metric name (SLO status) may need either.
  const sketches = { latency: false, ttft: false };
  for (const q of queries) {
    models.add(q.model);
    if (q.metric === undefined || q.metric.startsWith('latency.')) sketches.latency = true;
    if (q.metric === undefined || q.metric.startsWith('ttft.')) sketches.ttft = true;
    // allLevels: minute and hour cells over the whole range, for sliding many windows across it (previews).
    const spans = options.allLevels
      ? [
          { level: MINUTE_MS, from: q.from - (q.from % MINUTE_MS), to: q.to },
          { level: HOUR_MS, from: q.from - (q.from % HOUR_MS), to: q.to },
        ]
      : splitWindow(q.from, q.to).spans;
    for (const s of spans) {
      let list = ranges.get(s.level);
      if (!list) ranges.set(s.level, (list = []));
      list.push([s.from, s.to]);
    }
  }
  // One model in scope (previews, small setups): let the store filter by model.
  const onlyModel = models.size === 1 ? [...models][0] : undefined;
  for (const [level, list] of ranges) {
    for (const [from, to] of mergeRanges(list)) {
      const cells = await rollups.readCells({
        level: level as RollupLevel,
        fromMs: from,
        toMs: to,
        model: onlyModel,
        segment: segment || undefined,
        sketches,
      });
      index.add(level as RollupLevel, cells, segment);
    }
  }
}

function mergeRanges(list: Array<[number, number]>): Array<[number, number]> {
  list.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [f, t] of list) {
    const last = out.at(-1);
    if (last && f <= last[1]) last[1] = Math.max(last[1], t);
    else out.push([f, t]);
  }
  return out;
}

/** Raw events read per round for window edges at most (about 10 minutes of the deck's 10K calls/min). */
export const MAX_EDGE_EVENTS = 100_000;

/** Where the partial minutes at window edges come from: the raw events, kept `retentionMs`. */
export interface RawEdgeSource {
  events: EdgeReadOptions['events'];
  retentionMs: number;
  maxEvents?: number;
}

/**
 * The {@link MetricSource} of the running server: API-health metrics computed with analysis/api-health's
 * `computeMetric` over the rollup cells merged for each query's model, endpoint and window — with `raw`, the
 * partial minutes at the window's edges from raw events, so a window is exactly [from, to); model-health
 * metrics (accuracy, drift share, …) from the hourly model windows and the stored reference; budget ratios
 * from `budgets` (null without it).
 * @example
 * const results = await evaluateRules(rules, new RollupMetricSource(store.rollups, store.references), now);
 */
export class RollupMetricSource implements MetricSource {
  readonly #health: ModelHealthReads;
  readonly #budgets: BudgetStatusReader | null;
  readonly #raw: RawEdgeSource | null;

  constructor(
    private readonly rollups: RollupStore,
    references: ModelHealthReads['references'] = null,
    budgets: BudgetStatusReader | null = null,
    raw: RawEdgeSource | null = null,
  ) {
    this.#health = { rollups, references };
    this.#budgets = budgets;
    this.#raw = raw;
  }

  async fetchMany(queries: readonly MetricQuery[]): Promise<(number | null)[]> {
    const health: number[] = [];
    const api: number[] = [];
    const budget: number[] = [];
    for (const [i, q] of queries.entries())
      (isBudgetMetric(q.metric) ? budget : isModelHealthMetric(q.metric) ? health : api).push(i);
    const out: (number | null)[] = queries.map(() => null);
    if (api.length > 0) {
      const apiQueries = api.map((i) => queries[i]!);
      // The evaluation time is the latest window end: raw events older than the retention are gone.
      const now = apiQueries.reduce((max, q) => Math.max(max, q.to), -Infinity);
      const raw = this.#raw;
      const index = await loadCellIndex(this.rollups, apiQueries, {
        edges: raw
          ? { events: raw.events, oldestMs: now - raw.retentionMs, maxEvents: raw.maxEvents ?? MAX_EDGE_EVENTS }
          : undefined,
      });
      for (const i of api) out[i] = index.valueOf(queries[i]!);
    }
    if (health.length > 0) {
      const values = await fetchModelHealthMetrics(
        this.#health,
        health.map((i) => queries[i]! as MetricQuery & { metric: ModelHealthMetric }),
      );
      for (const [k, i] of health.entries()) out[i] = values[k]!;
    }
    if (budget.length > 0) {
      const values = await fetchBudgetMetrics(
        this.#budgets,
        budget.map((i) => queries[i]! as MetricQuery & { metric: BudgetMetric }),
      );
      for (const [k, i] of budget.entries()) out[i] = values[k]!;
    }
    return out;
  }
}

/**
 * What the metric source cannot answer for a rule, as rule problems (path relative to the rule):
 * unknown metrics, model-health metrics without `scope.model` (or with an endpoint: model windows are per
 * model), more than one segment tag, segment tags on model-health metrics (only `feature` on
 * `quality.missingRate`); the `customer-facing` tag is a marker, not a segment.
 * Budget rules are checked by `checkBudgetRule` (one budget target in the scope).
 * @example checkRuleAgainstRollups(rule, '/rules/0') // [] when every metric is known
 */
export function checkRuleAgainstRollups(rule: AlertRule, path = ''): RuleProblem[] {
  if (findBudgetMetric(rule) !== null) return checkBudgetRule(rule, path, [CUSTOMER_FACING_TAG]);
  const problems: RuleProblem[] = [];
  const metrics: Array<[string, string]> =
    rule.kind === 'slo_burn'
      ? [['errorRatioMetric', rule.errorRatioMetric]]
      : rule.kind === 'absence'
        ? [['metric', rule.metric ?? 'calls']]
        : [['metric', rule.metric]];
  let isHealth = false;
  for (const [field, name] of metrics) {
    if (isModelHealthMetric(name)) {
      isHealth = true;
      if (rule.kind === 'slo_burn')
        problems.push({ path: `${path}/${field}`, message: `"${name}" is not a ratio of bad events; use "errorRate"` });
      continue;
    }
    if (Object.hasOwn(METRICS, name)) continue;
    problems.push({
      path: `${path}/${field}`,
      message: `"${name}": unknown metric; choose from ${ALERTABLE_METRICS.join(', ')}`,
    });
  }
  if (
    rule.kind === 'slo_burn' &&
    rule.errorRatioMetric !== 'errorRate' &&
    Object.hasOwn(METRICS, rule.errorRatioMetric)
  ) {
    problems.push({
      path: `${path}/errorRatioMetric`,
      message: `"${rule.errorRatioMetric}" is not a ratio of bad events; use "errorRate"`,
    });
  }
  if (isHealth && rule.kind !== 'slo_burn') {
    if (rule.scope?.model === undefined)
      problems.push({
        path: `${path}/scope/model`,
        message: `"${metrics[0]![1]}" is a model-health metric, computed per model: set scope.model`,
      });
    if (rule.scope?.endpoint !== undefined)
      problems.push({
        path: `${path}/scope/endpoint`,
        message: `"${metrics[0]![1]}" is a model-health metric: model windows are per model, not per endpoint; remove scope.endpoint`,
      });
  }
  const isMissingRate = metrics.some(([, name]) => name === 'quality.missingRate');
  let segmentTag: string | null = null;
  for (const tag of Object.keys(rule.scope?.tags ?? {})) {
    if (tag === CUSTOMER_FACING_TAG || (tag === FEATURE_TAG && isMissingRate)) continue;
    const at = `${path}/scope/tags/${tag}`;
    if (isHealth) {
      problems.push({
        path: at,
        message: `model-health metrics are computed per model, not per segment; remove the tag (only "${FEATURE_TAG}" on quality.missingRate is accepted)`,
      });
    } else if (tag === FEATURE_TAG) {
      problems.push({
        path: at,
        message: `"${FEATURE_TAG}" selects a feature of quality.missingRate; API-health metrics have no features`,
      });
    } else if (segmentTag !== null) {
      problems.push({
        path: at,
        message: `one segment tag per rule: rollups keep a series per tag value, not per combination ("${segmentTag}" is already set); make one rule per tag`,
      });
    } else {
      segmentTag = tag;
    }
  }
  return problems;
}

/** True when the rule marks a customer-facing service: `isCustomerFacing: true`, or the scope tag `customer-facing: "true"`. */
export function isCustomerFacingRule(rule: AlertRule): boolean {
  return rule.isCustomerFacing === true || rule.scope?.tags?.[CUSTOMER_FACING_TAG] === 'true';
}
