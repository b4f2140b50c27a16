import { computeClassificationMetrics, computeRegressionMetrics, estimatePerformance } from '../performance/index.js';
import type { ModelProfile } from '../profile/index.js';
import { checkDataQuality, describeEndpointColumns, expectedColumnRows, type ColumnRows } from '../quality/index.js';
import type { ModelWindow } from './model-window.js';
import { countPredictions, performanceKind } from './performance-timeline.js';
import { computeProfileDrift } from './profile-drift.js';

/** Model-health metric names alert rules can use; each is read per model from the hourly windows. */
export const MODEL_HEALTH_METRICS = [
  'accuracy',
  'accuracy.estimated',
  'labelCoverage',
  'f1',
  'mae',
  'rmse',
  'drift.share',
  'quality.missingRate',
] as const;

export type ModelHealthMetric = (typeof MODEL_HEALTH_METRICS)[number];

/** The scope tag that narrows `quality.missingRate` to one feature. */
export const FEATURE_TAG = 'feature';

const NAMES: ReadonlySet<string> = new Set(MODEL_HEALTH_METRICS);

export function isModelHealthMetric(name: string): name is ModelHealthMetric {
  return NAMES.has(name);
}

export interface ModelHealthMetricInput {
  /** The model's hourly windows of the rule window merged (`mergeWindows`); null when it had none. */
  window: ModelWindow | null;
  /** The declared model type (`classification`, `regression`, …) or null. */
  modelType: string | null;
  /** The stored reference profile, or null (then `drift.share` has no value). */
  reference: ModelProfile | null;
  /** `quality.missingRate` of this feature only (scope tag `feature`). */
  feature?: string;
  /** The windows merged into `window`, per endpoint: a feature is judged only over the endpoints that send it. */
  endpointWindows?: readonly ModelWindow[];
  /** The stored reference's record of what each endpoint sent (a window reference), if any. */
  referenceEndpoints?: Readonly<Record<string, { rows: number; columns: readonly string[] }>> | null;
}

/**
 * One model-health metric of a merged window, or null when there is no data for it:
 * - `accuracy`, `f1` (macro): realised, from predictions of the window whose labels arrived; classifiers only.
 * - `accuracy.estimated`: CBPE's expected accuracy from the model's own probabilities.
 * - `labelCoverage`: labels / predictions.
 * - `mae`, `rmse`: realised regression error.
 * - `drift.share`: share of reference columns drifted (as `GET …/drift` computes it); null without reference.
 * - `quality.missingRate`: the largest feature missing rate, or of `feature` (1 when the feature is absent
 *   from every row of a window with rows).
 *
 * @example computeModelHealthMetric('accuracy', mergeWindows(windows), { modelType: 'classification', reference: null })
 */
export function computeModelHealthMetric(metric: ModelHealthMetric, input: ModelHealthMetricInput): number | null {
  const w = input.window;
  if (w === null) return null;
  switch (metric) {
    case 'accuracy':
    case 'f1': {
      if (performanceKind(input.modelType, w) !== 'classification') return null;
      const m = computeClassificationMetrics(w.classification);
      if (m.n === 0) return null;
      return metric === 'accuracy' ? m.accuracy : m.macroF1;
    }
    case 'accuracy.estimated':
      return performanceKind(input.modelType, w) === 'classification' && w.cbpe.n > 0
        ? estimatePerformance(w.cbpe).expectedAccuracy
        : null;
    case 'labelCoverage': {
      const predictions = countPredictions(w.profile);
      return predictions > 0 ? w.labels / predictions : null;
    }
    case 'mae':
    case 'rmse': {
      if (performanceKind(input.modelType, w) !== 'regression' || w.regression.n === 0) return null;
      return computeRegressionMetrics(w.regression)[metric];
    }
    case 'drift.share':
      if (input.reference === null || w.profile.rows === 0) return null;
      return computeProfileDrift(input.reference, w.profile, { histograms: false }).driftedShare;
    case 'quality.missingRate':
      return missingRate(
        w.profile,
        input.reference,
        input.feature,
        input.endpointWindows
          ? expectedColumnRows(describeEndpointColumns(input.endpointWindows), input.referenceEndpoints ?? null)
          : undefined,
      );
  }
}

function missingRate(
  current: ModelProfile,
  reference: ModelProfile | null,
  feature: string | undefined,
  columnRows: Record<string, ColumnRows> | undefined,
): number | null {
  if (current.rows === 0) return null;
  const features = checkDataQuality(current, reference, { columnRows }).features;
  // A feature none of the window's endpoints sends (or is expected to) has no missing rate.
  const isExpected = (name: string) => !columnRows || (columnRows[name]?.current ?? current.rows) > 0;
  // checkDataQuality leaves out features with no value in the window: for an alert they are 100 % missing.
  if (feature !== undefined) return features[feature]?.missingRate ?? (isExpected(feature) ? 1 : null);
  const referenced = [...(reference?.features ?? [])].filter(([, c]) => c.present > 0).map(([name]) => name);
  const names = new Set([...Object.keys(features), ...referenced.filter(isExpected)]);
  if (names.size === 0) return null;
  let max = 0;
  for (const name of names) max = Math.max(max, features[name]?.missingRate ?? 1);
  return max;
}
