import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DriftQuery,
  DriftResult,
  DriftTimelineQuery,
  DriftTimelineResult,
  ErrorBody,
  ModelParams,
  PerformanceQuery,
  PerformanceResult,
  QualityQuery,
  QualityResult,
} from '@vigil/protocol';
import type { ModelHealthService } from '../../health/index.js';
import { parseDurationParam, parseQueryRange } from '../http/time-params.js';
import { checkModelSlug, parseReferenceParam } from './model-health-params.js';

const DAY = 86_400_000;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['model health'];

/**
 * GET …/drift, …/drift/timeline, …/quality and …/performance of one model, all read from stored hourly windows.
 * @example await app.register(modelHealthReadRoutes, { modelHealth });
 */
export const modelHealthReadRoutes: FastifyPluginAsyncTypebox<{ modelHealth: ModelHealthService }> = async (
  app,
  { modelHealth },
) => {
  const step = (value: string | undefined) =>
    value === undefined ? {} : { step: parseDurationParam('step', value), stepText: value };

  app.get(
    '/api/v1/models/:model/drift',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Feature and prediction drift of a window against the reference, with reference-vs-current histograms',
        description:
          'Numerical columns are tested on samples rebuilt from the stored quantile sketches (values within 1 % relative, both sides on one bin grid), ' +
          'categorical columns on category counts. See docs/model-health.md#api for the approximation and its error.',
        tags,
        params: ModelParams,
        querystring: DriftQuery,
        response: { 200: DriftResult, ...errors },
      },
    },
    async (req) => {
      const { model } = req.params;
      checkModelSlug(model);
      const q = req.query;
      return modelHealth.drift(model, {
        ...parseQueryRange(q, modelHealth.now(), DAY),
        endpoint: q.endpoint,
        reference: parseReferenceParam(q.reference),
        method: q.method,
        threshold: q.threshold,
        columns: q.columns,
      });
    },
  );

  app.get(
    '/api/v1/models/:model/drift/timeline',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Drift per column and time bucket against the reference (a heat map: columns × time)',
        tags,
        params: ModelParams,
        querystring: DriftTimelineQuery,
        response: { 200: DriftTimelineResult, ...errors },
      },
    },
    async (req) => {
      const { model } = req.params;
      checkModelSlug(model);
      const q = req.query;
      return modelHealth.driftTimeline(model, {
        ...parseQueryRange(q, modelHealth.now(), 7 * DAY),
        ...step(q.step),
        endpoint: q.endpoint,
        reference: parseReferenceParam(q.reference),
        method: q.method,
        threshold: q.threshold,
        columns: q.columns,
      });
    },
  );

  app.get(
    '/api/v1/models/:model/quality',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Data quality of a window: missing rates, type mismatches, ranges, unseen categories, schema changes, duplicates',
        description:
          'Compared with the stored reference when there is one (reference=previous or window:<from>,<to> for another); a column is judged only over the endpoints that send it; duplicate request ids come from raw events, so only within retention.',
        tags,
        params: ModelParams,
        querystring: QualityQuery,
        response: { 200: QualityResult, ...errors },
      },
    },
    async (req) => {
      const { model } = req.params;
      checkModelSlug(model);
      return modelHealth.quality(model, {
        ...parseQueryRange(req.query, modelHealth.now(), DAY),
        endpoint: req.query.endpoint,
        reference: parseReferenceParam(req.query.reference),
      });
    },
  );

  app.get(
    '/api/v1/models/:model/performance',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Accuracy (or regression error) over time by prediction time, label coverage, the CBPE estimate, prediction mix, LLM and vision signals',
        tags,
        params: ModelParams,
        querystring: PerformanceQuery,
        response: { 200: PerformanceResult, ...errors },
      },
    },
    async (req) => {
      const { model } = req.params;
      checkModelSlug(model);
      return modelHealth.performance(model, {
        ...parseQueryRange(req.query, modelHealth.now(), 30 * DAY),
        ...step(req.query.step),
        endpoint: req.query.endpoint,
      });
    },
  );
};
