/**
 * A quantile estimated from explicit-bucket histogram counts, the way Prometheus' `histogram_quantile` does it:
 * find the bucket holding the rank, then interpolate linearly between its lower and upper bound, as if the
 * values were spread evenly inside it. So the answer is an estimate whose error is at most the bucket's width
 * (with the GenAI semconv duration buckets, 0.01 s · 2^k, at most half of the value). Pure.
 */

/** One bucket: its upper bound (inclusive; `Infinity` for the overflow bucket) and the values counted in it. */
export interface HistogramBucket {
  le: number;
  count: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1), or null when the buckets hold nothing. The first bucket's lower bound is 0 (durations
 * and token counts are not negative); a rank in the overflow bucket answers the highest finite bound, as
 * Prometheus does, since nothing says how far above it the values went. Buckets with the same bound (from
 * exporters with different boundaries, merged) are added together.
 * @example estimateQuantile([{ le: 1, count: 2 }, { le: 2, count: 2 }, { le: Infinity, count: 0 }], 0.5) // 1
 */
export function estimateQuantile(buckets: readonly HistogramBucket[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q: must be within [0, 1], got ${q}`);
  const merged = new Map<number, number>();
  for (const b of buckets) if (b.count > 0) merged.set(b.le, (merged.get(b.le) ?? 0) + b.count);
  const sorted = [...merged].sort(([a], [b]) => a - b);
  const total = sorted.reduce((a, [, c]) => a + c, 0);
  if (total === 0) return null;
  const finite = buckets.map((b) => b.le).filter((le) => Number.isFinite(le));
  const bounds = [...new Set(finite)].sort((a, b) => a - b);
  const rank = q * total;
  let below = 0;
  for (const [le, count] of sorted) {
    if (below + count >= rank) {
      if (!Number.isFinite(le)) return bounds.length > 0 ? bounds.at(-1)! : null;
      // The lower bound is the next bound below this one, among all the bounds seen (not only non-empty ones).
      const lower = bounds.filter((b) => b < le).at(-1) ?? Math.min(0, le);
      return lower + (le - lower) * ((rank - below) / count);
    }
    below += count;
  }
  return bounds.at(-1) ?? null;
}
