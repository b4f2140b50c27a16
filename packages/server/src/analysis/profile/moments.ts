/**
 * Count, mean, variance, min and max of a stream of numbers: Welford's update per value, Chan et al.'s
 * pairwise formula to merge. Both avoid the catastrophic cancellation of the naive Σx² − (Σx)²/n.
 */
export interface Moments {
  n: number;
  mean: number;
  /** Σ (x − mean)², the un-normalised second central moment. */
  m2: number;
  min: number;
  max: number;
}

/** An empty accumulator: `min` is +∞ and `max` −∞ until a value arrives. */
export function createMoments(): Moments {
  return { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
}

/**
 * Adds one finite value in place (Welford), `weight` times (West's weighted update: the same result as that
 * many single adds, up to rounding).
 *
 * @example
 * const m = createMoments(); addMoment(m, 1); addMoment(m, 3); // m.mean === 2, populationVariance(m) === 1
 */
export function addMoment(m: Moments, x: number, weight = 1): void {
  const n = m.n + weight;
  const delta = x - m.mean;
  m.mean += (delta * weight) / n;
  m.m2 += weight * delta * (x - m.mean);
  m.n = n;
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

/**
 * Merges two accumulators into a new one (Chan, Golub & LeVeque 1979). The formulas are written
 * symmetrically so that `mergeMoments(a, b)` and `mergeMoments(b, a)` are bit-for-bit equal; associativity
 * holds up to floating-point rounding (relative 1e-15 per merge).
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    mean: (a.n * a.mean + b.n * b.mean) / n,
    m2: a.m2 + b.m2 + (delta * delta * (a.n * b.n)) / n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** Population variance Σ(x − mean)² / n, or NaN when empty. */
export function populationVariance(m: Moments): number {
  return m.n > 0 ? m.m2 / m.n : NaN;
}

/** Sample variance Σ(x − mean)² / (n − 1), or NaN below two values. */
export function sampleVariance(m: Moments): number {
  return m.n > 1 ? m.m2 / (m.n - 1) : NaN;
}
