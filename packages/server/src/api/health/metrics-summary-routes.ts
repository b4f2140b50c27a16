import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, MetricSummary, MetricSummaryQuery } from '@vigil/protocol';
import type { ApiHealthService } from '../../health/index.js';
import { parseQueryRange } from '../http/time-params.js';

const DAY = 86_400_000;

/**
 * GET /api/v1/metrics/summary: each metric over a whole range, per model or endpoint (the Endpoints table,
 * dashboard number and table panels).
 * @example await app.register(metricsSummaryRoutes, { apiHealth, now });
 */
export const metricsSummaryRoutes: FastifyPluginAsyncTypebox<{
  apiHealth: ApiHealthService;
  now: () => number;
}> = async (app, { apiHealth, now }) => {
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
    async (req) => {
      const q = req.query;
      return apiHealth.summary({
        ...parseQueryRange(q, now(), DAY),
        metrics: q.metric
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
        model: q.model,
        endpoint: q.endpoint,
        segment: q.segment,
        groupBy: q.groupBy,
      });
    },
  );
};
