import {
  binCategorical,
  binNumerical,
  computeColumnDrift,
  histogramCounts,
  sturgesEdges,
  summarizeDrift,
  type ColumnData,
  type ColumnDrift,
  type ColumnKind,
  type DriftOptions,
  type ResolvedMethod,
} from '../drift/index.js';
import type { ColumnProfile, ModelProfile } from '../profile/index.js';
import { categoryCounts, columnKind, reconstructSample } from './profile-columns.js';

/** Output columns left out of drift by default: they are API health (latency, spend), not model behaviour. */
export const OPERATIONAL_COLUMNS: ReadonlySet<string> = new Set(['latencyMs', 'costUsd']);

/** Bins of one side of a column, aligned with the other side's (same labels and edges). */
export interface DriftHistogram {
  /** Bin labels in order: a value, a category, or "[lo, hi)" for numerical ranges. */
  labels: string[];
  /** Numerical ranges only: labels.length + 1 edges; null for value or category bins. */
  edges: number[] | null;
  /** Share of the side's values in each bin (sums to 1 when the side has values). */
  shares: number[];
  /** Values on this side (missing left out). */
  count: number;
}

export interface ProfileColumnDrift {
  name: string;
  group: 'feature' | 'output';
  kind: ColumnKind;
  method: ResolvedMethod;
  /** Null when one side has no values (nothing to compare; never drifted). */
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  reference: DriftHistogram | null;
  current: DriftHistogram | null;
}

export interface ProfileDriftReport {
  columns: ProfileColumnDrift[];
  driftedShare: number;
  datasetDrift: boolean;
}

export interface ProfileDriftOptions extends DriftOptions {
  /** Only these columns (feature or output names); default every feature and output except {@link OPERATIONAL_COLUMNS}. */
  include?: readonly string[];
  /** Skip the histograms (the drift timeline only needs the statistics). Default true. */
  histograms?: boolean;
}

/**
 * Drift of a current profile against a reference profile, column by column, with the drift engine's
 * tests (docs/drift.md): numerical columns on samples rebuilt from the quantile sketches (see
 * {@link reconstructSample}; both sides on the same bin grid), categorical columns on category counts.
 * Columns of the reference are tested; a column new in the current window is a data-quality finding.
 *
 * @example
 *   const report = computeProfileDrift(reference.profile, lastDay.profile, { method: 'auto' });
 *   report.columns.filter((c) => c.drifted).map((c) => c.name);
 */
export function computeProfileDrift(
  reference: ModelProfile,
  current: ModelProfile,
  options: ProfileDriftOptions = {},
): ProfileDriftReport {
  const include = options.include ? new Set(options.include) : null;
  const columns: ProfileColumnDrift[] = [];
  for (const group of ['features', 'outputs'] as const) {
    for (const [name, refColumn] of reference[group]) {
      if (include ? !include.has(name) : group === 'outputs' && OPERATIONAL_COLUMNS.has(name)) continue;
      const refKind = columnKind(refColumn);
      if (refKind === null) continue;
      const override = options.columns?.[name] ?? {};
      columns.push(
        compareColumns(name, group === 'features' ? 'feature' : 'output', refColumn, current[group].get(name), {
          method: override.method ?? options.method,
          threshold: override.threshold ?? options.threshold,
          histograms: options.histograms ?? true,
        }),
      );
    }
  }
  const summary = summarizeDrift(columns.map(asColumnDrift), options.datasetDriftShare);
  return { columns, driftedShare: summary.driftedShare, datasetDrift: summary.datasetDrift };
}

function compareColumns(
  name: string,
  group: 'feature' | 'output',
  ref: ColumnProfile,
  cur: ColumnProfile | undefined,
  opts: { method?: DriftOptions['method']; threshold?: number; histograms: boolean },
): ProfileColumnDrift {
  const refKind = columnKind(ref)!;
  const curKind = columnKind(cur);
  // A column numerical on one side and categorical on the other is compared as categorical on both.
  const kind: ColumnKind =
    refKind === 'numerical' && (curKind === 'numerical' || curKind === null) ? 'numerical' : 'categorical';
  let refData: ColumnData;
  let curData: ColumnData;
  if (kind === 'numerical') {
    refData = { name, kind, values: reconstructSample(ref.sketch!) };
    curData = { name, kind, values: cur?.sketch ? reconstructSample(cur.sketch) : new Float64Array(0) };
  } else {
    refData = { name, kind, counts: categoryCounts(ref) };
    curData = { name, kind, counts: cur ? categoryCounts(cur) : new Map() };
  }
  const d = computeColumnDrift(refData, curData, { method: opts.method, threshold: opts.threshold });
  const hasBoth = d.referenceSize > 0 && d.currentSize > 0;
  const hist = opts.histograms ? histograms(refData, curData) : null;
  if (hist !== null && kind === 'numerical') {
    // The sample may be capped; report the true number of values.
    hist.reference.count = ref.sketch!.count;
    hist.current.count = cur?.sketch?.count ?? 0;
  }
  return {
    name,
    group,
    kind,
    method: d.method,
    statistic: hasBoth && Number.isFinite(d.statistic) ? d.statistic : null,
    pValue: hasBoth ? d.pValue : null,
    threshold: d.threshold,
    drifted: d.drifted,
    reference: hist?.reference ?? null,
    current: hist?.current ?? null,
  };
}

function asColumnDrift(c: ProfileColumnDrift): ColumnDrift {
  return {
    name: c.name,
    kind: c.kind,
    method: c.method,
    statistic: c.statistic ?? NaN,
    pValue: c.pValue,
    threshold: c.threshold,
    drifted: c.drifted,
    referenceSize: 0,
    currentSize: 0,
  };
}

/** Bins above which a numerical column is cut into Sturges ranges rather than one bin per value (docs/drift.md). */
const MAX_VALUE_BINS = 20;

/** The engine's shared binning, drawn as two aligned histograms. Numerical values must be sorted (the engine sorts them). */
function histograms(ref: ColumnData, cur: ColumnData): { reference: DriftHistogram; current: DriftHistogram } {
  if ('values' in ref && 'values' in cur) {
    const a = ref.values;
    const b = cur.values;
    if (a.length + b.length > 0 && countDistinct(a, b, MAX_VALUE_BINS) > MAX_VALUE_BINS) {
      const min = Math.min(a.length ? a[0]! : Infinity, b.length ? b[0]! : Infinity);
      const max = Math.max(a.length ? a[a.length - 1]! : -Infinity, b.length ? b[b.length - 1]! : -Infinity);
      const edges = sturgesEdges(min, max, a.length + b.length);
      const labels: string[] = [];
      for (let i = 0; i + 1 < edges.length; i++)
        labels.push(`[${short(edges[i]!)}, ${short(edges[i + 1]!)}${i + 2 === edges.length ? ']' : ')'}`);
      const e = Array.from(edges);
      return {
        reference: side(labels, e, histogramCounts(a, edges)),
        current: side(labels, e, histogramCounts(b, edges)),
      };
    }
    const bins = binNumerical(a, b);
    const labels = bins.labels.map((l) => short(Number(l)));
    return { reference: side(labels, null, bins.reference), current: side(labels, null, bins.current) };
  }
  if ('counts' in ref && 'counts' in cur) {
    const bins = binCategorical(ref.counts, cur.counts);
    return { reference: side(bins.labels, null, bins.reference), current: side(bins.labels, null, bins.current) };
  }
  throw new RangeError('reference and current must both be values or both be counts');
}

function side(labels: string[], edges: number[] | null, counts: Float64Array): DriftHistogram {
  let total = 0;
  for (const c of counts) total += c;
  return { labels, edges, shares: Array.from(counts, (c) => (total > 0 ? c / total : 0)), count: total };
}

function countDistinct(a: Float64Array, b: Float64Array, limit: number): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while ((i < a.length || j < b.length) && distinct <= limit) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    distinct++;
  }
  return distinct;
}

function short(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
