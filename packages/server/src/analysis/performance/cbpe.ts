import {
  defaultBinaryReading,
  readPredictedClass,
  readProbabilities,
  type BinaryReading,
  type PredictionValue,
} from './prediction-reading.js';

export interface CbpeEstimate {
  /** Predictions with probabilities (or a binary score) that entered the estimate. */
  n: number;
  /** Mean over predictions of the probability of the predicted class. */
  expectedAccuracy: number | null;
  /** Binary only (probability of the positive label known): expected precision, recall and F1. */
  expectedPrecision: number | null;
  expectedRecall: number | null;
  expectedF1: number | null;
}

export interface CbpeAccumulatorJson {
  reading: BinaryReading;
  sums: [number, number, number, number, number, number];
}

/**
 * Confidence-based performance estimation (CBPE, as in NannyML): estimates accuracy before labels
 * arrive. Assumes the model is calibrated — among predictions made with probability p, a fraction p is
 * right — so each prediction is correct with probability p(predicted class), and expected accuracy is
 * the mean of those. For binary models the expected confusion matrix follows the same way:
 * predicted positive adds p to E[TP] and 1 − p to E[FP]; predicted negative adds p to E[FN] and 1 − p
 * to E[TN], where p = P(positive label). Miscalibration biases the estimate by the calibration error;
 * calibrate on a labelled reference window first. Mergeable (sums).
 *
 * @example
 * const acc = new CbpeAccumulator();
 * acc.add({ label: 'cat', probabilities: { cat: 0.9, dog: 0.1 } });
 * acc.add({ label: 'dog', probabilities: { cat: 0.3, dog: 0.7 } });
 * estimatePerformance(acc).expectedAccuracy; // 0.8
 */
export class CbpeAccumulator {
  readonly reading: BinaryReading;
  n = 0;
  sumConfidence = 0;
  expectedTp = 0;
  expectedFp = 0;
  expectedFn = 0;
  expectedTn = 0;

  constructor(reading: Partial<BinaryReading> = {}) {
    this.reading = { ...defaultBinaryReading, ...reading };
  }

  /** Adds a prediction once, or `weight` times (a sampled prediction standing for that many). */
  add(prediction: PredictionValue, weight = 1): void {
    const probabilities = readProbabilities(prediction, this.reading);
    const predicted = readPredictedClass(prediction, this.reading);
    if (probabilities === undefined || predicted === undefined) return;
    this.n += weight;
    this.sumConfidence += weight * (probabilities[predicted] ?? 0);
    const pPositive = probabilities[this.reading.positiveLabel];
    if (pPositive === undefined) return;
    if (predicted === this.reading.positiveLabel) {
      this.expectedTp += weight * pPositive;
      this.expectedFp += weight * (1 - pPositive);
    } else {
      this.expectedFn += weight * pPositive;
      this.expectedTn += weight * (1 - pPositive);
    }
  }

  merge(other: CbpeAccumulator): void {
    this.n += other.n;
    this.sumConfidence += other.sumConfidence;
    this.expectedTp += other.expectedTp;
    this.expectedFp += other.expectedFp;
    this.expectedFn += other.expectedFn;
    this.expectedTn += other.expectedTn;
  }

  toJSON(): CbpeAccumulatorJson {
    return {
      reading: { ...this.reading },
      sums: [this.n, this.sumConfidence, this.expectedTp, this.expectedFp, this.expectedFn, this.expectedTn],
    };
  }

  static fromJSON(json: CbpeAccumulatorJson): CbpeAccumulator {
    const acc = new CbpeAccumulator(json.reading);
    [acc.n, acc.sumConfidence, acc.expectedTp, acc.expectedFp, acc.expectedFn, acc.expectedTn] = json.sums;
    return acc;
  }
}

/** The CBPE estimate from an accumulator; null fields where there is nothing to estimate from. */
export function estimatePerformance(acc: CbpeAccumulator): CbpeEstimate {
  const tp = acc.expectedTp;
  const binaryRows = tp + acc.expectedFp + acc.expectedFn + acc.expectedTn;
  const precision = binaryRows > 0 && tp + acc.expectedFp > 0 ? tp / (tp + acc.expectedFp) : null;
  const recall = binaryRows > 0 && tp + acc.expectedFn > 0 ? tp / (tp + acc.expectedFn) : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : null;
  return {
    n: acc.n,
    expectedAccuracy: acc.n > 0 ? acc.sumConfidence / acc.n : null,
    expectedPrecision: precision,
    expectedRecall: recall,
    expectedF1: f1,
  };
}
