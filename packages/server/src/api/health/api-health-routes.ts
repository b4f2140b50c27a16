import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, METRIC_NAMES, ModelList, SegmentList, TimeseriesQuery, TimeseriesResult } from '@vigil/protocol';
import type { ApiHealthService } from '../../health/index.js';
import { parseDurationParam, parseQueryRange } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['health'];

/**
 * GET /api/v1/models, /api/v1/metrics/timeseries and /api/v1/segments: API health from the rollups.
 * @example await app.register(apiHealthRoutes, { apiHealth });
 */
export const apiHealthRoutes: FastifyPluginAsyncTypebox<{ apiHealth: ApiHealthService; now: () => number }> = async (
  app,
  { apiHealth, now },
) => {
  app.get(
    '/api/v1/models',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Models seen in traffic, with headline API-health numbers',
        tags,
        querystring: Type.Object({
          window: Type.String({ default: '1h', description: 'Window of the headline numbers, e.g. 15m, 1h, 24h.' }),
        }),
        response: { 200: ModelList, ...errors },
      },
    },
    async (req) => apiHealth.listModels(parseDurationParam('window', req.query.window)),
  );

  app.get(
    '/api/v1/metrics/timeseries',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'API-health metrics over time from the rollups',
        description: `Metrics: ${METRIC_NAMES.join(', ')}. Reads minute, hour or day rollups depending on the step.`,
        tags,
        querystring: TimeseriesQuery,
        response: { 200: TimeseriesResult, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return apiHealth.timeseries({
        metrics: q.metric
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
        ...parseQueryRange(q, now(), 86_400_000),
        step: q.step !== undefined ? parseDurationParam('step', q.step) : undefined,
        model: q.model,
        endpoint: q.endpoint,
        segment: q.segment,
        groupBy: q.groupBy,
      });
    },
  );

  app.get(
    '/api/v1/segments',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Tag values with rollups of their own (segments), per model',
        description:
          'Each tag value of an event gets API-health rollups of its own, up to maxTagValuesPerKey values per tag key, maxTagKeysPerModel keys per model and maxSegments in all (GET /api/v1/limits); later values share "key=(other)".',
        tags,
        querystring: Type.Object({ model: Type.Optional(Type.String()) }),
        response: { 200: SegmentList, ...errors },
      },
    },
    async (req) => apiHealth.listSegments(req.query.model),
  );
};
