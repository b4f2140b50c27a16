import { parseDurationMs } from '../rules/duration.js';
import { computeBurnRate, isBurnRateAtLeast } from './slo-budget.js';

/** A multiwindow pair: both windows must burn at or above `burnRate`. Durations as strings ("1h"). */
export interface BurnWindowPair {
  long: string;
  short: string;
  burnRate: number;
}

/**
 * The Google SRE workbook's recommended pairs for a 30-day SLO (chapter "Alerting on SLOs", table 5-8):
 * page at 2 % of budget in 1 h or 5 % in 6 h; ticket at 10 % in 3 days.
 */
export const SRE_WORKBOOK_BURN_WINDOWS: Readonly<Record<'page' | 'ticket', readonly BurnWindowPair[]>> = Object.freeze({
  page: Object.freeze([
    { long: '1h', short: '5m', burnRate: 14.4 },
    { long: '6h', short: '30m', burnRate: 6 },
  ]),
  ticket: Object.freeze([{ long: '3d', short: '6h', burnRate: 1 }]),
});

export interface BurnWindowResult extends BurnWindowPair {
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both windows at or above the threshold (exact comparison). */
  isFiring: boolean;
}

export interface MultiwindowBurnResult {
  /** Any pair firing. */
  isFiring: boolean;
  windows: BurnWindowResult[];
}

/**
 * Evaluates multiwindow multi-burn-rate conditions from the error ratio observed over each window.
 * A window with no data (null) cannot fire.
 * @example
 * const ratios = new Map([['1h', 0.02], ['5m', 0.03], ['6h', 0.001], ['30m', 0.001]]);
 * evaluateMultiwindowBurn(SRE_WORKBOOK_BURN_WINDOWS.page, 99.9, (w) => ratios.get(w) ?? null).isFiring // true
 */
export function evaluateMultiwindowBurn(
  pairs: readonly BurnWindowPair[],
  objectivePercent: number,
  errorRatioOver: (window: string) => number | null,
): MultiwindowBurnResult {
  const windows = pairs.map((pair): BurnWindowResult => {
    const longRatio = errorRatioOver(pair.long);
    const shortRatio = errorRatioOver(pair.short);
    return {
      ...pair,
      longBurnRate: longRatio === null ? null : computeBurnRate(longRatio, objectivePercent),
      shortBurnRate: shortRatio === null ? null : computeBurnRate(shortRatio, objectivePercent),
      isFiring:
        longRatio !== null &&
        shortRatio !== null &&
        isBurnRateAtLeast(longRatio, objectivePercent, pair.burnRate) &&
        isBurnRateAtLeast(shortRatio, objectivePercent, pair.burnRate),
    };
  });
  return { isFiring: windows.some((w) => w.isFiring), windows };
}

/** Every distinct window duration (ms) a set of pairs needs, for batching metric lookups. */
export function listBurnWindowsMs(pairs: readonly BurnWindowPair[]): number[] {
  return [...new Set(pairs.flatMap((p) => [parseDurationMs(p.long), parseDurationMs(p.short)]))];
}
