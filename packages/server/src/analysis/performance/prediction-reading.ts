import type { Event, Label } from '@vigil/protocol';

/** The `prediction` field of an event. */
export type PredictionValue = NonNullable<Event['prediction']>;
/** The ground truth of a label. */
export type LabelValue = Label['label'];

/** One prediction joined with its ground truth (by requestId, upstream). */
export interface LabelledPrediction {
  prediction: PredictionValue;
  label: LabelValue;
}

/**
 * How to read score-only binary predictions (`{score}` without label or probabilities): `score` is
 * P(positiveLabel) and the predicted class is positiveLabel when score ≥ threshold, else negativeLabel.
 */
export interface BinaryReading {
  positiveLabel: string;
  negativeLabel: string;
  threshold: number;
}

export const defaultBinaryReading: Readonly<BinaryReading> = Object.freeze({
  positiveLabel: '1',
  negativeLabel: '0',
  threshold: 0.5,
});

/** Class key: labels and predicted classes compare as strings, so `1`, `"1"` and probability key "1" agree. */
export function toClassKey(v: string | number | boolean): string {
  return String(v);
}

/**
 * The predicted class: a primitive prediction, else `label`, else the arg-max of `probabilities`
 * (ties: the smaller key), else `score` against the threshold. Undefined when none of these exist.
 */
export function readPredictedClass(p: PredictionValue, reading: BinaryReading): string | undefined {
  if (typeof p !== 'object') return toClassKey(p);
  if (p.label !== undefined) return toClassKey(p.label);
  if (p.probabilities !== undefined) {
    let best: string | undefined;
    for (const key in p.probabilities) {
      const v = p.probabilities[key];
      if (best === undefined || v > p.probabilities[best] || (v === p.probabilities[best] && key < best)) best = key;
    }
    if (best !== undefined) return best;
  }
  if (p.score !== undefined) return p.score >= reading.threshold ? reading.positiveLabel : reading.negativeLabel;
  return undefined;
}

/**
 * Class probabilities of a prediction, renormalised to sum to 1: from `probabilities`, or from a
 * score-only prediction as {positive: score, negative: 1 − score}. Undefined when neither is sent.
 */
export function readProbabilities(p: PredictionValue, reading: BinaryReading): Record<string, number> | undefined {
  if (typeof p !== 'object') return undefined;
  if (p.probabilities !== undefined) {
    let total = 0;
    for (const key in p.probabilities) total += p.probabilities[key];
    if (!(total > 0)) return undefined;
    const out: Record<string, number> = {};
    for (const key in p.probabilities) out[key] = p.probabilities[key] / total;
    return out;
  }
  if (p.label === undefined && p.score !== undefined && p.score >= 0 && p.score <= 1) {
    return { [reading.positiveLabel]: p.score, [reading.negativeLabel]: 1 - p.score };
  }
  return undefined;
}

/** The numeric output of a regression prediction: a number, else `value`, else `score`. */
export function readPredictedValue(p: PredictionValue): number | undefined {
  if (typeof p === 'number') return p;
  if (typeof p === 'object') return p.value ?? p.score;
  return undefined;
}
