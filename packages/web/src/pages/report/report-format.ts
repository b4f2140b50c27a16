import { formatPercent, NONE } from '../../format/format-value.js';
import type { ScorecardMetric } from '../../api/cost-api.js';

/** A scorecard value in its unit: ratios as percentages, minutes as "45 min". Shared with the browser test. */
export function formatMetricValue(m: Pick<ScorecardMetric, 'current' | 'unit'>): string {
  if (m.current === null) return NONE;
  if (m.unit === 'ratio') return formatPercent(m.current);
  if (m.unit === 'minutes') return `${m.current.toLocaleString('en-US', { maximumFractionDigits: 1 })} min`;
  return String(m.current);
}

/** "922.73 %" — the server already rounds ROI to 2 decimals. */
export function formatRoiPercent(v: number): string {
  return `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;
}

export function formatMonths(v: number | null): string {
  return v === null ? 'never' : `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} months`;
}

/** Whole dollars for executive figures: $1,824,750. */
export function formatDollars(v: number): string {
  return `$${v.toLocaleString('en-US', { maximumFractionDigits: v % 1 === 0 ? 0 : 2, minimumFractionDigits: v % 1 === 0 ? 0 : 2 })}`;
}

export function formatDay(iso: string): string {
  return iso.slice(0, 10);
}
