import type { MetricSummary, ModelList, SegmentList, TimeseriesResult } from '@vigil/protocol';
import {
  HealthCell,
  HOUR_MS,
  MINUTE_MS,
  METRICS,
  bucketStart,
  buildPoints,
  computeMetric,
  isKnownMetric,
  planCoverage,
  planTimeseries,
  summarizeCell,
} from '../analysis/api-health/index.js';
import { VigilError } from '../errors/index.js';
import type { ModelRecord, Store, StoredCell } from '../storage/index.js';

/** A timeseries read: metrics by name (checked here), a range and the optional step, scope and grouping. */
export interface TimeseriesRequest {
  metrics: string[];
  from: number;
  to: number;
  step?: number;
  model?: string;
  endpoint?: string;
  segment?: string;
  groupBy?: 'endpoint' | 'model';
}

/** API health as the dashboard reads it: per-model headline numbers, timeseries and segments, from the rollups. */
export interface ApiHealthService {
  /** Every model seen, with its headline numbers over the last `windowMs`. */
  listModels(windowMs: number): Promise<ModelList>;
  timeseries(q: TimeseriesRequest): Promise<TimeseriesResult>;
  /**
   * Each metric over a whole range, per model or endpoint — what the Endpoints table and dashboard number and
   * table panels show. Unlike a timeseries bucket, the range is exact (whole minutes; rates divide by its
   * width), so a p99 over 24 h is the p99 of those calls, not a maximum of bucket p99s.
   */
  summary(q: Omit<TimeseriesRequest, 'step'>): Promise<MetricSummary>;
  listSegments(model?: string): Promise<SegmentList>;
}

/** Metric names a summary asks for at once, at most (each is one value per group; the cells are read once). */
const MAX_SUMMARY_METRICS = 12;
/** Metrics that are 0, not null, over a range without calls. */
const SUMMARY_COUNTERS = new Set([
  'calls',
  'callsPerMinute',
  'errors',
  'cost',
  'tokens',
  'inputTokens',
  'outputTokens',
]);

/** The metric names a timeseries can ask for. */
export const API_HEALTH_METRICS: readonly string[] = Object.keys(METRICS);

/**
 * @example
 * const health = createApiHealthService({ store, now: Date.now });
 * await health.timeseries({ metrics: ['calls'], from: Date.now() - 3_600_000, to: Date.now() });
 */
export function createApiHealthService(deps: { store: Store; now: () => number }): ApiHealthService {
  const { store, now } = deps;
  return {
    async listModels(windowMs) {
      // From the minute after the one holding `now - window` through the current, still-filling minute,
      // read as whole days, hours and minutes; rates divide by the time those cells actually cover.
      const to = now();
      const from = bucketStart(to - Math.max(windowMs, MINUTE_MS), MINUTE_MS) + MINUTE_MS;
      const [models, ...parts] = await Promise.all([
        store.rollups.listModels(),
        ...planCoverage(from, to + 1).map((seg) =>
          store.rollups.readCells({
            level: seg.level,
            fromMs: seg.from,
            toMs: seg.to,
            sketches: { latency: true, ttft: false },
          }),
        ),
      ]);
      const perModel = new Map<string, HealthCell>();
      for (const c of parts.flat()) {
        const acc = perModel.get(c.model);
        if (acc) acc.merge(c.cell);
        else perModel.set(c.model, c.cell);
      }
      return {
        models: models.map((m) => ({
          model: m.model,
          modelType: m.modelType,
          versions: m.versions,
          versionHistory: describeVersions(m),
          endpoints: m.endpoints.filter((e) => e !== ''),
          firstSeen: new Date(m.firstSeen).toISOString(),
          lastSeen: new Date(m.lastSeen).toISOString(),
          window: { from, to },
          health: summarizeCell(perModel.get(m.model) ?? new HealthCell(), to - from),
        })),
      };
    },

    async timeseries(q) {
      const unknown = q.metrics.filter((m) => !isKnownMetric(m));
      if (q.metrics.length === 0 || unknown.length > 0)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `querystring.metric: unknown metric ${unknown.map((m) => `"${m}"`).join(', ') || '(empty)'}; choose from ${API_HEALTH_METRICS.join(', ')}`,
        );
      const plan = await planWithHistory(store, q);
      // The cells, the models and (ungrouped: its one series is known already) the series' first cell are read at
      // once; a grouped answer asks the first cell of all its series in one more read.
      const ownScope = { level: plan.level, model: q.model, endpoint: q.endpoint, segment: q.segment };
      const [cells, models, ungroupedFirst] = await Promise.all([
        store.rollups.readCells({
          level: plan.level,
          fromMs: plan.from,
          toMs: plan.to,
          model: q.model,
          endpoint: q.endpoint,
          segment: q.segment,
          sketches: {
            latency: q.metrics.some((m) => m.startsWith('latency.')),
            ttft: q.metrics.some((m) => m.startsWith('ttft.')),
          },
        }),
        q.segment === undefined ? store.rollups.listModels() : [],
        q.groupBy === undefined ? store.rollups.firstCellBuckets([ownScope]) : undefined,
      ]);
      const groups = new Map<string, { model: string | null; endpoint: string | null; rows: StoredCell[] }>();
      for (const c of cells) {
        const model = q.groupBy === 'model' || q.model !== undefined ? c.model : null;
        const endpoint = q.groupBy === 'endpoint' || q.endpoint !== undefined ? c.endpoint : null;
        const key = q.groupBy === 'endpoint' ? `e:${c.endpoint}` : q.groupBy === 'model' ? `m:${c.model}` : 'all';
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { model, endpoint, rows: [] }));
        g.rows.push(c);
      }
      if (groups.size === 0 && !q.groupBy)
        groups.set('all', { model: q.model ?? null, endpoint: q.endpoint ?? null, rows: [] });
      const sorted = [...groups.values()].sort((a, b) =>
        `${a.model}${a.endpoint}`.localeCompare(`${b.model}${b.endpoint}`),
      );
      // Ungrouped, the one series' scope is the request's own (its model and endpoint are the request's).
      const firsts =
        ungroupedFirst ??
        (await store.rollups.firstCellBuckets(
          sorted.map((g) => ({ ...ownScope, model: g.model ?? q.model, endpoint: g.endpoint ?? q.endpoint })),
        ));
      const series: TimeseriesResult['series'] = [];
      sorted.forEach((g, i) => {
        const points = buildPoints(plan, g.rows, q.metrics, seriesKnownFrom(q, g, firsts[i] ?? null, models), now());
        q.metrics.forEach((metric, j) =>
          series.push({ metric, model: g.model, endpoint: g.endpoint, points: points[j]! }),
        );
      });
      return { from: plan.from, to: plan.to, step: plan.step, series };
    },

    async summary(q) {
      const metrics = [...new Set(q.metrics)];
      const unknown = metrics.filter((m) => !isKnownMetric(m));
      if (metrics.length === 0 || unknown.length > 0 || metrics.length > MAX_SUMMARY_METRICS)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          metrics.length > MAX_SUMMARY_METRICS
            ? `querystring.metric: ${metrics.length} metrics; ask for at most ${MAX_SUMMARY_METRICS}`
            : `querystring.metric: unknown metric ${unknown.map((m) => `"${m}"`).join(', ') || '(empty)'}; choose from ${API_HEALTH_METRICS.join(', ')}`,
        );
      const sketches = {
        latency: metrics.some((m) => m.startsWith('latency.')),
        ttft: metrics.some((m) => m.startsWith('ttft.')),
      };
      const start = Math.ceil(q.from / MINUTE_MS) * MINUTE_MS;
      const to = Math.max(q.to, start + 1);
      const parts = await Promise.all(
        planCoverage(start, to).map((seg) =>
          store.rollups.readCells({
            level: seg.level,
            fromMs: seg.from,
            toMs: seg.to,
            model: q.model,
            endpoint: q.endpoint,
            segment: q.segment,
            sketches,
          }),
        ),
      );
      const groups = new Map<string, { model: string | null; endpoint: string | null; cell: HealthCell }>();
      for (const c of parts.flat()) {
        const model = q.groupBy === 'model' || q.model !== undefined ? c.model : null;
        const endpoint = q.groupBy === 'endpoint' || q.endpoint !== undefined ? c.endpoint : null;
        const key = q.groupBy === 'endpoint' ? `e:${c.endpoint}` : q.groupBy === 'model' ? `m:${c.model}` : 'all';
        const g = groups.get(key);
        if (g) g.cell.merge(c.cell);
        else groups.set(key, { model, endpoint, cell: c.cell });
      }
      if (groups.size === 0 && !q.groupBy)
        groups.set('all', { model: q.model ?? null, endpoint: q.endpoint ?? null, cell: new HealthCell() });
      const width = Math.max(to - start, MINUTE_MS);
      return {
        from: start,
        to,
        groups: [...groups.values()]
          .sort((a, b) => `${a.model}${a.endpoint}`.localeCompare(`${b.model}${b.endpoint}`))
          .map((g) => ({
            model: g.model,
            endpoint: g.endpoint,
            values: Object.fromEntries(
              metrics.map((m) => [
                m,
                g.cell.calls > 0 || SUMMARY_COUNTERS.has(m) ? computeMetric(m, g.cell, width) : null,
              ]),
            ),
          })),
      };
    },

    listSegments: async (model) => ({ segments: await store.rollups.listSegments(model) }),
  };
}

/**
 * The timeseries plan, at hour resolution instead of minutes when the minute cells (kept 14 days; a segment's
 * backfilled history has hour cells only) start after the range does while hour cells reach further back: a
 * chart then shows the history at hourly resolution instead of a gap. Both first cells are read at once.
 */
async function planWithHistory(store: Store, q: TimeseriesRequest) {
  const plan = planTimeseries(q.from, q.to, q.step);
  if (plan.level !== MINUTE_MS) return plan;
  const scope = { model: q.model, endpoint: q.endpoint, segment: q.segment };
  const [firstMinute = null, firstHour = null] = await store.rollups.firstCellBuckets([
    { level: MINUTE_MS, ...scope },
    { level: HOUR_MS, ...scope },
  ]);
  if (firstMinute !== null && firstMinute <= plan.from) return plan;
  return firstHour !== null && firstHour < (firstMinute ?? Infinity)
    ? planTimeseries(q.from, q.to, Math.max(q.step ?? 0, HOUR_MS))
    : plan;
}

/**
 * When a series of a timeseries answer starts to be recorded, so buckets before it are gaps, not zeros: its
 * first cell at the plan's level (`first`; minute cells are kept 14 days, a segment exists from its first call),
 * and for call series not before the first call of its model (and endpoint).
 */
function seriesKnownFrom(
  q: TimeseriesRequest,
  group: { model: string | null; endpoint: string | null },
  first: number | null,
  models: readonly ModelRecord[],
): number {
  const model = group.model ?? q.model;
  const endpoint = group.endpoint ?? q.endpoint;
  if (first === null) return Infinity;
  if (q.segment !== undefined) return first;
  const seen = models
    .filter((m) => model === undefined || m.model === model)
    .flatMap((m) => m.sightings)
    .filter((s) => endpoint === undefined || s.endpoint === endpoint)
    .map((s) => s.firstSeen);
  return Math.max(first, Math.min(Infinity, ...seen));
}

/** Each version of a model with the first and last time any endpoint served it, oldest first. */
function describeVersions(m: ModelRecord): Array<{ version: string; firstSeen: string; lastSeen: string }> {
  const byVersion = new Map<string, { first: number; last: number }>();
  for (const s of m.sightings) {
    if (!s.version) continue;
    const v = byVersion.get(s.version);
    if (v) {
      v.first = Math.min(v.first, s.firstSeen);
      v.last = Math.max(v.last, s.lastSeen);
    } else byVersion.set(s.version, { first: s.firstSeen, last: s.lastSeen });
  }
  return [...byVersion.entries()]
    .sort((a, b) => a[1].first - b[1].first)
    .map(([version, v]) => ({
      version,
      firstSeen: new Date(v.first).toISOString(),
      lastSeen: new Date(v.last).toISOString(),
    }));
}
