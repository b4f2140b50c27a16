import {
  computeModelHealthMetric,
  FEATURE_TAG,
  mergeWindows,
  widenToHours,
  type ModelHealthMetric,
  type ModelWindow,
} from '../../analysis/model-health/index.js';
import { deserialiseProfile, type ModelProfile } from '../../analysis/profile/index.js';
import type { ReferenceStore, RollupStore } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';

/** What model-health lookups read: the hourly model windows and the stored references. */
export interface ModelHealthReads {
  rollups: Pick<RollupStore, 'readWindows' | 'listModels'>;
  references: Pick<ReferenceStore, 'get'> | null;
}

/**
 * Values of model-health metric queries (names from `MODEL_HEALTH_METRICS`), all read from the stored
 * hourly model windows: per model one `readWindows` over the union of its queries' windows (each widened
 * outward to whole hours), one reference read, and one merge per distinct hour range. Queries without a
 * model answer null (validation asks for `scope.model`).
 * @example await fetchModelHealthMetrics({ rollups, references }, [{ metric: 'accuracy', model: 'churn', from, to }])
 */
export async function fetchModelHealthMetrics(
  reads: ModelHealthReads,
  queries: readonly (MetricQuery & { metric: ModelHealthMetric })[],
): Promise<(number | null)[]> {
  const out: (number | null)[] = queries.map(() => null);
  const byModel = new Map<string, number[]>();
  for (const [i, q] of queries.entries()) {
    if (q.model === undefined) continue;
    let list = byModel.get(q.model);
    if (!list) byModel.set(q.model, (list = []));
    list.push(i);
  }
  if (byModel.size === 0) return out;
  const modelTypes = new Map((await reads.rollups.listModels()).map((m) => [m.model, m.modelType]));
  for (const [model, indexes] of byModel) {
    const own = indexes.map((i) => queries[i]!);
    const values = await loadModelHealthValues(reads, model, own, modelTypes.get(model) ?? null);
    for (const [k, i] of indexes.entries()) out[i] = values.valueOf(own[k]!);
  }
  return out;
}

/**
 * One model's windows held in memory: values of any model-health query inside the loaded range, each
 * distinct hour range merged once and each (metric, feature, hour range) computed once. Rule previews
 * slide thousands of windows across it.
 */
export class ModelHealthValues {
  readonly #merged = new Map<string, ModelWindow | null>();
  readonly #values = new Map<string, number | null>();

  constructor(
    private readonly windows: readonly ModelWindow[],
    private readonly modelType: string | null,
    private readonly reference: ModelProfile | null,
    private readonly referenceEndpoints: Record<string, { rows: number; columns: string[] }> | null = null,
  ) {}

  valueOf(q: MetricQuery & { metric: ModelHealthMetric }): number | null {
    const range = widenToHours(q.from, q.to);
    const rangeKey = `${range.from}\u0000${range.to}`;
    const feature = q.tags?.[FEATURE_TAG];
    const key = `${q.metric}\u0000${feature ?? ''}\u0000${rangeKey}`;
    if (this.#values.has(key)) return this.#values.get(key)!;
    const inRange = this.windows.filter((w) => w.bucketStart >= range.from && w.bucketStart < range.to);
    let window = this.#merged.get(rangeKey);
    if (window === undefined) {
      window = mergeWindows(inRange);
      this.#merged.set(rangeKey, window);
    }
    const value = computeModelHealthMetric(q.metric, {
      window,
      modelType: this.modelType,
      reference: this.reference,
      feature,
      endpointWindows: inRange,
      referenceEndpoints: this.referenceEndpoints,
    });
    this.#values.set(key, value);
    return value;
  }
}

/** Reads what the queries of one model need: windows over the union of their hour ranges, and the reference when a metric uses it. */
export async function loadModelHealthValues(
  reads: ModelHealthReads,
  model: string,
  queries: readonly (Pick<MetricQuery, 'from' | 'to'> & { metric: ModelHealthMetric })[],
  modelType: string | null,
): Promise<ModelHealthValues> {
  const ranges = queries.map((q) => widenToHours(q.from, q.to));
  const windows = await reads.rollups.readWindows(
    model,
    Math.min(...ranges.map((r) => r.from)),
    Math.max(...ranges.map((r) => r.to)),
  );
  const needsReference = queries.some((q) => q.metric === 'drift.share' || q.metric === 'quality.missingRate');
  const record = needsReference && reads.references ? await reads.references.get(model) : null;
  return new ModelHealthValues(
    windows,
    modelType,
    record ? deserialiseProfile(record.profile) : null,
    record?.endpointFeatures ?? null,
  );
}
