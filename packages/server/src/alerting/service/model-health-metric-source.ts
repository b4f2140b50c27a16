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
export async function fetchModelHealthMetrics(reads: ModelHealthReads, queries: readonly (MetricQuery & { metric: ModelHealthMetric })[]): Promise<(number | null)[]> {
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
    const ranges = indexes.map((i) => widenToHours(queries[i]!.from, queries[i]!.to));
    const from = Math.min(...ranges.map((r) => r.from));
    const to = Math.max(...ranges.map((r) => r.to));
    const windows = await reads.rollups.readWindows(model, from, to);
    const needsReference = indexes.some((i) => queries[i]!.metric === 'drift.share' || queries[i]!.metric === 'quality.missingRate');
    const reference = needsReference ? await loadReferenceProfile(reads.references, model) : null;
    const merged = new Map<string, ModelWindow | null>();
    for (const [k, i] of indexes.entries()) {
      const q = queries[i]!;
      const range = ranges[k]!;
      const key = `${range.from}\u0000${range.to}`;
      let window = merged.get(key);
      if (window === undefined) {
        window = mergeWindows(windows.filter((w) => w.bucketStart >= range.from && w.bucketStart < range.to));
        merged.set(key, window);
      }
      out[i] = computeModelHealthMetric(q.metric, { window, modelType: modelTypes.get(model) ?? null, reference, feature: q.tags?.[FEATURE_TAG] });
    }
  }
  return out;
}

async function loadReferenceProfile(references: ModelHealthReads['references'], model: string): Promise<ModelProfile | null> {
  const record = references ? await references.get(model) : null;
  return record ? deserialiseProfile(record.profile) : null;
}
