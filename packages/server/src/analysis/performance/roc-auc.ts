/**
 * Exact ROC AUC from scores and binary truth: the Mann-Whitney U statistic with mid-ranks for ties,
 * i.e. P(score of a random positive > score of a random negative) + ½ P(tie). NaN when either class is
 * absent. O(n log n).
 *
 * @example
 * computeRocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]); // 0.75
 */
export function computeRocAuc(scores: readonly number[], isPositive: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (isPositive[order[k]]) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** AUC of binned scores and the largest possible gap to the exact AUC of the unbinned scores. */
export interface HistogramAuc {
  auc: number;
  /** ½ · Σ_b pos_b·neg_b / (P·N): pairs sharing a bin are counted as ties, the only source of error. */
  errorBound: number;
}

/**
 * ROC AUC from per-bin counts of positive and negative scores over the same ascending bins. Exact for
 * the binned scores; the exact AUC of the raw scores lies within ± `errorBound`.
 *
 * @example
 * rocAucFromHistograms([0, 1, 1], [1, 1, 0]); // { auc: 0.875, errorBound: 0.125 }
 */
export function rocAucFromHistograms(positives: ArrayLike<number>, negatives: ArrayLike<number>): HistogramAuc {
  let p = 0;
  let n = 0;
  let wins = 0;
  let ties = 0;
  for (let b = 0; b < positives.length; b++) {
    wins += positives[b] * n;
    ties += positives[b] * negatives[b];
    p += positives[b];
    n += negatives[b];
  }
  if (p === 0 || n === 0) return { auc: NaN, errorBound: NaN };
  return { auc: (wins + 0.5 * ties) / (p * n), errorBound: (0.5 * ties) / (p * n) };
}
