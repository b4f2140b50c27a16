import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ModelList, SegmentList, TimeseriesQuery, TimeseriesResult } from '@vigil/protocol';
import {
  HealthCell,
  MINUTE_MS,
  buildPoints,
  isKnownMetric,
  METRICS,
  planTimeseries,
  planCoverage,
  summarizeCell,
  HOUR_MS,
  bucketStart,
  type RollupLevel,
} from '../analysis/api-health/index.js';
import { VigilError } from '../errors/index.js';
import type { ModelRecord, Store, StoredCell } from '../storage/index.js';
import { parseDurationParam, parseTimeParam } from './time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function registerHealthRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  const { store, now } = deps;

  app.get(
    '/api/v1/models',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Models seen in traffic, with headline API-health numbers',
        tags: ['health'],
        querystring: Type.Object({
          window: Type.String({ default: '1h', description: 'Window of the headline numbers, e.g. 15m, 1h, 24h.' }),
        }),
        response: { 200: ModelList, ...errors },
      },
    },
    async (req): Promise<ModelList> => {
      const windowMs = parseDurationParam('window', (req.query as { window: string }).window);
      // From the minute after the one holding `now - window` through the current, still-filling minute,
      // read as whole days, hours and minutes; rates divide by the time those cells actually cover.
      const to = now();
      const from = bucketStart(to - Math.max(windowMs, MINUTE_MS), MINUTE_MS) + MINUTE_MS;
      const segments = planCoverage(from, to + 1);
      const [models, ...parts] = await Promise.all([
        store.rollups.listModels(),
        ...segments.map((seg) =>
          store.rollups.readCells({
            level: seg.level,
            fromMs: seg.from,
            toMs: seg.to,
            sketches: { latency: true, ttft: false },
          }),
        ),
      ]);
      const cells = parts.flat();
      const perModel = new Map<string, HealthCell>();
      for (const c of cells) {
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
  );

  app.get(
    '/api/v1/metrics/timeseries',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'API-health metrics over time from the rollups',
        description: `Metrics: ${Object.keys(METRICS).join(', ')}. Reads minute, hour or day rollups depending on the step.`,
        tags: ['health'],
        querystring: TimeseriesQuery,
        response: { 200: TimeseriesResult, ...errors },
      },
    },
    async (req): Promise<TimeseriesResult> => {
      const q = req.query as TimeseriesQuery;
      const metrics = q.metric
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      const unknown = metrics.filter((m) => !isKnownMetric(m));
      if (metrics.length === 0 || unknown.length > 0) {
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `querystring.metric: unknown metric ${unknown.map((m) => `"${m}"`).join(', ') || '(empty)'}; choose from ${Object.keys(METRICS).join(', ')}`,
        );
      }
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : now();
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - 86_400_000;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const step = q.step !== undefined ? parseDurationParam('step', q.step) : undefined;
      const plan = await planWithHistory(store, q, from, to, step);
      const sketches = {
        latency: metrics.some((m) => m.startsWith('latency.')),
        ttft: metrics.some((m) => m.startsWith('ttft.')),
      };
      const cells = await store.rollups.readCells({
        level: plan.level,
        fromMs: plan.from,
        toMs: plan.to,
        model: q.model,
        endpoint: q.endpoint,
        segment: q.segment,
        sketches,
      });
      const models = q.segment === undefined ? await store.rollups.listModels() : [];
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
      for (const g of [...groups.values()].sort((a, b) =>
        `${a.model}${a.endpoint}`.localeCompare(`${b.model}${b.endpoint}`),
      )) {
        const points = buildPoints(plan, g.rows, metrics, await seriesKnownFrom(store, q, plan.level, g, models));
        metrics.forEach((metric, i) =>
          series.push({ metric, model: g.model, endpoint: g.endpoint, points: points[i]! }),
        );
      }
      return { from: plan.from, to: plan.to, step: plan.step, series };
    },
  );

  app.get(
    '/api/v1/segments',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Tag values with rollups of their own (segments), per model',
        description:
          'Each tag value of an event gets API-health rollups of its own, up to 100 values per tag key and 20 keys per model; later values share "key=(other)".',
        tags: ['health'],
        querystring: Type.Object({ model: Type.Optional(Type.String()) }),
        response: { 200: SegmentList, ...errors },
      },
    },
    async (req): Promise<SegmentList> => ({
      segments: await store.rollups.listSegments((req.query as { model?: string }).model),
    }),
  );
}

/**
 * The timeseries plan, at hour resolution instead of minutes when the minute cells (kept 14 days; a segment's
 * backfilled history has hour cells only) start after the range does while hour cells reach further back: a
 * chart then shows the history at hourly resolution instead of a gap.
 */
async function planWithHistory(store: Store, q: TimeseriesQuery, from: number, to: number, step: number | undefined) {
  const plan = planTimeseries(from, to, step);
  if (plan.level !== MINUTE_MS) return plan;
  const scope = { model: q.model, endpoint: q.endpoint, segment: q.segment };
  const firstMinute = await store.rollups.firstCellBucket({ level: MINUTE_MS, ...scope });
  if (firstMinute !== null && firstMinute <= plan.from) return plan;
  const firstHour = await store.rollups.firstCellBucket({ level: HOUR_MS, ...scope });
  return firstHour !== null && firstHour < (firstMinute ?? Infinity)
    ? planTimeseries(from, to, Math.max(step ?? 0, HOUR_MS))
    : plan;
}

/**
 * When a series of a timeseries answer starts to be recorded, so buckets before it are gaps, not zeros: its
 * first cell at the plan's level (minute cells are kept 14 days, a segment exists from its first call), and for
 * call series not before the first call of its model (and endpoint).
 */
async function seriesKnownFrom(
  store: Store,
  q: TimeseriesQuery,
  level: RollupLevel,
  group: { model: string | null; endpoint: string | null },
  models: readonly ModelRecord[],
): Promise<number> {
  const model = group.model ?? q.model;
  const endpoint = group.endpoint ?? q.endpoint;
  const first = await store.rollups.firstCellBucket({ level, model, endpoint, segment: q.segment });
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
