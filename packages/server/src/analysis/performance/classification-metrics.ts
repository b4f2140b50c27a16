import { rocAucFromHistograms } from './roc-auc.js';
import type { ClassificationAccumulator } from './classification-accumulator.js';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose truth is this class. */
  support: number;
  /** One-vs-rest ROC AUC of this class's probability; null without probabilities or without both outcomes. */
  rocAuc: number | null;
}

export interface ClassificationMetrics {
  /** Rows counted (pairs with a readable predicted class). */
  n: number;
  skipped: number;
  accuracy: number | null;
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  perClass: Record<string, ClassMetrics>;
  /** Sorted union of true and predicted classes; `matrix[i][j]` counts truth labels[i] predicted labels[j]. */
  confusionMatrix: { labels: string[]; matrix: number[][] };
  /**
   * Binary (two classes with histograms, one of them the positive label): AUC of the positive class.
   * Otherwise the unweighted mean of the per-class one-vs-rest AUCs that are defined. Null when none is.
   */
  rocAuc: number | null;
  /** Largest gap between `rocAuc` and the AUC of the unbinned scores (histogram binning, see docs). */
  rocAucErrorBound: number | null;
  /** Mean of −ln p(true class), probabilities renormalised and clipped to [1e-15, 1 − 1e-15]; null without probabilities. */
  logLoss: number | null;
}

/**
 * Classification metrics from an accumulator, with sklearn's conventions: classes are the union of
 * true and predicted labels, a zero denominator gives 0, macro F1 is the mean of per-class F1.
 *
 * @example
 * const m = computeClassificationMetrics(acc);
 * m.macroF1; m.perClass['cat'].recall; m.confusionMatrix.matrix;
 */
export function computeClassificationMetrics(acc: ClassificationAccumulator): ClassificationMetrics {
  const labelSet = new Set<string>();
  for (const [truth, row] of acc.confusion) {
    labelSet.add(truth);
    for (const predicted of row.keys()) labelSet.add(predicted);
  }
  const labels = [...labelSet].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let n = 0;
  let correct = 0;
  for (const [truth, row] of acc.confusion) {
    for (const [predicted, count] of row) {
      matrix[index.get(truth)!][index.get(predicted)!] += count;
      n += count;
      if (truth === predicted) correct += count;
    }
  }

  const perClass: Record<string, ClassMetrics> = {};
  const aucs: { cls: string; auc: number; bound: number }[] = [];
  for (const [i, cls] of labels.entries()) {
    const tp = matrix[i][i];
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < labels.length; j++) {
      predicted += matrix[j][i];
      actual += matrix[i][j];
    }
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = actual > 0 ? tp / actual : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const h = acc.histograms.get(cls);
    const auc = h === undefined ? null : rocAucFromHistograms(h.positives, h.negatives);
    if (auc !== null && Number.isFinite(auc.auc)) aucs.push({ cls, auc: auc.auc, bound: auc.errorBound });
    perClass[cls] = {
      precision,
      recall,
      f1,
      support: actual,
      rocAuc: auc !== null && Number.isFinite(auc.auc) ? auc.auc : null,
    };
  }

  const mean = (key: 'precision' | 'recall' | 'f1'): number | null =>
    labels.length === 0 ? null : labels.reduce((s, l) => s + perClass[l][key], 0) / labels.length;
  const binary =
    acc.histograms.size === 2 && acc.histograms.has(acc.reading.positiveLabel)
      ? aucs.find((a) => a.cls === acc.reading.positiveLabel)
      : undefined;
  const rocAuc =
    binary !== undefined ? binary.auc : aucs.length > 0 ? aucs.reduce((s, a) => s + a.auc, 0) / aucs.length : null;
  const rocAucErrorBound =
    binary !== undefined ? binary.bound : aucs.length > 0 ? aucs.reduce((s, a) => s + a.bound, 0) / aucs.length : null;

  return {
    n,
    skipped: acc.skipped,
    accuracy: n > 0 ? correct / n : null,
    macroPrecision: mean('precision'),
    macroRecall: mean('recall'),
    macroF1: mean('f1'),
    perClass,
    confusionMatrix: { labels, matrix },
    rocAuc,
    rocAucErrorBound,
    logLoss: acc.logLossCount > 0 ? acc.logLossSum / acc.logLossCount : null,
  };
}
