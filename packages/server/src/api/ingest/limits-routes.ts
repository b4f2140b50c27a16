import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, LimitsResult } from '@vigil/protocol';
import type { IngestCardinality } from '../../ingest/index.js';

type Status = LimitsResult['limits'][number];

/** What the limits page reads: ingest's cardinality limits and the /metrics series budget. */
export interface LimitsSources {
  cardinality: () => IngestCardinality;
  metricsSeries: () => { series: number; maxSeries: number; foldedCalls: number };
}

/**
 * `GET /api/v1/limits`: every cardinality limit with its setting, current use (the busiest model or key for
 * the per-model and per-key ones), what happens past it and how often it happened since start. The dashboard's
 * Limits page shows this; /metrics exposes the same numbers as vigil_cardinality_*.
 * @example await app.register(limitsRoutes, { cardinality: () => pipeline.cardinality(), metricsSeries });
 */
export const limitsRoutes: FastifyPluginAsyncTypebox<LimitsSources> = async (app, deps) => {
  app.get(
    '/api/v1/limits',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Cardinality limits: settings, current use, events refused or folded since start',
        tags: ['system'],
        response: { 200: LimitsResult, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => ({ limits: describeLimits(deps.cardinality(), deps.metricsSeries()) }),
  );
};

function describeLimits(c: IngestCardinality, m: { series: number; maxSeries: number; foldedCalls: number }): Status[] {
  const b = c.busiest;
  return [
    row('maxModels', 'deployment', c.limits.maxModels, c.models, null, 'refuse', c.rejected.maxModels),
    row(
      'maxModelsPerKey',
      'api key',
      c.limits.maxModelsPerKey,
      b.modelsPerKey.count,
      b.modelsPerKey.keyId,
      'refuse',
      c.rejected.maxModelsPerKey,
    ),
    row(
      'maxEndpointsPerModel',
      'model',
      c.limits.maxEndpointsPerModel,
      b.endpointsPerModel.count,
      b.endpointsPerModel.model,
      'refuse',
      c.rejected.maxEndpointsPerModel,
    ),
    row(
      'maxFeaturesPerModel',
      'model',
      c.limits.maxFeaturesPerModel,
      b.featuresPerModel.count,
      b.featuresPerModel.model,
      'refuse',
      c.rejected.maxFeaturesPerModel,
    ),
    row(
      'maxErrorTypesPerModel',
      'model',
      c.limits.maxErrorTypesPerModel,
      b.errorTypesPerModel.count,
      b.errorTypesPerModel.model,
      'fold',
      c.foldedErrorTypes,
    ),
    row(
      'maxTagKeysPerModel',
      'model',
      c.segments.keysPerModel,
      c.segments.count.keys.count,
      c.segments.count.keys.model,
      'fold',
      c.segments.unsegmentedKeys,
    ),
    row(
      'maxTagValuesPerKey',
      'tag key',
      c.segments.valuesPerKey,
      c.segments.count.values.count,
      c.segments.count.values.key,
      'fold',
      c.segments.foldedValues,
    ),
    row('maxSegments', 'deployment', c.segments.total, c.segments.count.total, null, 'fold', c.segments.overTotal),
    row('metricsMaxSeries', '/metrics', m.maxSeries, m.series, null, 'fold', m.foldedCalls),
  ];
}

function row(
  limit: string,
  scope: Status['scope'],
  max: number,
  used: number,
  usedBy: string | null,
  onLimit: Status['onLimit'],
  sinceStart: number,
): Status {
  const env = `VIGIL_${limit.replace(/([A-Z])/g, '_$1').toUpperCase()}`;
  return { limit, env, scope, max, used, usedBy, onLimit, sinceStart };
}
