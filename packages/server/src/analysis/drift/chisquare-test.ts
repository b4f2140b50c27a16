/**
 * Pearson chi-square goodness of fit of the current counts against the reference distribution, as
 * `scipy.stats.chisquare(f_obs=current, f_exp=reference_share · n_current)`.
 *
 * A bin absent from the reference would get expected 0 and statistic ∞ in scipy. Instead its reference
 * share is floored to 0.0001 (or smallest non-zero reference share / 10⁶ when that is <= 0.0001) and the
 * reference shares are renormalised to sum to 1, so expected still sums to n_current (scipy's own check)
 * and a new category with real weight still drives the p-value to ~0.
 * One bin only: statistic 0 and p-value 1 (scipy returns NaN; nothing can have drifted).
 */
import { chiSquareSf } from './chi-square-distribution.js';
import { ZERO_SHARE_FLOOR } from './share-distances.js';
import type { TestResult } from './ks-test.js';

export function expectedCounts(refCounts: Float64Array, nCurrent: number): Float64Array {
  let nRef = 0;
  let smallest = Infinity;
  let hasZero = false;
  for (const c of refCounts) nRef += c;
  for (const c of refCounts) {
    const s = c / nRef;
    if (s === 0) hasZero = true;
    else if (s < smallest) smallest = s;
  }
  if (!hasZero) return refCounts.map((c) => c * (nCurrent / nRef));
  const floor = smallest <= ZERO_SHARE_FLOOR ? smallest / 1e6 : ZERO_SHARE_FLOOR;
  const shares = refCounts.map((c) => (c === 0 ? floor : c / nRef));
  let total = 0;
  for (const s of shares) total += s;
  return shares.map((s) => (s / total) * nCurrent);
}

/**
 * @example chiSquareTest(Float64Array.of(50, 50), Float64Array.of(30, 70)) // {statistic: 8, pValue: ≈0.0047}
 */
export function chiSquareTest(refCounts: Float64Array, curCounts: Float64Array): TestResult {
  let nCur = 0;
  for (const c of curCounts) nCur += c;
  if (refCounts.length < 2) return { statistic: 0, pValue: 1 };
  const expected = expectedCounts(refCounts, nCur);
  let stat = 0;
  for (let i = 0; i < expected.length; i++) stat += (curCounts[i] - expected[i]) ** 2 / expected[i];
  return { statistic: stat, pValue: chiSquareSf(stat, refCounts.length - 1) };
}
