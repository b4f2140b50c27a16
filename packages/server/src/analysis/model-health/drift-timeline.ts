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
  const builder = new DriftTimelineBuilder(reference, buckets.length, options);
  for (const b of buckets) builder.add(b);
  return builder.result();
}

/**
 * {@link computeDriftTimeline} one bucket at a time, so a caller can spread a long timeline over several turns
 * of the event loop (each bucket is a full drift report).
 *
 * @example const b = new DriftTimelineBuilder(ref, buckets.length); for (const x of buckets) b.add(x); b.result()
 */
export class DriftTimelineBuilder {
  private readonly rows = new Map<string, DriftTimelineColumn>();
  private readonly out: DriftTimeline = { buckets: [], rows: [], columns: [], driftedShare: [], datasetDrift: [] };

  constructor(
    private readonly reference: ModelProfile,
    private readonly bucketCount: number,
    private readonly options: ProfileDriftOptions = {},
  ) {}

  add(b: WindowBucket): void {
    const { out } = this;
    const i = out.buckets.length;
    out.buckets.push(b.start);
    out.rows.push(b.window?.profile.rows ?? 0);
    if (b.window === null || b.window.profile.rows === 0) {
      out.driftedShare.push(null);
      out.datasetDrift.push(null);
      return;
    }
    const report = computeProfileDrift(this.reference, b.window.profile, { ...this.options, histograms: false });
    out.driftedShare.push(report.driftedShare);
    out.datasetDrift.push(report.datasetDrift);
    for (const c of report.columns) {
      const key = `${c.group}\u0000${c.name}`;
      let row = this.rows.get(key);
      if (row === undefined) {
        const empty = (): null[] => new Array<null>(this.bucketCount).fill(null);
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
        this.rows.set(key, row);
      }
      if (c.statistic === null) continue;
      row.method = c.method;
      row.threshold = c.threshold;
      row.statistic[i] = c.statistic;
      row.pValue[i] = c.pValue;
      row.drifted[i] = c.drifted;
    }
  }

  result(): DriftTimeline {
    return { ...this.out, columns: [...this.rows.values()] };
  }
}
