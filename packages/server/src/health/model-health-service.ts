import type {
  DriftQuery,
  DriftResult,
  DriftTimelineResult,
  PerformanceResult,
  QualityResult,
  ReferenceSummary,
} from '@vigil/protocol';
import {
  columnKind,
  computePerformancePoint,
  computePerformanceTimeline,
  computeProfileDrift,
  DriftTimelineBuilder,
  OPERATIONAL_COLUMNS,
  performanceKind,
  profileCsv,
  profileJsonLines,
  profileJsonRows,
  ReferenceDatasetError,
  summariseVisionProfile,
  type ProfileDriftOptions,
} from '../analysis/model-health/index.js';
import { deserialiseProfile, serialiseProfile, type ModelProfile } from '../analysis/profile/index.js';
import { checkDataQuality, expectedColumnRows } from '../analysis/quality/index.js';
import { VigilError } from '../errors/index.js';
import type { ReferenceRecord, Store } from '../storage/index.js';
import {
  assertKnownModel,
  createYielder,
  loadEndpointWindows,
  loadWindowBuckets,
  noTraffic,
} from './model-health-loading.js';
import { blankOverlappingBuckets, loadStoredReference, resolveComparison } from './model-health-comparison.js';
import {
  checkTimelineSize,
  defaultPerformanceStep,
  defaultTimelineStep,
  resolveStep,
  toHourRange,
  toReferenceParam,
  type ReferenceSpec,
} from './model-health-query.js';

/** A read's range as asked (the service widens it to whole hours) and, for timelines, the step as asked. */
interface RangeRequest {
  from: number;
  to: number;
  /** Only the calls of this endpoint; default every endpoint. */
  endpoint?: string;
}
interface StepRequest {
  /** Bucket width in ms; a default from the range when absent. */
  step?: number;
  /** The `step` parameter as sent, for the message when it is not whole hours. */
  stepText?: string;
}
type DriftRequest = RangeRequest & Pick<DriftQuery, 'method' | 'threshold' | 'columns'> & { reference: ReferenceSpec };

/** A reference dataset or window to store: CSV or JSON Lines text, JSON rows, or a window of the model's traffic. */
export type ReferenceInput =
  | { kind: 'csv' | 'jsonl'; text: string }
  | { kind: 'rows'; rows: unknown[] }
  | { kind: 'window'; from: number; to: number };

/**
 * Model health on request: drift, its timeline, data quality and performance of one model, merged from the
 * hourly windows ingest stores, against its reference baseline (docs/model-health.md).
 */
export interface ModelHealthService {
  now: () => number;
  drift(model: string, q: DriftRequest): Promise<DriftResult>;
  driftTimeline(model: string, q: DriftRequest & StepRequest): Promise<DriftTimelineResult>;
  quality(model: string, q: RangeRequest & { reference: ReferenceSpec }): Promise<QualityResult>;
  performance(model: string, q: RangeRequest & StepRequest): Promise<PerformanceResult>;
  getReference(model: string): Promise<ReferenceSummary>;
  setReference(model: string, input: ReferenceInput): Promise<ReferenceSummary>;
  deleteReference(model: string): Promise<void>;
}

/**
 * @example
 * const modelHealth = createModelHealthService({ store, now: Date.now });
 * await modelHealth.drift('fraud-v3', { from, to, reference: { kind: 'stored' } });
 */
export function createModelHealthService(deps: { store: Store; now: () => number }): ModelHealthService {
  const { store, now } = deps;
  return {
    now,

    async drift(model, q) {
      await assertKnownModel(store, model);
      // The reference and the current window never overlap (model-health-comparison.ts).
      const cmp = await resolveComparison(store, model, toHourRange(q), toReferenceParam(q.reference), q.endpoint);
      const { total: current } = await loadEndpointWindows(store, model, cmp.current, q.endpoint);
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

    async driftTimeline(model, q) {
      await assertKnownModel(store, model);
      const { step, range } = resolveStep(q.step, toHourRange(q), defaultTimelineStep, q.stepText);
      const param = toReferenceParam(q.reference);
      // The timeline keeps its range: buckets overlapping a stored reference's window are left blank instead.
      const reference =
        param.kind === 'stored'
          ? await loadStoredReference(store, model)
          : (await resolveComparison(store, model, range, param, q.endpoint)).reference;
      const options = driftOptions(q, reference.profile);
      checkTimelineSize(
        range,
        step,
        options.include?.length ?? reference.profile.features.size + reference.profile.outputs.size,
      );
      const buckets = blankOverlappingBuckets(
        (await loadWindowBuckets(store, model, range, step, { endpoint: q.endpoint })).buckets,
        reference.info,
      );
      // Each bucket is a full drift report: they run in short turns of the event loop.
      const builder = new DriftTimelineBuilder(reference.profile, buckets.length, options);
      const pause = createYielder();
      for (const b of buckets) {
        builder.add(b);
        await pause();
      }
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
        ...builder.result(),
      };
    },

    async quality(model, q) {
      await assertKnownModel(store, model);
      const requested = toHourRange(q);
      const param = toReferenceParam(q.reference);
      const cmp =
        param.kind === 'stored' && !(await store.references.get(model))
          ? null
          : await resolveComparison(store, model, requested, param, q.endpoint);
      const range = cmp?.current ?? requested;
      const { total: current, endpoints } = await loadEndpointWindows(store, model, range, q.endpoint);
      // A column is judged only over the endpoints that send it (learned from the stored reference, else now).
      const columnRows = expectedColumnRows(endpoints, cmp?.reference.record?.endpointFeatures ?? null);
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

    async performance(model, q) {
      const { modelType } = await assertKnownModel(store, model);
      const { step, range } = resolveStep(q.step, toHourRange(q), defaultPerformanceStep, q.stepText);
      const { buckets, total } = await loadWindowBuckets(store, model, range, step, {
        withFeatures: false,
        endpoint: q.endpoint,
      });
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
          joinedLate: labels.joinedLate,
          unmatchedShare: labels.known > 0 ? labels.unmatched / labels.known : null,
        },
        total: { ...report.total, vision: total ? summariseVisionProfile(total.profile) : null },
      };
    },

    async getReference(model) {
      const r = await store.references.get(model);
      if (!r)
        throw new VigilError(
          'VIGIL_ERR_NO_REFERENCE',
          `model "${model}" has no stored reference; POST /api/v1/models/${model}/reference to set one`,
        );
      return summarise(r, deserialiseProfile(r.profile));
    },

    async setReference(model, input) {
      let profile: ModelProfile;
      let record: Pick<ReferenceRecord, 'source' | 'windowFrom' | 'windowTo' | 'endpointFeatures'>;
      if (input.kind === 'window') {
        const range = toHourRange(input);
        const { total, endpoints } = await loadEndpointWindows(store, model, range);
        profile = total.profile;
        if (profile.rows === 0) throw noTraffic('body.window', model, range);
        // What each endpoint sent: quality checks judge a column only over the endpoints that send it.
        const endpointFeatures = Object.fromEntries(
          endpoints.map((e) => [e.endpoint, { rows: e.rows, columns: e.columns }]),
        );
        record = { source: 'window', windowFrom: range.from, windowTo: range.to, endpointFeatures };
      } else {
        profile = profileDataset(model, input);
        record = { source: 'dataset', windowFrom: null, windowTo: null, endpointFeatures: null };
      }
      const stored: ReferenceRecord = {
        model,
        ...record,
        rows: profile.rows,
        profile: serialiseProfile(profile),
        createdAtMs: now(),
      };
      await store.references.put(stored);
      return summarise(stored, profile);
    },

    async deleteReference(model) {
      if (!(await store.references.delete(model)))
        throw new VigilError('VIGIL_ERR_NO_REFERENCE', `model "${model}" has no stored reference`);
    },
  };
}

function driftOptions(q: Pick<DriftQuery, 'method' | 'threshold' | 'columns'>, reference: ModelProfile) {
  const options: ProfileDriftOptions = { method: q.method, threshold: q.threshold };
  if (q.columns === undefined) return options;
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
  return options;
}

function profileDataset(model: string, input: Exclude<ReferenceInput, { kind: 'window' }>): ModelProfile {
  try {
    if (input.kind === 'rows') return profileJsonRows(model, input.rows);
    return input.kind === 'csv' ? profileCsv(model, input.text) : profileJsonLines(model, input.text);
  } catch (err) {
    if (err instanceof ReferenceDatasetError)
      throw new VigilError('VIGIL_ERR_VALIDATION', input.kind === 'rows' ? err.message : `body: ${err.message}`);
    throw err;
  }
}

function summarise(r: ReferenceRecord, profile: ModelProfile): ReferenceSummary {
  const columns: ReferenceSummary['columns'] = [];
  for (const [group, map] of [
    ['feature', profile.features],
    ['output', profile.outputs],
  ] as const) {
    for (const name of [...map.keys()].sort()) {
      const c = map.get(name)!;
      columns.push({
        name,
        group,
        kind: columnKind(c),
        present: c.present,
        missingRate: profile.rows > 0 ? profile.missing(c) / profile.rows : 0,
      });
    }
  }
  return {
    model: r.model,
    source: r.source,
    window: r.windowFrom !== null && r.windowTo !== null ? { from: r.windowFrom, to: r.windowTo } : null,
    rows: r.rows,
    createdAt: new Date(r.createdAtMs).toISOString(),
    columns,
  };
}
