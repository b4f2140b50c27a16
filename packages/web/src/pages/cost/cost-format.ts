import { formatTime } from '../../format/format-time.js';
import type { BudgetStatus, CostGroup, CostGroupBy } from '@vigil/protocol';
import type { ChartLine } from '../../charts/chart-data.js';
import { formatPercent, formatUsd, NONE } from '../../format/format-value.js';

// Shared by the Cost page and its browser test, which compares the page's text with the API's answer run
// through these same functions.

export const GROUP_BY_LABELS: Record<CostGroupBy, string> = { model: 'Model', useCase: 'Use case', team: 'Team' };

/** The periods the page offers, with the chart step asked of GET /api/v1/cost. */
export const COST_PERIODS: ReadonlyArray<{ days: number; step: string }> = [
  { days: 7, step: '6h' },
  { days: 30, step: '1d' },
  { days: 90, step: '1d' },
];

/** Charts draw at most this many groups (the palette's length); the table lists them all. */
export const MAX_CHART_GROUPS = 8;

/** One line per group (the biggest spenders first, as the API sorts them): spend or cost per prediction per bucket. */
export function costLines(groups: readonly CostGroup[], value: 'spendUsd' | 'costPerCallUsd'): ChartLine[] {
  return groups
    .slice(0, MAX_CHART_GROUPS)
    .map((g) => ({ label: g.key, points: (g.points ?? []).map((p) => [p.t, p[value]] as [number, number | null]) }));
}

/** "team bi", "use case barista-chat", "model chat-llm". */
export function formatBudgetTarget(b: Pick<BudgetStatus, 'scope' | 'target'>): string {
  return `${b.scope === 'useCase' ? 'use case' : b.scope} ${b.target}`;
}

/** "$5.00 (41.67%)": an amount with its share of the budget. */
export function formatUsdOfBudget(usd: number | null, ratio: number | null): string {
  if (usd === null) return NONE;
  return ratio === null ? formatUsd(usd) : `${formatUsd(usd)} (${formatPercent(ratio)})`;
}

/** USD per million tokens: "$0.15 / M". */
export function formatPerMTok(v: number): string {
  return `${formatUsd(v)} / M`;
}

/** "2026-11-01 01:00" in the viewer's zone (the dashboard's one time format). */
export function formatUtc(iso: string): string {
  return formatTime(iso);
}
