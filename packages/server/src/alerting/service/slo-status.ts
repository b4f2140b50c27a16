import { DAY_MS, type HealthCell } from '../../analysis/api-health/index.js';
import type { RollupStore } from '../../storage/index.js';
import { parseDurationMs } from '../rules/duration.js';
import { SRE_WORKBOOK_BURN_WINDOWS, evaluateMultiwindowBurn } from '../slo/burn-rate-alerts.js';
import { computeBurnRate, computeErrorBudget, errorBudgetPpm } from '../slo/slo-budget.js';
import type { SloConfig } from '../../storage/contracts/alerting-store.js';
import { loadCellIndex } from './cell-index-loader.js';

const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;

export interface SloStatus {
  id: string;
  at: number;
  period: { from: number; to: number };
  totalEvents: number;
  badEvents: number;
  errorBudgetPpm: number;
  allowedBadEvents: number;
  consumedFraction: number;
  remainingFraction: number;
  isExhausted: boolean;
  /** Observed good share over the period, percent; null without traffic. */
  attainedPercent: number | null;
  burnRates: Record<string, number | null>;
  /** SRE-workbook multiwindow conditions holding now. */
  page: boolean;
  ticket: boolean;
}

/**
 * Error budget and burn rates of an SLO at `now`, from the rollups. Availability: bad = failed calls.
 * Latency: bad = calls slower than `latencyThresholdMs`, read from the latency sketches (1 % relative error
 * at the threshold). Budget arithmetic is exact (slo/).
 * @example await computeSloStatus(store.rollups, { id: 'a', name: 'API', kind: 'availability', objectivePercent: 99.9 }, now)
 */
export async function computeSloStatus(rollups: RollupStore, slo: SloConfig, now: number): Promise<SloStatus> {
  const periodMs = (slo.periodDays ?? 30) * DAY_MS;
  const from = now - periodMs;
  const windows = BURN_WINDOWS.map((w) => ({ w, from: now - parseDurationMs(w) }));
  const metric = slo.kind === 'latency' ? 'latency.p50' : 'errorRate';
  const index = await loadCellIndex(rollups, [
    { from, to: now, model: slo.model, metric },
    ...windows.map((x) => ({ from: x.from, to: now, model: slo.model, metric })),
  ]);
  const needsSketch = slo.kind === 'latency';
  const counts = (f: number): { total: number; bad: number } => {
    const cell = index.mergedCell({ model: slo.model, endpoint: slo.endpoint, from: f, to: now }, needsSketch);
    return { total: cell.calls, bad: badEvents(slo, cell) };
  };
  const period = counts(from);
  const budget = computeErrorBudget({
    objectivePercent: slo.objectivePercent,
    totalEvents: period.total,
    badEvents: period.bad,
  });
  const ratios = new Map<string, number | null>();
  const burnRates: Record<string, number | null> = {};
  for (const { w, from: f } of windows) {
    const c = counts(f);
    const ratio = c.total === 0 ? null : c.bad / c.total;
    ratios.set(w, ratio);
    burnRates[w] = ratio === null ? null : computeBurnRate(ratio, slo.objectivePercent);
  }
  const ratioOf = (w: string) => ratios.get(w) ?? null;
  return {
    id: slo.id,
    at: now,
    period: { from, to: now },
    totalEvents: period.total,
    badEvents: period.bad,
    errorBudgetPpm: errorBudgetPpm(slo.objectivePercent),
    ...budget,
    attainedPercent: period.total === 0 ? null : (100 * (period.total - period.bad)) / period.total,
    burnRates,
    page: evaluateMultiwindowBurn(SRE_WORKBOOK_BURN_WINDOWS.page, slo.objectivePercent, ratioOf).isFiring,
    ticket: evaluateMultiwindowBurn(SRE_WORKBOOK_BURN_WINDOWS.ticket, slo.objectivePercent, ratioOf).isFiring,
  };
}

function badEvents(slo: SloConfig, cell: HealthCell): number {
  if (slo.kind === 'availability') return cell.errors;
  if (cell.latency.count === 0) return 0;
  // Calls without a latency count as good: the SLO is about the calls whose latency was measured.
  const good = Math.round(cell.latency.cdf(slo.latencyThresholdMs ?? Infinity) * cell.latency.count);
  return cell.latency.count - good;
}
