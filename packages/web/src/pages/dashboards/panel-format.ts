import type { DashboardPanel, PanelModelHealthMetric } from '@vigil/protocol';
import { formatCount, formatMs, formatPercent, formatRate, formatUsd, NONE } from '../../format/format-value.js';

// What a panel can show, and how each metric reads. Shared with the browser test.

/** API-health metrics offered in the panel editor (the server accepts these and a few more). */
export const PANEL_HEALTH_METRICS = [
  'callsPerMinute',
  'calls',
  'errors',
  'errorRate',
  'latency.p50',
  'latency.p95',
  'latency.p99',
  'cost',
  'costPerCall',
  'tokens',
  'ttft.p95',
] as const;
/** Model-health metrics (one model; chart or number). Checked against the protocol's union by typecheck. */
export const PANEL_MODEL_METRICS = ['accuracy', 'accuracy.estimated', 'labelCoverage', 'mae', 'rmse'] as const;
type Assert<T extends true> = T;
export type PanelModelMetricsMatchProtocol = Assert<
  [(typeof PANEL_MODEL_METRICS)[number]] extends [PanelModelHealthMetric]
    ? [PanelModelHealthMetric] extends [(typeof PANEL_MODEL_METRICS)[number]]
      ? true
      : false
    : false
>;

export const isModelMetric = (m: string) => (PANEL_MODEL_METRICS as readonly string[]).includes(m);

/** The formatter of a metric's values. */
export function formatterOf(metric: string): (v: number | null) => string {
  if (metric.startsWith('latency.') || metric.startsWith('ttft.')) return formatMs;
  if (metric === 'errorRate' || metric === 'accuracy' || metric === 'accuracy.estimated' || metric === 'labelCoverage')
    return formatPercent;
  if (metric === 'cost' || metric === 'costPerCall') return formatUsd;
  if (metric === 'callsPerMinute') return formatRate;
  if (metric === 'mae' || metric === 'rmse')
    return (v) => (v === null ? NONE : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  return formatCount;
}

export const METRIC_LABELS: Record<string, string> = {
  callsPerMinute: 'calls/min',
  calls: 'calls',
  errors: 'errors',
  errorRate: 'error rate',
  'latency.p50': 'p50',
  'latency.p95': 'p95',
  'latency.p99': 'p99',
  cost: 'spend',
  costPerCall: 'cost / prediction',
  tokens: 'tokens',
  'ttft.p95': 'TTFT p95',
  accuracy: 'accuracy',
  'accuracy.estimated': 'estimated accuracy (CBPE)',
  labelCoverage: 'label coverage',
  mae: 'MAE',
  rmse: 'RMSE',
};

/** "p95 by endpoint · drink-recommender · store=store-007 · last 24h": what a panel shows, in words. */
export function describePanel(p: DashboardPanel, range: string): string {
  return [
    p.metrics.map((m) => METRIC_LABELS[m] ?? m).join(', ') + (p.groupBy ? ` by ${p.groupBy}` : ''),
    p.model,
    p.endpoint,
    p.segment,
    `last ${p.range ?? range}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
