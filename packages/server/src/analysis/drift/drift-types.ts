/** Types of the drift engine's input and report (see docs/drift.md). */

export const DRIFT_METHODS = [
  'auto',
  'ks',
  'wasserstein',
  'psi',
  'jensenshannon',
  'kl',
  'hellinger',
  'chisquare',
] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
/** A method actually run on a column (auto resolved). */
export type ResolvedMethod = Exclude<DriftMethod, 'auto'>;
export type ColumnKind = 'numerical' | 'categorical';

/** Raw numerical values, missing values already removed. Order does not matter. */
export interface NumericalValues {
  name: string;
  kind: 'numerical';
  values: Float64Array;
}

/**
 * Counts per label: a categorical column's category counts, or a numerical column already binned
 * (e.g. reconstructed from a stored profile). Reference and current are aligned by label.
 * Only binned tests (psi, kl, jensenshannon, hellinger, chisquare) can run on counts.
 */
export interface LabelCounts {
  name: string;
  kind: ColumnKind;
  counts: ReadonlyMap<string, number>;
}

export type ColumnData = NumericalValues | LabelCounts;

export interface ColumnOptions {
  method?: DriftMethod;
  threshold?: number;
}

export interface DriftOptions {
  /** Method for every column unless overridden per column. Default 'auto'. */
  method?: DriftMethod;
  /** Threshold for every column unless overridden; default depends on the method. */
  threshold?: number;
  /** Per-column overrides by column name. */
  columns?: Record<string, ColumnOptions>;
  /** Share of drifted columns at or above which the dataset drifts. Default 0.5. */
  datasetDriftShare?: number;
}

export interface ColumnDrift {
  name: string;
  kind: ColumnKind;
  method: ResolvedMethod;
  statistic: number;
  /** p-value for ks and chisquare, null for distance methods. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  referenceSize: number;
  currentSize: number;
}

export interface DriftReport {
  columns: ColumnDrift[];
  driftedShare: number;
  datasetDrift: boolean;
}

export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}
