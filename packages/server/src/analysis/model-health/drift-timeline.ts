import type { ColumnKind, ResolvedMethod } from '../drift/index.js';
import type { ModelProfile } from '../profile/index.js';
import { computeProfileDrift, type ProfileDriftOptions } from './profile-drift.js';
import type { WindowBucket } from './window-merge.js';

export interface DriftTimelineColumn {
  name: string;
  group: 'feature' | 'output';
  kind: ColumnKind;
  /** The method of the last bucket that had data (auto picks by reference size, so it is stable). */
  method: ResolvedMethod | null;
  threshold: number | null;
  /** One entry per bucket; null where the bucket had no values of the column. */
  statistic: (number | null)[];
  pValue: (number | null)[];
  drifted: (boolean | null)[];
}

export interface DriftTimeline {
  /** Bucket start times (epoch ms), one per matrix column. */
  buckets: number[];
  /** Rows per bucket (0 where there was no traffic). */
  rows: number[];
  columns: DriftTimelineColumn[];
  /** Share of drifted columns per bucket; null for empty buckets. */
  driftedShare: (number | null)[];
  datasetDrift: (boolean | null)[];
}

/**
 * Drift of every bucket against one reference: a columns × time matrix for a heat map. Each bucket runs
 * {@link computeProfileDrift} without histograms.
 *
 * @example computeDriftTimeline(reference, bucketWindows(windows, from, to, DAY)).columns[0].drifted
 */
export function computeDriftTimeline(
  reference: ModelProfile,
  buckets: readonly WindowBucket[],
  options: ProfileDriftOptions = {},
): DriftTimeline {
  const rows = new Map<string, DriftTimelineColumn>();
  const key = (group: string, name: string): string => `${group}\u0000${name}`;
  const out: DriftTimeline = {
    buckets: buckets.map((b) => b.start),
    rows: [],
    columns: [],
    driftedShare: [],
    datasetDrift: [],
  };
  buckets.forEach((b, i) => {
    out.rows.push(b.window?.profile.rows ?? 0);
    if (b.window === null || b.window.profile.rows === 0) {
      out.driftedShare.push(null);
      out.datasetDrift.push(null);
      return;
    }
    const report = computeProfileDrift(reference, b.window.profile, { ...options, histograms: false });
    out.driftedShare.push(report.driftedShare);
    out.datasetDrift.push(report.datasetDrift);
    for (const c of report.columns) {
      let row = rows.get(key(c.group, c.name));
      if (row === undefined) {
        const empty = (): null[] => buckets.map(() => null);
        row = {
          name: c.name,
          group: c.group,
          kind: c.kind,
          method: null,
          threshold: null,
          statistic: empty(),
          pValue: empty(),
          drifted: empty(),
        };
        rows.set(key(c.group, c.name), row);
      }
      if (c.statistic === null) continue;
      row.method = c.method;
      row.threshold = c.threshold;
      row.statistic[i] = c.statistic;
      row.pValue[i] = c.pValue;
      row.drifted[i] = c.drifted;
    }
  });
  out.columns = [...rows.values()];
  return out;
}
