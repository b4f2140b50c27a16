/**
 * Wasserstein-1 distance between two sorted samples (scipy.stats.wasserstein_distance):
 * ∫ |F_ref(x) − F_cur(x)| dx, summed over the gaps between consecutive pooled values.
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let v = n1 && (!n2 || a[0] <= b[0]) ? a[0] : b[0];
  while (i < n1 || j < n2) {
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    if (i >= n1 && j >= n2) break;
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    sum += Math.abs(i / n1 - j / n2) * (next - v);
    v = next;
  }
  return sum;
}

/** Population standard deviation (ddof 0), two-pass for accuracy. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/** Minimum divisor, so a constant reference column does not divide by zero. */
export const MIN_WASSERSTEIN_SCALE = 0.001;

/**
 * Wasserstein-1 distance in units of the reference's standard deviation.
 * @example normedWasserstein(sortedRef, sortedCur) // 0.1 means a shift of a tenth of a std
 */
export function normedWasserstein(sortedRef: Float64Array, sortedCur: Float64Array): number {
  return wassersteinDistance(sortedRef, sortedCur) / Math.max(populationStd(sortedRef), MIN_WASSERSTEIN_SCALE);
}
