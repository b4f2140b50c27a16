import type { ModelProfile } from '../profile/index.js';
import { checkColumn, type DeclaredRange } from './column-checks.js';
import type { ColumnRows } from './endpoint-columns.js';
import {
  defaultQualityThresholds,
  rateSeverity,
  type FeatureQuality,
  type QualityFinding,
  type QualityReport,
  type QualityThresholds,
} from './quality-types.js';

export interface DataQualityOptions {
  /** Declared valid ranges per numeric feature; they override the range learned from the reference. */
  declaredRanges?: Readonly<Record<string, DeclaredRange>>;
  /** Declared types per feature; they override the reference's dominant type. */
  declaredTypes?: Readonly<Record<string, 'number' | 'string' | 'boolean'>>;
  /**
   * Events in the window whose requestId had already been stored (supplied by ingest/storage, which
   * see every id; a profile cannot). Omitted → no duplicate check.
   */
  duplicateRequestIds?: number;
  /** Also check output columns (prediction, llm.*, vision.*). Default false: features only. */
  includeOutputs?: boolean;
  thresholds?: Partial<QualityThresholds>;
  /**
   * Per column key (feature name, `output:<name>`): the rows of the endpoints that send it
   * ({@link expectedColumnRows}). A column's missing rate and vanishing are judged over those rows only;
   * columns not listed use every row.
   */
  columnRows?: Readonly<Record<string, ColumnRows>>;
}

/**
 * Data-quality findings for one window: per feature missing rate (vs the reference), type mismatches,
 * NaN/infinite numbers, out-of-range numerics (declared range, else the reference min/max), categories
 * unseen in the reference, constant columns; per window new and vanished features and duplicate
 * request ids. Pure: both profiles and the duplicate count are passed in.
 *
 * @example
 * const report = checkDataQuality(currentHour, lastWeek, { declaredRanges: { age: { min: 0, max: 120 } }, duplicateRequestIds: 3 });
 * report.findings.filter((f) => f.severity === 'critical');
 */
export function checkDataQuality(
  current: ModelProfile,
  reference: ModelProfile | null,
  options: DataQualityOptions = {},
): QualityReport {
  const thresholds: QualityThresholds = { ...defaultQualityThresholds, ...options.thresholds };
  const findings: QualityFinding[] = [];
  const features: Record<string, FeatureQuality> = {};
  const groups: ('features' | 'outputs')[] = options.includeOutputs ? ['features', 'outputs'] : ['features'];

  for (const group of groups) {
    const cur = current[group];
    const ref = reference?.[group];
    const names = [...new Set([...cur.keys(), ...(ref?.keys() ?? [])])].sort();
    for (const name of names) {
      const c = cur.get(name);
      const r = ref?.get(name);
      const key = group === 'features' ? name : `output:${name}`;
      const expected = options.columnRows?.[key];
      const rows = expected ? expected.current : current.rows;
      const referenceRows = reference === null ? 0 : (expected?.reference ?? reference.rows);
      if (reference !== null && r !== undefined && r.present > 0 && (c === undefined || c.present === 0) && rows > 0) {
        const referencePresence = Math.min(1, r.present / Math.max(referenceRows, 1));
        findings.push({
          check: 'vanished_feature',
          feature: key,
          severity: referencePresence >= 0.5 ? 'critical' : 'warning',
          rate: 1,
          count: rows,
          referenceRate: referencePresence,
          message: `${key}: present in ${(referencePresence * 100).toFixed(1)} % of reference rows, absent from all ${rows} current rows${expected ? ` of ${expected.sentBy.join(', ') || 'the endpoints that sent it'}` : ''}`,
        });
      }
      if (c === undefined || c.present === 0) continue;
      if (reference !== null && (r === undefined || r.present === 0)) {
        findings.push({
          check: 'new_feature',
          feature: key,
          severity: 'warning',
          rate: c.present / Math.max(rows, 1),
          count: c.present,
          referenceRate: 0,
          message: `${key}: not in the reference window`,
        });
      }
      features[key] = checkColumn(
        {
          name: key,
          rows: Math.max(rows, c.present),
          current: c,
          referenceRows,
          reference: r,
          declaredRange: options.declaredRanges?.[name],
          declaredType: options.declaredTypes?.[name],
          thresholds,
        },
        findings,
      );
    }
  }

  if (options.duplicateRequestIds !== undefined && current.rows > 0) {
    const rate = options.duplicateRequestIds / current.rows;
    const severity = rateSeverity(rate, thresholds.duplicateRate);
    if (severity !== null) {
      findings.push({
        check: 'duplicate_request_ids',
        feature: null,
        severity,
        rate,
        count: options.duplicateRequestIds,
        referenceRate: null,
        message: `${options.duplicateRequestIds} of ${current.rows} events reuse a requestId`,
      });
    }
  }

  return { model: current.model, window: { ...current.window }, rows: current.rows, findings, features };
}
