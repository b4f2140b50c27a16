/**
 * Distances between two binned distributions given as counts over the same bins.
 * psi and kl use floored shares (so a bin empty on one side does not give ∞); jensenshannon and
 * hellinger are finite on raw shares and use them unfloored.
 */

/** Share given to an empty bin; see {@link floorShares}. */
export const ZERO_SHARE_FLOOR = 0.0001;

export function toShares(counts: Float64Array): Float64Array {
  let total = 0;
  for (const c of counts) total += c;
  return counts.map((c) => c / total);
}

/**
 * Floors zero shares in both arrays to one common value: 0.0001, or (smallest non-zero share over
 * BOTH arrays) / 10⁶ when that share is <= 0.0001, so a floored bin always stays below every real one.
 */
export function floorShares(p: Float64Array, q: Float64Array): [Float64Array, Float64Array] {
  let smallest = Infinity;
  for (const arr of [p, q]) for (const v of arr) if (v > 0 && v < smallest) smallest = v;
  const floor = smallest <= ZERO_SHARE_FLOOR ? smallest / 1e6 : ZERO_SHARE_FLOOR;
  return [p.map((v) => (v === 0 ? floor : v)), q.map((v) => (v === 0 ? floor : v))];
}

/** Population stability index Σ (cur − ref)·ln(cur/ref) on floored shares. */
export function computePsi(refCounts: Float64Array, curCounts: Float64Array): number {
  const [p, q] = floorShares(toShares(refCounts), toShares(curCounts));
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (q[i] - p[i]) * Math.log(q[i] / p[i]);
  return s;
}

/** KL divergence D(ref‖cur) = scipy.stats.entropy(ref, cur) on floored shares (entropy renormalises). */
export function computeKl(refCounts: Float64Array, curCounts: Float64Array): number {
  const [p0, q0] = floorShares(toShares(refCounts), toShares(curCounts));
  const p = toShares(p0);
  const q = toShares(q0);
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log(p[i] / q[i]);
  return s;
}

/** scipy.spatial.distance.jensenshannon(ref, cur) with natural log: sqrt of the JS divergence. */
export function computeJensenShannon(refCounts: Float64Array, curCounts: Float64Array): number {
  const p = toShares(refCounts);
  const q = toShares(curCounts);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) s += p[i] * Math.log(p[i] / m);
    if (q[i] > 0) s += q[i] * Math.log(q[i] / m);
  }
  return Math.sqrt(Math.max(0, s) / 2);
}

/** Hellinger distance sqrt(Σ(√ref − √cur)²)/√2 on raw shares, in [0, 1]. */
export function computeHellinger(refCounts: Float64Array, curCounts: Float64Array): number {
  const p = toShares(refCounts);
  const q = toShares(curCounts);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (Math.sqrt(p[i]) - Math.sqrt(q[i])) ** 2;
  return Math.sqrt(s) / Math.SQRT2;
}
