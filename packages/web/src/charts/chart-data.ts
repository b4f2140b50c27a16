import type uPlot from 'uplot';
import type { Series } from '@vigil/protocol';

export interface ChartLine {
  label: string;
  points: Array<[number, number | null]>;
}

export const PALETTE = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];

/**
 * uPlot's column data from API series that share one time axis (one timeseries answer always does).
 * x is in seconds, uPlot's default time unit.
 */
export function toAlignedData(lines: ChartLine[]): uPlot.AlignedData {
  const xs = lines[0]?.points.map((p) => p[0] / 1000) ?? [];
  return [xs, ...lines.map((l) => l.points.map((p) => p[1]))];
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
