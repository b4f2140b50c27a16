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
  bucketWindows,
  computeDriftTimeline,
  computePerformanceTimeline,
  computeProfileDrift,
  mergeWindows,
  ModelWindow,
  OPERATIONAL_COLUMNS,
  performanceKind,
  summariseVisionProfile,
  type ProfileDriftOptions,
} from '../analysis/model-health/index.js';
import type { ModelProfile } from '../analysis/profile/index.js';
import { checkDataQuality, expectedColumnRows } from '../analysis/quality/index.js';
import { VigilError } from '../errors/index.js';
import type { ReferenceRecord, Store } from '../storage/index.js';
import {
  checkModelSlug,
  defaultPerformanceStep,
  defaultTimelineStep,
  parseHourRange,
  parseReferenceParam,
  parseStep,
} from './model-health-params.js';
import { assertKnownModel } from './model-health-loading.js';
import {
  blankOverlappingBuckets,
  describeEndpoints,
  loadStoredReference,
  loadWindow,
  resolveComparison,
} from './model-health-comparison.js';

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
      const requested = parseHourRange(q, now(), DAY);
      const cmp = await resolveComparison(store, model, requested, parseReferenceParam(q.reference), q.endpoint);
      const current = await loadWindow(store, model, cmp.current, q.endpoint);
      const reference = cmp.reference;
      const report = computeProfileDrift(reference.profile, current.profile, driftOptions(q, reference.profile));
      return {
        model,
        endpoint: q.endpoint ?? null,
        window: cmp.current,
        windowNote: cmp.note,
        reference: reference.info,
        currentRows: current.profile.rows,
        ...report,
      };
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
      const param = parseReferenceParam(q.reference);
      // The timeline keeps its range: buckets overlapping a stored reference's window are left blank instead.
      const reference =
        param.kind === 'stored'
          ? await loadStoredReference(store, model)
          : (await resolveComparison(store, model, range, param, q.endpoint)).reference;
      const windows = await store.rollups.readWindows(model, range.from, range.to, q.endpoint);
      const buckets = blankOverlappingBuckets(bucketWindows(windows, range.from, range.to, step), reference.info);
      const timeline = computeDriftTimeline(reference.profile, buckets, driftOptions(q, reference.profile));
      return {
        model,
        endpoint: q.endpoint ?? null,
        window: range,
        windowNote:
          reference.info.window && reference.info.window.to > range.from
            ? 'Buckets inside the stored reference window are not compared (blank).'
            : null,
        step,
        reference: reference.info,
        ...timeline,
      };
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
      const requested = parseHourRange(q, now(), DAY);
      const param = parseReferenceParam(q.reference);
      const cmp =
        param.kind === 'stored' && !(await store.references.get(model))
          ? null
          : await resolveComparison(store, model, requested, param, q.endpoint);
      const range = cmp?.current ?? requested;
      const windows = await store.rollups.readWindows(model, range.from, range.to, q.endpoint);
      const current = mergeWindows(windows) ?? new ModelWindow(model, range.from, q.endpoint ?? '');
      const endpoints = describeEndpoints(windows);
      const columnRows = expectedColumnRows(endpoints, referenceEndpoints(cmp?.reference.record ?? null));
      // Duplicates are counted per model (raw events); with an endpoint filter they are not split by endpoint.
      const duplicateRequestIds = await store.events.countDuplicateRequestIds(model, range.from, range.to);
      const report = checkDataQuality(current.profile, cmp?.reference.profile ?? null, {
        duplicateRequestIds,
        includeOutputs: true,
        columnRows,
      });
      return {
        model,
        endpoint: q.endpoint ?? null,
        window: range,
        windowNote: cmp?.note ?? null,
        reference: cmp?.reference.info ?? null,
        rows: report.rows,
        duplicateRequestIds,
        findings: report.findings,
        features: report.features,
        endpoints,
        sentBy: Object.fromEntries(Object.entries(columnRows).map(([k, v]) => [k, v.sentBy])),
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
      const windows = await store.rollups.readWindows(model, range.from, range.to, q.endpoint);
      const total = mergeWindows(windows);
      const kind = performanceKind(modelType, total);
      const report = computePerformanceTimeline(bucketWindows(windows, range.from, range.to, step), total, kind);
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

/** A stored reference's per-endpoint record as the quality checks read it; null without one. */
function referenceEndpoints(r: ReferenceRecord | null): NonNullable<ReferenceRecord['endpointFeatures']> | null {
  return r?.endpointFeatures ?? null;
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
