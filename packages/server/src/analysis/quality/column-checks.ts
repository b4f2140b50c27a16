import type { ColumnProfile, QuantileSketch } from '../profile/index.js';
import type { FeatureQuality, QualityFinding, QualityThresholds } from './quality-types.js';
import { rateSeverity } from './quality-types.js';

/** A declared valid range for a numeric feature; either end may be open. */
export interface DeclaredRange {
  min?: number;
  max?: number;
}

export interface ColumnCheckInput {
  name: string;
  rows: number;
  current: ColumnProfile;
  referenceRows: number;
  reference: ColumnProfile | undefined;
  declaredRange: DeclaredRange | undefined;
  declaredType: 'number' | 'string' | 'boolean' | undefined;
  thresholds: QualityThresholds;
}

/** Runs the per-column checks of one feature; pushes findings and returns the feature's numbers. */
export function checkColumn(input: ColumnCheckInput, findings: QualityFinding[]): FeatureQuality {
  const { name, rows, current: c, reference: r, thresholds: t } = input;
  const present = c.present;
  const missingRate = rows > 0 ? (rows - present) / rows : 0;
  const referenceMissingRate =
    r !== undefined && input.referenceRows > 0 ? (input.referenceRows - r.present) / input.referenceRows : null;
  const missingSeverity = rateSeverity(missingRate - (referenceMissingRate ?? 0), t.missingRateIncrease);
  if (missingSeverity !== null) {
    findings.push({
      check: 'missing_rate',
      feature: name,
      severity: missingSeverity,
      rate: missingRate,
      count: rows - present,
      referenceRate: referenceMissingRate,
      message: `${name}: ${pct(missingRate)} missing${referenceMissingRate === null ? '' : ` (reference ${pct(referenceMissingRate)})`}`,
    });
  }

  const expectedType = input.declaredType ?? r?.dominantType() ?? c.dominantType();
  const mismatches = expectedType === null ? 0 : present - c.types[expectedType];
  const typeMismatchRate = present > 0 ? mismatches / present : 0;
  const typeSeverity = rateSeverity(typeMismatchRate, t.typeMismatchRate);
  if (typeSeverity !== null) {
    findings.push({
      check: 'type_mismatch',
      feature: name,
      severity: typeSeverity,
      rate: typeMismatchRate,
      count: mismatches,
      referenceRate: null,
      message: `${name}: ${mismatches} values are not ${expectedType}s`,
      details: { expectedType, types: { ...c.types } },
    });
  }

  const nonFiniteRate = c.types.number > 0 ? c.nonFinite / c.types.number : 0;
  const nonFiniteSeverity = rateSeverity(nonFiniteRate, t.nonFiniteRate);
  if (nonFiniteSeverity !== null) {
    findings.push({
      check: 'non_finite',
      feature: name,
      severity: nonFiniteSeverity,
      rate: nonFiniteRate,
      count: c.nonFinite,
      referenceRate: null,
      message: `${name}: ${c.nonFinite} NaN or infinite numbers`,
    });
  }

  const range = resolveRange(input);
  let outOfRangeRate: number | null = null;
  if (range !== null && c.sketch !== null && c.sketch.count > 0) {
    const outside = estimateOutside(c.sketch, range.min, range.max);
    outOfRangeRate = outside / c.sketch.count;
    const severity = rateSeverity(outOfRangeRate, t.outOfRangeRate);
    if (severity !== null) {
      findings.push({
        check: 'out_of_range',
        feature: name,
        severity,
        rate: outOfRangeRate,
        count: outside,
        referenceRate: null,
        message: `${name}: about ${pct(outOfRangeRate)} of values outside [${range.min}, ${range.max}] (${range.source} range)`,
        details: {
          range: { min: range.min, max: range.max },
          source: range.source,
          observed: { min: c.sketch.min, max: c.sketch.max },
        },
      });
    }
  }

  const unseen = checkUnseenCategories(c, r);
  const unseenCategoryRate = unseen === null ? null : unseen.rate;
  if (unseen !== null) {
    const severity = rateSeverity(unseen.rate, t.unseenCategoryRate);
    if (severity !== null) {
      findings.push({
        check: 'unseen_category',
        feature: name,
        severity,
        rate: unseen.rate,
        count: unseen.count,
        referenceRate: null,
        message: `${name}: ${pct(unseen.rate)} of values are categories not seen in the reference (${unseen.values.slice(0, 5).join(', ')})`,
        details: { values: unseen.values, certain: unseen.certain },
      });
    }
  }

  const isConstant = isConstantColumn(c, t.minValuesForConstant);
  if (isConstant) {
    const referenceConstant = r !== undefined && isConstantColumn(r, 1);
    findings.push({
      check: 'constant_column',
      feature: name,
      severity: referenceConstant ? 'info' : 'warning',
      rate: 1,
      count: present,
      referenceRate: null,
      message: `${name}: every one of ${present} values is ${JSON.stringify(constantValue(c))}${referenceConstant ? ' (also constant in the reference)' : ''}`,
    });
  }

  return {
    present,
    missingRate,
    referenceMissingRate,
    expectedType,
    typeMismatchRate,
    nonFiniteRate,
    outOfRangeRate,
    unseenCategoryRate,
    isConstant,
  };
}

function resolveRange(input: ColumnCheckInput): { min: number; max: number; source: 'declared' | 'reference' } | null {
  const d = input.declaredRange;
  if (d !== undefined && (d.min !== undefined || d.max !== undefined))
    return { min: d.min ?? -Infinity, max: d.max ?? Infinity, source: 'declared' };
  const m = input.reference?.moments;
  if (m != null && m.n > 0) return { min: m.min, max: m.max, source: 'reference' };
  return null;
}

/**
 * Values outside [min, max], estimated from the sketch: exact 0 when the observed min and max are inside,
 * otherwise the bins whose representative value is outside (values within relative α of a bound may be
 * misattributed), and at least 1 since the exact observed extreme is outside.
 */
export function estimateOutside(sketch: QuantileSketch, min: number, max: number): number {
  if (sketch.min >= min && sketch.max <= max) return 0;
  let outside = 0;
  for (const b of sketch.bins()) if (b.value < min || b.value > max) outside += b.count;
  return Math.max(1, outside);
}

/**
 * Categories kept in the current top-K summary that the reference summary does not hold. Skipped
 * (null) without reference categories, or for high-cardinality columns (reference summary not exact
 * and > 10 × topK distinct values: ids, free text) where "unseen" is the norm. `certain` is false when
 * the reference summary evicted values, so an "unseen" value may have occurred up to errorBound times.
 */
function checkUnseenCategories(
  c: ColumnProfile,
  r: ColumnProfile | undefined,
): { rate: number; count: number; values: string[]; certain: boolean } | null {
  const ref = r?.frequencies;
  const cur = c.frequencies;
  if (ref == null || cur === null || cur.total === 0) return null;
  if (!ref.isExact() && r!.distinct.estimate() > 10 * ref.capacity) return null;
  let count = 0;
  const values: string[] = [];
  for (const item of cur.top()) {
    if (ref.has(item.value)) continue;
    count += item.count;
    values.push(item.value);
  }
  return { rate: count / cur.total, count, values, certain: ref.errorBound() < 1 };
}

function isConstantColumn(c: ColumnProfile, minValues: number): boolean {
  if (c.present < Math.max(1, minValues)) return false;
  const numeric = c.moments !== null && c.moments.n > 0;
  const categorical = c.frequencies !== null && c.frequencies.total > 0;
  if (numeric && categorical) return false;
  if (numeric) return c.moments!.min === c.moments!.max && c.nonFinite === 0;
  if (categorical) return c.frequencies!.isExact() && c.frequencies!.top(2).length === 1;
  return false;
}

function constantValue(c: ColumnProfile): number | string {
  return c.moments !== null && c.moments.n > 0 ? c.moments.min : c.frequencies!.top(1)[0].value;
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)} %`;
}
