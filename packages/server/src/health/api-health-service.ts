import type { ModelList, SegmentList, TimeseriesResult } from '@vigil/protocol';
import {
  HealthCell,
  MINUTE_MS,
  METRICS,
  bucketStart,
  buildPoints,
  isKnownMetric,
  planCoverage,
  planTimeseries,
  summarizeCell,
} from '../analysis/api-health/index.js';
import { VigilError } from '../errors/index.js';
import type { Store, StoredCell } from '../storage/index.js';

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
  listSegments(model?: string): Promise<SegmentList>;
}

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
      const plan = planTimeseries(q.from, q.to, q.step);
      const cells = await store.rollups.readCells({
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
      });
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
      const series: TimeseriesResult['series'] = [];
      const sorted = [...groups.values()].sort((a, b) =>
        `${a.model}${a.endpoint}`.localeCompare(`${b.model}${b.endpoint}`),
      );
      for (const g of sorted) {
        const points = buildPoints(plan, g.rows, q.metrics);
        q.metrics.forEach((metric, i) =>
          series.push({ metric, model: g.model, endpoint: g.endpoint, points: points[i]! }),
        );
      }
      return { from: plan.from, to: plan.to, step: plan.step, series };
    },

    listSegments: async (model) => ({ segments: await store.rollups.listSegments(model) }),
  };
}
