import type { FastifyInstance } from 'fastify';
import { ErrorBody, MetricSummary, MetricSummaryQuery } from '@vigil/protocol';
import {
  HealthCell,
  METRICS,
  MINUTE_MS,
  computeMetric,
  isKnownMetric,
  planCoverage,
} from '../analysis/api-health/index.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import { parseTimeParam } from './time-params.js';

/** Metric names asked for at once, at most (each is one value per group; the cells are read once). */
const MAX_METRICS = 12;

/**
 * GET /api/v1/metrics/summary: each metric over a whole range, per model or endpoint — what the Endpoints table
 * and dashboard number and table panels show. Unlike a timeseries bucket, the range is exact (whole minutes;
 * rates divide by its width), so a p99 over 24 h is the p99 of those calls, not a maximum of bucket p99s.
 */
export function registerMetricSummaryRoute(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  app.get(
    '/api/v1/metrics/summary',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'API-health metrics over a whole range, per model or endpoint (from the rollups)',
        tags: ['health'],
        querystring: MetricSummaryQuery,
        response: { 200: MetricSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req): Promise<MetricSummary> => {
      const q = req.query as MetricSummaryQuery;
      const metrics = [
        ...new Set(
          q.metric
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = metrics.filter((m) => !isKnownMetric(m));
      if (metrics.length === 0 || unknown.length > 0 || metrics.length > MAX_METRICS)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          metrics.length > MAX_METRICS
            ? `querystring.metric: ${metrics.length} metrics; ask for at most ${MAX_METRICS}`
            : `querystring.metric: unknown metric ${unknown.map((m) => `"${m}"`).join(', ') || '(empty)'}; choose from ${Object.keys(METRICS).join(', ')}`,
        );
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : deps.now();
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - 86_400_000;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const sketches = {
        latency: metrics.some((m) => m.startsWith('latency.')),
        ttft: metrics.some((m) => m.startsWith('ttft.')),
      };
      const start = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
      const parts = await Promise.all(
        planCoverage(start, to).map((seg) =>
          deps.store.rollups.readCells({
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
              metrics.map((m) => [m, g.cell.calls > 0 || isCounter(m) ? computeMetric(m, g.cell, width) : null]),
            ),
          })),
      };
    },
  );
}

const COUNTERS = new Set(['calls', 'callsPerMinute', 'errors', 'cost', 'tokens', 'inputTokens', 'outputTokens']);
const isCounter = (m: string) => COUNTERS.has(m);
