import type { FastifyInstance } from 'fastify';
import {
  DriftQuery,
  DriftResult,
  DriftTimelineQuery,
  DriftTimelineResult,
  ErrorBody,
  ModelParams,
  PerformanceQuery,
  PerformanceResult,
  QualityResult,
  QualityQuery,
} from '@vigil/protocol';
import type {
  DriftQuery as DriftQueryT,
  DriftTimelineQuery as DriftTimelineQueryT,
  PerformanceQuery as PerformanceQueryT,
  QualityQuery as QualityQueryT,
} from '@vigil/protocol';
import {
  DriftTimelineBuilder,
  computePerformancePoint,
  computePerformanceTimeline,
  computeProfileDrift,
  OPERATIONAL_COLUMNS,
  performanceKind,
  summariseVisionProfile,
  type ProfileDriftOptions,
} from '../../analysis/model-health/index.js';
import type { ModelProfile } from '../../analysis/profile/index.js';
import { checkDataQuality } from '../../analysis/quality/index.js';
import { VigilError } from '../../errors/index.js';
import type { Store } from '../../storage/index.js';
import {
  checkModelSlug,
  defaultPerformanceStep,
  defaultTimelineStep,
  parseHourRange,
  parseReferenceParam,
  parseStep,
  checkTimelineSize,
} from './model-health-params.js';
import {
  assertKnownModel,
  createYielder,
  loadMergedWindow,
  loadReference,
  loadWindowBuckets,
} from '../../health/model-health-loading.js';

const DAY = 86_400_000;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** GET …/drift, …/drift/timeline, …/quality and …/performance of one model, all read from stored hourly windows. */
export function registerModelHealthReadRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  const { store, now } = deps;

  app.get(
    '/api/v1/models/:model/drift',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Feature and prediction drift of a window against the reference, with reference-vs-current histograms',
        description:
          'Numerical columns are tested on samples rebuilt from the stored quantile sketches (values within 1 % relative, both sides on one bin grid), ' +
          'categorical columns on category counts. See docs/model-health.md#api for the approximation and its error.',
        tags: ['model health'],
        params: ModelParams,
        querystring: DriftQuery,
        response: { 200: DriftResult, ...errors },
      },
    },
    async (req): Promise<DriftResult> => {
      const { model } = req.params as { model: string };
      const q = req.query as DriftQueryT;
      checkModelSlug(model);
      await assertKnownModel(store, model);
      const range = parseHourRange(q, now(), DAY);
      const reference = await loadReference(store, model, parseReferenceParam(q.reference));
      const current = await loadMergedWindow(store, model, range);
      const report = computeProfileDrift(reference.profile, current.profile, driftOptions(q, reference.profile));
      return { model, window: range, reference: reference.info, currentRows: current.profile.rows, ...report };
    },
  );

  app.get(
    '/api/v1/models/:model/drift/timeline',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Drift per column and time bucket against the reference (a heat map: columns × time)',
        tags: ['model health'],
        params: ModelParams,
        querystring: DriftTimelineQuery,
        response: { 200: DriftTimelineResult, ...errors },
      },
    },
    async (req): Promise<DriftTimelineResult> => {
      const { model } = req.params as { model: string };
      const q = req.query as DriftTimelineQueryT;
      checkModelSlug(model);
      await assertKnownModel(store, model);
      const { step, range } = parseStep(q.step, parseHourRange(q, now(), 7 * DAY), defaultTimelineStep);
      const reference = await loadReference(store, model, parseReferenceParam(q.reference));
      const options = driftOptions(q, reference.profile);
      checkTimelineSize(
        range,
        step,
        options.include?.length ?? reference.profile.features.size + reference.profile.outputs.size,
      );
      const { buckets } = await loadWindowBuckets(store, model, range, step);
      // Each bucket is a full drift report: they run in short turns of the event loop.
      const builder = new DriftTimelineBuilder(reference.profile, buckets.length, options);
      const pause = createYielder();
      for (const b of buckets) {
        builder.add(b);
        await pause();
      }
      const timeline = builder.result();
      return { model, window: range, step, reference: reference.info, ...timeline };
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
          'Compared with the stored reference when there is one (reference=window:<from>,<to> for another); duplicate request ids come from raw events, so only within retention.',
        tags: ['model health'],
        params: ModelParams,
        querystring: QualityQuery,
        response: { 200: QualityResult, ...errors },
      },
    },
    async (req): Promise<QualityResult> => {
      const { model } = req.params as { model: string };
      const q = req.query as QualityQueryT;
      checkModelSlug(model);
      await assertKnownModel(store, model);
      const range = parseHourRange(q, now(), DAY);
      const param = parseReferenceParam(q.reference);
      const reference =
        param.kind === 'stored' && !(await store.references.get(model))
          ? null
          : await loadReference(store, model, param);
      const current = await loadMergedWindow(store, model, range);
      const duplicateRequestIds = await store.events.countDuplicateRequestIds(model, range.from, range.to);
      const report = checkDataQuality(current.profile, reference?.profile ?? null, {
        duplicateRequestIds,
        includeOutputs: true,
      });
      return {
        model,
        window: range,
        reference: reference?.info ?? null,
        rows: report.rows,
        duplicateRequestIds,
        findings: report.findings,
        features: report.features,
      };
    },
  );

  app.get(
    '/api/v1/models/:model/performance',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Accuracy (or regression error) over time by prediction time, label coverage, the CBPE estimate, prediction mix, LLM and vision signals',
        tags: ['model health'],
        params: ModelParams,
        querystring: PerformanceQuery,
        response: { 200: PerformanceResult, ...errors },
      },
    },
    async (req): Promise<PerformanceResult> => {
      const { model } = req.params as { model: string };
      const q = req.query as PerformanceQueryT;
      checkModelSlug(model);
      const { modelType } = await assertKnownModel(store, model);
      const { step, range } = parseStep(q.step, parseHourRange(q, now(), 30 * DAY), defaultPerformanceStep);
      const { buckets, total } = await loadWindowBuckets(store, model, range, step, { withFeatures: false });
      const kind = performanceKind(modelType, total);
      const points = [];
      const pause = createYielder();
      for (const b of buckets) {
        points.push(computePerformancePoint(b, kind));
        await pause();
      }
      const report = computePerformanceTimeline(buckets, total, kind, points);
      const labels = await store.events.countLabels(model, range.from, range.to);
      return {
        model,
        modelType,
        kind,
        window: range,
        step,
        points: report.points,
        labelJoin: {
          received: labels.received,
          unmatched: labels.unmatched,
          unmatchedShare: labels.known > 0 ? labels.unmatched / labels.known : null,
        },
        total: { ...report.total, vision: total ? summariseVisionProfile(total.profile) : null },
      };
    },
  );
}

function driftOptions(q: DriftQueryT, reference: ModelProfile): ProfileDriftOptions {
  const options: ProfileDriftOptions = { method: q.method, threshold: q.threshold };
  if (q.columns !== undefined) {
    const names = q.columns
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const known = new Set([...reference.features.keys(), ...reference.outputs.keys()]);
    const unknown = names.filter((n) => !known.has(n));
    if (names.length === 0 || unknown.length > 0) {
      const available = [...known]
        .filter((n) => !OPERATIONAL_COLUMNS.has(n))
        .sort()
        .join(', ');
      throw new VigilError(
        'VIGIL_ERR_VALIDATION',
        `querystring.columns: ${unknown.length ? `unknown column ${unknown.map((n) => `"${n}"`).join(', ')}` : 'empty'}; the reference has ${available}`,
      );
    }
    options.include = names;
  }
  return options;
}
