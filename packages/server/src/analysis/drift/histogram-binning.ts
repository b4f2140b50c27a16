/**
 * The one binning every binned test (psi, kl, jensenshannon, hellinger, chisquare) shares, so a column
 * gets the same bins whichever test runs on it:
 * - numerical columns with more than 20 distinct values over both samples: numpy's
 *   `histogram_bin_edges(concat(ref, cur), bins="sturges")` and numpy.histogram's assignment
 *   (bins half-open [e_i, e_i+1), the last one closed);
 * - every other column: one bin per distinct value over the union of both samples.
 */

export const MAX_DISTINCT_FOR_VALUE_BINS = 20;

export interface BinnedPair {
  /** Human-readable bin labels, in bin order. */
  labels: string[];
  reference: Float64Array;
  current: Float64Array;
}

/**
 * Distinct values over two sorted samples, counting up to `limit + 1` then stopping.
 * @example countDistinctSorted(Float64Array.of(1, 2), Float64Array.of(2, 3), 20) // 3
 */
export function countDistinctSorted(a: Float64Array, b: Float64Array, limit: number): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while ((i < a.length || j < b.length) && distinct <= limit) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    distinct++;
  }
  return distinct;
}

/** numpy `histogram_bin_edges(x, bins="sturges")` for a sample of size `size` spanning [min, max]. */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** numpy.histogram's uniform-bin assignment: a computed index corrected against the edges. */
export function histogramCounts(values: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const first = edges[0];
  const denom = edges[bins] - first;
  const counts = new Float64Array(bins);
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    let idx = Math.trunc(((x - first) / denom) * bins);
    if (idx === bins) idx--;
    if (x < edges[idx]) idx--;
    else if (idx !== bins - 1 && x >= edges[idx + 1]) idx++;
    counts[idx]++;
  }
  return counts;
}

function formatEdge(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, '');
}

/** Bins two sorted numerical samples with the shared rule. */
export function binNumerical(ref: Float64Array, cur: Float64Array): BinnedPair {
  const distinct = countDistinctSorted(ref, cur, MAX_DISTINCT_FOR_VALUE_BINS);
  if (distinct > MAX_DISTINCT_FOR_VALUE_BINS) {
    const min = Math.min(ref.length ? ref[0] : Infinity, cur.length ? cur[0] : Infinity);
    const max = Math.max(ref.length ? ref[ref.length - 1] : -Infinity, cur.length ? cur[cur.length - 1] : -Infinity);
    const edges = sturgesEdges(min, max, ref.length + cur.length);
    const labels: string[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      const close = i + 2 === edges.length ? ']' : ')';
      labels.push(`[${formatEdge(edges[i])}, ${formatEdge(edges[i + 1])}${close}`);
    }
    return { labels, reference: histogramCounts(ref, edges), current: histogramCounts(cur, edges) };
  }
  const values: number[] = [];
  const refCounts: number[] = [];
  const curCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < ref.length || j < cur.length) {
    const v = j >= cur.length || (i < ref.length && ref[i] <= cur[j]) ? ref[i] : cur[j];
    let r = 0;
    let c = 0;
    while (i < ref.length && ref[i] === v) {
      i++;
      r++;
    }
    while (j < cur.length && cur[j] === v) {
      j++;
      c++;
    }
    values.push(v);
    refCounts.push(r);
    curCounts.push(c);
  }
  return { labels: values.map(String), reference: Float64Array.from(refCounts), current: Float64Array.from(curCounts) };
}

/** Aligns two label→count maps on the union of labels (reference order first, then new labels). */
export function binCategorical(ref: ReadonlyMap<string, number>, cur: ReadonlyMap<string, number>): BinnedPair {
  const labels = [...ref.keys()];
  for (const k of cur.keys()) if (!ref.has(k)) labels.push(k);
  return {
    labels,
    reference: Float64Array.from(labels, (l) => ref.get(l) ?? 0),
    current: Float64Array.from(labels, (l) => cur.get(l) ?? 0),
  };
}
