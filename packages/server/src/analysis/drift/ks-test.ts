/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, matching `scipy.stats.ks_2samp(a, b)` with its
 * defaults (method "auto"): exact p-value when both samples have at most 10,000 values, otherwise the
 * `kstwo` distribution at n = round(n1·n2/(n1+n2)). Inputs must be sorted ascending without NaN.
 */
import { kolmogorovSf } from './kolmogorov-distribution.js';

const MAX_EXACT_N = 10000;

export interface TestResult {
  statistic: number;
  pValue: number | null;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy's round-half-to-even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** max |F1 - F2| over the pooled values, walking both sorted arrays once. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  // Once one sample is exhausted its CDF is 1; the other only climbs toward 1, so the gap shrinks.
  return d;
}

/** P(D >= h/n) for equal sizes: alternating binomial sum in Horner form (no cancellation). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Share of lattice paths (0,0)→(m,n) that leave the band |x/m - y/n| < h/lcm, computed directly as
 * 1 - inside (Viehmann 2021 recursion over one sliding column).
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(Math.max(lenA, 1)).fill(1);
  for (let j = minj; j < maxj; j++) a[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), a.length));
  }
  return a[maxj - minj - 1];
}

/**
 * Two-sided two-sample KS test on sorted samples.
 * @example ksTest(Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 4, 5)) // {statistic, pValue}
 */
export function ksTest(sortedA: Float64Array, sortedB: Float64Array): TestResult {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: null };
  let d = ksStatistic(sortedA, sortedB);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1 };
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (prob >= 0 && prob <= 1) return { statistic: d, pValue: prob };
    // scipy falls back to the asymptotic distribution when the exact recursion misbehaves.
  }
  const big = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const en = (big * small) / (big + small);
  const p = kolmogorovSf(roundHalfEven(en), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)) };
}
