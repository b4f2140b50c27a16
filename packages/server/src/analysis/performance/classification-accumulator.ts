import {
  defaultBinaryReading,
  readPredictedClass,
  readProbabilities,
  toClassKey,
  type BinaryReading,
  type LabelledPrediction,
} from './prediction-reading.js';

/** Score histogram resolution for ROC AUC: bin b holds probabilities in [b/1000, (b+1)/1000). */
export const AUC_BINS = 1000;
/** Probabilities are clipped to [ε, 1 − ε] for log loss (sklearn's historical default). */
export const LOG_LOSS_EPSILON = 1e-15;

/** Serialised accumulator: confusion cells, log-loss sums, sparse score histograms. */
export interface ClassificationAccumulatorJson {
  reading: BinaryReading;
  skipped: number;
  cells: [string, string, number][];
  logLoss: [number, number];
  /** class → [bin, positives, negatives] for non-empty bins. */
  histograms: Record<string, [number, number, number][]>;
}

interface ScoreHistogram {
  positives: Float64Array;
  negatives: Float64Array;
}

/**
 * Mergeable state for classification metrics over (prediction, label) pairs: a confusion matrix,
 * log-loss sums, and per class a one-vs-rest histogram of that class's probability among rows where it
 * is / is not the truth (for ROC AUC). State is O(classes² + classes·1000) whatever the row count; merge
 * is addition, exactly associative and commutative. 16 KB of histogram per class with probabilities.
 * A class's AUC uses only rows whose probability map names that class.
 *
 * @example
 * const acc = new ClassificationAccumulator();
 * acc.add({ prediction: { label: 'cat', probabilities: { cat: 0.8, dog: 0.2 } }, label: 'cat' });
 * computeClassificationMetrics(acc).accuracy; // 1
 */
export class ClassificationAccumulator {
  readonly reading: BinaryReading;
  /** Pairs with no readable predicted class (e.g. a regression number sent to a classifier). */
  skipped = 0;
  /** truth → predicted → count. */
  readonly confusion = new Map<string, Map<string, number>>();
  logLossSum = 0;
  logLossCount = 0;
  readonly histograms = new Map<string, ScoreHistogram>();

  constructor(reading: Partial<BinaryReading> = {}) {
    this.reading = { ...defaultBinaryReading, ...reading };
  }

  /** Adds a pair once, or `weight` times (a sampled pair standing for that many). */
  add(pair: LabelledPrediction, weight = 1): void {
    const predicted = readPredictedClass(pair.prediction, this.reading);
    if (predicted === undefined) {
      this.skipped += weight;
      return;
    }
    const truth = toClassKey(pair.label);
    this.addCell(truth, predicted, weight);
    const probabilities = readProbabilities(pair.prediction, this.reading);
    if (probabilities === undefined) return;
    const pTrue = probabilities[truth] ?? 0;
    this.logLossSum -= weight * Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, pTrue)));
    this.logLossCount += weight;
    for (const cls in probabilities) {
      const h = this.histogramOf(cls);
      const bin = Math.min(AUC_BINS - 1, Math.max(0, Math.floor(probabilities[cls] * AUC_BINS)));
      if (cls === truth) h.positives[bin] += weight;
      else h.negatives[bin] += weight;
    }
  }

  merge(other: ClassificationAccumulator): void {
    this.skipped += other.skipped;
    for (const [truth, row] of other.confusion) for (const [predicted, n] of row) this.addCell(truth, predicted, n);
    this.logLossSum += other.logLossSum;
    this.logLossCount += other.logLossCount;
    for (const [cls, h] of other.histograms) {
      const mine = this.histogramOf(cls);
      for (let b = 0; b < AUC_BINS; b++) {
        mine.positives[b] += h.positives[b];
        mine.negatives[b] += h.negatives[b];
      }
    }
  }

  toJSON(): ClassificationAccumulatorJson {
    const cells: [string, string, number][] = [];
    for (const [truth, row] of this.confusion) for (const [predicted, n] of row) cells.push([truth, predicted, n]);
    cells.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
    const histograms: Record<string, [number, number, number][]> = {};
    for (const cls of [...this.histograms.keys()].sort()) {
      const h = this.histograms.get(cls)!;
      const bins: [number, number, number][] = [];
      for (let b = 0; b < AUC_BINS; b++)
        if (h.positives[b] || h.negatives[b]) bins.push([b, h.positives[b], h.negatives[b]]);
      histograms[cls] = bins;
    }
    return {
      reading: { ...this.reading },
      skipped: this.skipped,
      cells,
      logLoss: [this.logLossSum, this.logLossCount],
      histograms,
    };
  }

  static fromJSON(json: ClassificationAccumulatorJson): ClassificationAccumulator {
    const acc = new ClassificationAccumulator(json.reading);
    acc.skipped = json.skipped;
    for (const [truth, predicted, n] of json.cells) acc.addCell(truth, predicted, n);
    [acc.logLossSum, acc.logLossCount] = json.logLoss;
    for (const [cls, bins] of Object.entries(json.histograms)) {
      const h = acc.histogramOf(cls);
      for (const [b, pos, neg] of bins) {
        h.positives[b] = pos;
        h.negatives[b] = neg;
      }
    }
    return acc;
  }

  private addCell(truth: string, predicted: string, n: number): void {
    let row = this.confusion.get(truth);
    if (row === undefined) this.confusion.set(truth, (row = new Map()));
    row.set(predicted, (row.get(predicted) ?? 0) + n);
  }

  private histogramOf(cls: string): ScoreHistogram {
    let h = this.histograms.get(cls);
    if (h === undefined)
      this.histograms.set(cls, (h = { positives: new Float64Array(AUC_BINS), negatives: new Float64Array(AUC_BINS) }));
    return h;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
