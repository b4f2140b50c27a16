/** How bad a finding is. Rate-based checks emit a finding only at `warning` or above. */
export type Severity = 'info' | 'warning' | 'critical';

export type QualityCheckName =
  | 'missing_rate'
  | 'type_mismatch'
  | 'non_finite'
  | 'out_of_range'
  | 'unseen_category'
  | 'constant_column'
  | 'new_feature'
  | 'vanished_feature'
  | 'duplicate_request_ids';

/** One problem found in a window. `feature` is null for window-level checks (duplicates). */
export interface QualityFinding {
  check: QualityCheckName;
  feature: string | null;
  severity: Severity;
  /** The measured rate in [0, 1] (share of rows or values affected); 1 for schema findings. */
  rate: number;
  /** Rows or values affected (estimated for out_of_range, see docs/model-health.md). */
  count: number;
  /** The same rate in the reference window, when there is one and it applies. */
  referenceRate: number | null;
  message: string;
  details?: Record<string, unknown>;
}

/** A warning/critical pair of rate thresholds: rate ≥ critical → critical, ≥ warning → warning. */
export interface RateThresholds {
  warning: number;
  critical: number;
}

export interface QualityThresholds {
  /** Increase of the missing rate over the reference (or the rate itself without a reference). */
  missingRateIncrease: RateThresholds;
  typeMismatchRate: RateThresholds;
  nonFiniteRate: RateThresholds;
  outOfRangeRate: RateThresholds;
  unseenCategoryRate: RateThresholds;
  duplicateRate: RateThresholds;
  /** A column is only called constant once it has at least this many values. */
  minValuesForConstant: number;
}

export const defaultQualityThresholds: Readonly<QualityThresholds> = Object.freeze({
  missingRateIncrease: { warning: 0.05, critical: 0.2 },
  typeMismatchRate: { warning: 0, critical: 0.05 },
  nonFiniteRate: { warning: 0, critical: 0.01 },
  outOfRangeRate: { warning: 0.01, critical: 0.1 },
  unseenCategoryRate: { warning: 0.01, critical: 0.1 },
  duplicateRate: { warning: 0, critical: 0.01 },
  minValuesForConstant: 30,
});

/** Per-feature numbers, reported whether or not they crossed a threshold. */
export interface FeatureQuality {
  present: number;
  missingRate: number;
  referenceMissingRate: number | null;
  expectedType: 'number' | 'string' | 'boolean' | null;
  typeMismatchRate: number;
  nonFiniteRate: number;
  /** Estimated share of numeric values outside the declared or reference range; null without a range. */
  outOfRangeRate: number | null;
  /** Share of categorical values not seen in the reference; null without reference categories. */
  unseenCategoryRate: number | null;
  isConstant: boolean;
}

export interface QualityReport {
  model: string;
  window: { start: number; end: number };
  rows: number;
  findings: QualityFinding[];
  features: Record<string, FeatureQuality>;
}

/** Severity of a rate; null when the rate is 0 or below the warning threshold. */
export function rateSeverity(rate: number, t: RateThresholds): Severity | null {
  if (!(rate > 0)) return null;
  if (rate >= t.critical) return 'critical';
  if (rate >= t.warning) return 'warning';
  return null;
}
