import type uPlot from 'uplot';
import type { Series } from '@vigil/protocol';

export interface ChartLine {
  label: string;
  points: Array<[number, number | null]>;
}

export const PALETTE = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];

/**
 * uPlot's column data from API series that share one time axis (one timeseries answer always does). x is in
 * seconds, uPlot's default time unit. `extra` lines (a comparison) are matched onto the same x values by time;
 * a time they lack is a gap.
 */
export function toAlignedData(lines: ChartLine[], extra: ChartLine[] = []): uPlot.AlignedData {
  const xs = lines[0]?.points.map((p) => p[0]) ?? [];
  const matched = extra.map((l) => {
    const byTime = new Map(l.points.map((p) => [p[0], p[1]]));
    return xs.map((t) => byTime.get(t) ?? null);
  });
  return [xs.map((t) => t / 1000), ...lines.map((l) => l.points.map((p) => p[1])), ...matched];
}

/** Non-null values across lines: what the chart actually draws. */
export function countValues(lines: ChartLine[]): number {
  let n = 0;
  for (const l of lines) for (const p of l.points) if (p[1] !== null) n++;
  return n;
}

/** Picks the series of one metric and names each line by its endpoint or model. */
export function linesOf(series: Series[], metric: string, label: (s: Series) => string): ChartLine[] {
  return series.filter((s) => s.metric === metric).map((s) => ({ label: label(s), points: s.points }));
}

/** The same lines moved later by `shiftMs` (last week's series drawn onto this week's axis), relabelled. */
export function shiftLines(lines: ChartLine[], shiftMs: number, suffix: string): ChartLine[] {
  return lines.map((l) => ({ label: `${l.label} ${suffix}`, points: l.points.map(([t, v]) => [t + shiftMs, v]) }));
}
