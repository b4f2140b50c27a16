import {
  computeClassificationMetrics,
  computeRegressionMetrics,
  estimatePerformance,
  type CbpeEstimate,
  type ClassificationMetrics,
  type RegressionMetrics,
} from '../performance/index.js';
import type { ModelProfile } from '../profile/index.js';
import { columnKind } from './profile-columns.js';
import {
  categoryShares,
  describeColumn,
  summariseLlmProfile,
  type ColumnDistribution,
  type LlmWindowSignals,
} from './output-signals.js';
import type { ModelWindow } from './model-window.js';
import type { WindowBucket } from './window-merge.js';

export type PerformanceKind = 'classification' | 'regression' | 'none';

/** Realised and estimated performance of one time bucket (by prediction time). */
export interface PerformancePoint {
  start: number;
  end: number;
  /** Calls profiled (rows), with or without a prediction: an LLM's calls carry none. */
  calls: number;
  /** Events carrying a prediction (largest present count of prediction, prediction.score, prediction.confidence). */
  predictions: number;
  /** Labels joined to predictions of this bucket, whenever they arrived. */
  labels: number;
  /** labels / predictions; null without predictions. */
  labelCoverage: number | null;
  accuracy: number | null;
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  rocAuc: number | null;
  logLoss: number | null;
  mae: number | null;
  rmse: number | null;
  mape: number | null;
  r2: number | null;
  /** CBPE: expected accuracy (and binary precision/recall/F1) from the model's own probabilities. */
  estimated: CbpeEstimate | null;
  /** Share of each predicted class (categorical predictions); empty otherwise. */
  predictionMix: Record<string, number>;
  /** Numerical predictions (regression): quantiles; null otherwise. */
  predictionDistribution: ColumnDistribution | null;
  llm: LlmWindowSignals | null;
}

export interface PerformanceReport {
  kind: PerformanceKind;
  points: PerformancePoint[];
  /** The whole range merged: full metrics, confusion matrix included. */
  total: {
    calls: number;
    predictions: number;
    labels: number;
    labelCoverage: number | null;
    classification: ClassificationMetrics | null;
    regression: RegressionMetrics | null;
    estimated: CbpeEstimate | null;
    predictionMix: Record<string, number>;
    predictionDistribution: ColumnDistribution | null;
    llm: LlmWindowSignals | null;
  };
}

/** Labelled pairs a classification accumulator scored. */
function classified(w: ModelWindow): number {
  let n = 0;
  for (const row of w.classification.confusion.values()) for (const c of row.values()) n += c;
  return n;
}

/** Predictions in a profile: the prediction columns overlap, so their largest present count. */
export function countPredictions(p: ModelProfile): number {
  let n = 0;
  for (const name of ['prediction', 'prediction.score', 'prediction.confidence'])
    n = Math.max(n, p.outputs.get(name)?.present ?? 0);
  return n;
}

/**
 * Whether a model is scored as a classifier or a regressor: the declared model type when it is one of
 * the two, else whichever accumulator holds labelled pairs, else a classifier when CBPE saw probabilities.
 */
export function performanceKind(declared: string | null, total: ModelWindow | null): PerformanceKind {
  if (declared === 'classification' || declared === 'regression') return declared;
  if (total === null) return 'none';
  if (total.regression.n > 0 && total.regression.n >= classified(total)) return 'regression';
  if (classified(total) > 0 || total.cbpe.n > 0) return 'classification';
  return 'none';
}

/**
 * Performance over time from model-health buckets: per bucket realised metrics (of predictions made in
 * the bucket whose labels have arrived), label coverage, the CBPE estimate beside them, the prediction
 * mix and LLM signals; and the same for the whole range with the confusion matrix.
 *
 * @example computePerformanceTimeline(bucketWindows(ws, from, to, DAY), mergeWindows(ws), 'classification').points.map((p) => p.accuracy)
 */
export function computePerformanceTimeline(
  buckets: readonly WindowBucket[],
  total: ModelWindow | null,
  kind: PerformanceKind,
  /** The buckets' points when the caller computed them already (one at a time, see computePerformancePoint). */
  precomputed?: PerformancePoint[],
): PerformanceReport {
  const points = precomputed ?? buckets.map((b) => computePerformancePoint(b, kind));
  const predictions = total ? countPredictions(total.profile) : 0;
  const labels = total?.labels ?? 0;
  const classification = total && kind === 'classification' ? computeClassificationMetrics(total.classification) : null;
  return {
    kind,
    points,
    total: {
      calls: total?.profile.rows ?? 0,
      predictions,
      labels,
      labelCoverage: predictions > 0 ? labels / predictions : null,
      classification: classification && classification.n > 0 ? classification : null,
      regression:
        total && kind === 'regression' && total.regression.n > 0 ? computeRegressionMetrics(total.regression) : null,
      estimated: total && kind === 'classification' && total.cbpe.n > 0 ? estimatePerformance(total.cbpe) : null,
      ...predictionShape(total?.profile, kind),
      llm: total ? summariseLlmProfile(total.profile) : null,
    },
  };
}

/** The performance of one bucket (a point of {@link computePerformanceTimeline}). */
export function computePerformancePoint(b: WindowBucket, kind: PerformanceKind): PerformancePoint {
  const w = b.window;
  const predictions = w ? countPredictions(w.profile) : 0;
  const labels = w?.labels ?? 0;
  const c = w && kind === 'classification' && classified(w) > 0 ? computeClassificationMetrics(w.classification) : null;
  const r = w && kind === 'regression' && w.regression.n > 0 ? computeRegressionMetrics(w.regression) : null;
  return {
    start: b.start,
    end: b.end,
    calls: w?.profile.rows ?? 0,
    predictions,
    labels,
    labelCoverage: predictions > 0 ? labels / predictions : null,
    accuracy: c?.accuracy ?? null,
    macroPrecision: c?.macroPrecision ?? null,
    macroRecall: c?.macroRecall ?? null,
    macroF1: c?.macroF1 ?? null,
    rocAuc: c?.rocAuc ?? null,
    logLoss: c?.logLoss ?? null,
    mae: r?.mae ?? null,
    rmse: r?.rmse ?? null,
    mape: r?.mape ?? null,
    r2: r?.r2 ?? null,
    estimated: w && kind === 'classification' && w.cbpe.n > 0 ? estimatePerformance(w.cbpe) : null,
    ...predictionShape(w?.profile, kind),
    llm: w ? summariseLlmProfile(w.profile) : null,
  };
}

/** Numeric class labels (0/1/2…) count as a class mix up to this many distinct values. */
const MAX_NUMERIC_CLASSES = 20;

function predictionShape(
  p: ModelProfile | undefined,
  perf: PerformanceKind,
): { predictionMix: Record<string, number>; predictionDistribution: ColumnDistribution | null } {
  const c = p?.outputs.get('prediction');
  const kind = columnKind(c);
  const numericClasses =
    kind === 'numerical' && perf === 'classification' && c!.distinct.estimate() <= MAX_NUMERIC_CLASSES;
  if (kind === 'categorical' || numericClasses)
    return { predictionMix: categoryShares(c), predictionDistribution: null };
  if (kind === 'numerical') return { predictionMix: {}, predictionDistribution: describeColumn(c) };
  return { predictionMix: {}, predictionDistribution: null };
}
