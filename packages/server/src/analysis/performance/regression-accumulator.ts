import { addMoment, createMoments, mergeMoments, type Moments } from '../profile/index.js';
import { readPredictedValue, type LabelledPrediction } from './prediction-reading.js';

export interface RegressionAccumulatorJson {
  skipped: number;
  sums: [number, number, number, number, number, number];
  labels: [number, number, number, number, number];
}

export interface RegressionMetrics {
  n: number;
  skipped: number;
  mae: number | null;
  rmse: number | null;
  /** Mean of |ŷ − y| / |y| over rows with y ≠ 0, as a fraction (0.05 = 5 %); null when every label is 0. */
  mape: number | null;
  /** Rows left out of MAPE because their label is 0. */
  zeroLabels: number;
  /** 1 − SS_res / SS_tot; null below two rows or when every label is equal (SS_tot = 0). */
  r2: number | null;
  /** Mean of ŷ − y: positive when the model over-predicts. */
  meanError: number | null;
}

/**
 * Mergeable sums for regression metrics: Σ|e|, Σe², Σe, MAPE terms, and the label moments (Chan) for
 * SS_tot, so R² of a merged window equals R² over all its rows. Labels and predictions must be finite
 * numbers (numeric strings are read with Number()); other pairs are counted in `skipped`.
 *
 * @example
 * const acc = new RegressionAccumulator();
 * acc.add({ prediction: 10, label: 12 }); acc.add({ prediction: { value: 5 }, label: 4 });
 * computeRegressionMetrics(acc).mae; // 1.5
 */
export class RegressionAccumulator {
  skipped = 0;
  n = 0;
  sumAbs = 0;
  sumSquares = 0;
  sumErrors = 0;
  sumAbsPercentage = 0;
  nonZeroLabels = 0;
  labels: Moments = createMoments();

  /** Adds a pair once, or `weight` times (a sampled pair standing for that many). */
  add(pair: LabelledPrediction, weight = 1): void {
    const predicted = readPredictedValue(pair.prediction);
    const truth =
      typeof pair.label === 'number'
        ? pair.label
        : typeof pair.label === 'string' && pair.label.trim() !== ''
          ? Number(pair.label)
          : NaN;
    if (predicted === undefined || !Number.isFinite(predicted) || !Number.isFinite(truth)) {
      this.skipped += weight;
      return;
    }
    const e = predicted - truth;
    this.n += weight;
    this.sumAbs += weight * Math.abs(e);
    this.sumSquares += weight * e * e;
    this.sumErrors += weight * e;
    if (truth !== 0) {
      this.sumAbsPercentage += (weight * Math.abs(e)) / Math.abs(truth);
      this.nonZeroLabels += weight;
    }
    addMoment(this.labels, truth, weight);
  }

  merge(other: RegressionAccumulator): void {
    this.skipped += other.skipped;
    this.n += other.n;
    this.sumAbs += other.sumAbs;
    this.sumSquares += other.sumSquares;
    this.sumErrors += other.sumErrors;
    this.sumAbsPercentage += other.sumAbsPercentage;
    this.nonZeroLabels += other.nonZeroLabels;
    this.labels = mergeMoments(this.labels, other.labels);
  }

  toJSON(): RegressionAccumulatorJson {
    const m = this.labels;
    return {
      skipped: this.skipped,
      sums: [this.n, this.sumAbs, this.sumSquares, this.sumErrors, this.sumAbsPercentage, this.nonZeroLabels],
      labels: [m.n, m.mean, m.m2, m.n > 0 ? m.min : 0, m.n > 0 ? m.max : 0],
    };
  }

  static fromJSON(json: RegressionAccumulatorJson): RegressionAccumulator {
    const acc = new RegressionAccumulator();
    acc.skipped = json.skipped;
    [acc.n, acc.sumAbs, acc.sumSquares, acc.sumErrors, acc.sumAbsPercentage, acc.nonZeroLabels] = json.sums;
    const [n, mean, m2, min, max] = json.labels;
    acc.labels = n > 0 ? { n, mean, m2, min, max } : createMoments();
    return acc;
  }
}

/** Regression metrics from an accumulator (definitions in docs/model-health.md). */
export function computeRegressionMetrics(acc: RegressionAccumulator): RegressionMetrics {
  const n = acc.n;
  if (n === 0)
    return { n, skipped: acc.skipped, mae: null, rmse: null, mape: null, zeroLabels: 0, r2: null, meanError: null };
  const ssTot = acc.labels.m2;
  return {
    n,
    skipped: acc.skipped,
    mae: acc.sumAbs / n,
    rmse: Math.sqrt(acc.sumSquares / n),
    mape: acc.nonZeroLabels > 0 ? acc.sumAbsPercentage / acc.nonZeroLabels : null,
    zeroLabels: n - acc.nonZeroLabels,
    r2: n > 1 && ssTot > 0 ? 1 - acc.sumSquares / ssTot : null,
    meanError: acc.sumErrors / n,
  };
}
