import { formatDate } from '../../format/format-time.js';
import { formatPercent, NONE } from '../../format/format-value.js';
import type { ScorecardMetric } from '@vigil/protocol';

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
  return formatDate(iso);
}

/** One trend point as the report labels it: "2026-11-25: 75.00%". Shared with the browser test. */
export function formatTrendPoint(m: Pick<ScorecardMetric, 'unit'>, p: ScorecardMetric['trend'][number]): string {
  return `${formatDay(p.periodStart)}: ${formatMetricValue({ current: p.value, unit: m.unit })}`;
}

/** The coverage history in one line: "3 daily snapshots, 2026-11-25 – 2026-11-27; latest 75.00%". */
export function describeCoverageHistory(m: Pick<ScorecardMetric, 'unit' | 'trend'>): string {
  const first = m.trend[0];
  const last = m.trend.at(-1);
  if (!first || !last) return '';
  const n = m.trend.length;
  return `${n} daily snapshot${n === 1 ? '' : 's'}, ${formatDay(first.periodStart)} – ${formatDay(last.periodStart)}; latest ${formatMetricValue({ current: last.value, unit: m.unit })}`;
}
