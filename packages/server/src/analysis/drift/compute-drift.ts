/**
 * The drift engine: picks a test per column, runs it, and decides column and dataset drift.
 * Pure: numbers in, report out.
 */
import { binCategorical, binNumerical, countDistinctSorted, type BinnedPair } from './histogram-binning.js';
import { chiSquareTest } from './chisquare-test.js';
import { ksTest } from './ks-test.js';
import { computeHellinger, computeJensenShannon, computeKl, computePsi } from './share-distances.js';
import { normedWasserstein } from './wasserstein-distance.js';
import { sortFloat64 } from './float64-radix-sort.js';
import {
  DriftInputError,
  type ColumnData,
  type ColumnDrift,
  type DriftMethod,
  type DriftOptions,
  type DriftReport,
  type ResolvedMethod,
} from './drift-types.js';

/** Reference sizes up to this use ks / chisquare under `auto`; above, wasserstein / jensenshannon. */
export const AUTO_SMALL_REFERENCE = 1000;
/** Under `auto` with a large reference, numerical columns with more distinct values use wasserstein. */
export const AUTO_MIN_DISTINCT_FOR_WASSERSTEIN = 5;
export const DEFAULT_DATASET_DRIFT_SHARE = 0.5;

/** Default thresholds: p-value tests drift below, distances drift at or above. */
export const DEFAULT_THRESHOLDS: Record<ResolvedMethod, number> = {
  ks: 0.05,
  chisquare: 0.05,
  wasserstein: 0.1,
  psi: 0.1,
  kl: 0.1,
  jensenshannon: 0.1,
  hellinger: 0.1,
};

export function isPValueMethod(m: ResolvedMethod): boolean {
  return m === 'ks' || m === 'chisquare';
}

function sizeOf(c: ColumnData): number {
  if ('values' in c) return c.values.length;
  let n = 0;
  for (const v of c.counts.values()) n += v;
  return n;
}

function resolveMethod(method: DriftMethod, ref: ColumnData, cur: ColumnData): ResolvedMethod {
  const raw = 'values' in ref && 'values' in cur;
  if (method === 'auto') {
    const small = sizeOf(ref) <= AUTO_SMALL_REFERENCE;
    if (raw) {
      if (small) return 'ks';
      const distinct = countDistinctSorted(ref.values, cur.values, AUTO_MIN_DISTINCT_FOR_WASSERSTEIN);
      return distinct > AUTO_MIN_DISTINCT_FOR_WASSERSTEIN ? 'wasserstein' : 'jensenshannon';
    }
    return small ? 'chisquare' : 'jensenshannon';
  }
  // ks and wasserstein need raw numerical values; on counts they fall back to chisquare.
  if ((method === 'ks' || method === 'wasserstein') && !raw) return 'chisquare';
  return method;
}

function binPair(ref: ColumnData, cur: ColumnData): BinnedPair {
  if ('values' in ref && 'values' in cur) return binNumerical(ref.values, cur.values);
  if ('counts' in ref && 'counts' in cur) return binCategorical(ref.counts, cur.counts);
  throw new DriftInputError(`column "${ref.name}": reference and current must both be raw values or both counts`);
}

function runTest(
  method: ResolvedMethod,
  ref: ColumnData,
  cur: ColumnData,
): { statistic: number; pValue: number | null } {
  if (method === 'ks' && 'values' in ref && 'values' in cur) return ksTest(ref.values, cur.values);
  if (method === 'wasserstein' && 'values' in ref && 'values' in cur) {
    return { statistic: normedWasserstein(ref.values, cur.values), pValue: null };
  }
  const bins = binPair(ref, cur);
  switch (method) {
    case 'chisquare':
      return chiSquareTest(bins.reference, bins.current);
    case 'psi':
      return { statistic: computePsi(bins.reference, bins.current), pValue: null };
    case 'kl':
      return { statistic: computeKl(bins.reference, bins.current), pValue: null };
    case 'hellinger':
      return { statistic: computeHellinger(bins.reference, bins.current), pValue: null };
    default:
      return { statistic: computeJensenShannon(bins.reference, bins.current), pValue: null };
  }
}

/** Sorts raw values in place once, so every test can walk them in order. */
function prepare(c: ColumnData): ColumnData {
  if ('values' in c) sortFloat64(c.values);
  return c;
}

/**
 * Tests one column. Raw values are sorted in place.
 * @example computeColumnDrift(refCol, curCol, { method: 'psi', threshold: 0.2 })
 */
export function computeColumnDrift(
  reference: ColumnData,
  current: ColumnData,
  options: { method?: DriftMethod; threshold?: number } = {},
): ColumnDrift {
  if (reference.kind !== current.kind) {
    throw new DriftInputError(
      `column "${reference.name}" is ${reference.kind} in the reference but ${current.kind} in the current data`,
    );
  }
  const ref = prepare(reference);
  const cur = prepare(current);
  const referenceSize = sizeOf(ref);
  const currentSize = sizeOf(cur);
  const method = resolveMethod(options.method ?? 'auto', ref, cur);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[method];
  if (referenceSize === 0 || currentSize === 0) {
    // Nothing to compare (a column entirely missing on one side): reported, never drifted.
    return {
      name: ref.name,
      kind: ref.kind,
      method,
      statistic: NaN,
      pValue: null,
      threshold,
      drifted: false,
      referenceSize,
      currentSize,
    };
  }
  const { statistic, pValue } = runTest(method, ref, cur);
  const drifted = isPValueMethod(method) ? pValue !== null && pValue < threshold : statistic >= threshold;
  return { name: ref.name, kind: ref.kind, method, statistic, pValue, threshold, drifted, referenceSize, currentSize };
}

/**
 * Compares current data with reference data column by column (columns matched by name).
 *
 * @example
 *   const report = computeDrift(
 *     [{ name: 'age', kind: 'numerical', values: refAges }],
 *     [{ name: 'age', kind: 'numerical', values: curAges }],
 *     { method: 'auto', columns: { age: { threshold: 0.2 } } },
 *   );
 *   report.datasetDrift; // true when >= 50% of the columns drifted
 */
export function computeDrift(reference: ColumnData[], current: ColumnData[], options: DriftOptions = {}): DriftReport {
  const byName = new Map(current.map((c) => [c.name, c]));
  const columns: ColumnDrift[] = [];
  for (const ref of reference) {
    const cur = byName.get(ref.name);
    if (!cur) throw new DriftInputError(`column "${ref.name}" is missing from the current data`);
    const override = options.columns?.[ref.name] ?? {};
    columns.push(
      computeColumnDrift(ref, cur, {
        method: override.method ?? options.method,
        threshold: override.threshold ?? options.threshold,
      }),
    );
  }
  return summarizeDrift(columns, options.datasetDriftShare);
}

/** Dataset verdict over tested columns: drifts when at least `share` (default 50%) of them drifted. */
export function summarizeDrift(columns: ColumnDrift[], share = DEFAULT_DATASET_DRIFT_SHARE): DriftReport {
  const drifted = columns.filter((c) => c.drifted).length;
  const driftedShare = columns.length ? drifted / columns.length : 0;
  return { columns, driftedShare, datasetDrift: columns.length > 0 && driftedShare >= share };
}
