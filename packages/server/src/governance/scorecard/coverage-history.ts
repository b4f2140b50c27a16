import type { CoverageSnapshot } from '../../storage/index.js';

export type { CoverageSnapshot };

const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `ms` falls in. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * The coverage trend: one point per stored snapshot with its day in [fromMs, toMs), oldest first. Days
 * without a snapshot have no point; nothing is interpolated.
 * @example coverageTrend([{ dayMs: Date.UTC(2026, 10, 1), ratio: 0.5 }], 0, Infinity) // [{ periodStart: '2026-11-01T00:00:00.000Z', value: 0.5 }]
 */
export function coverageTrend(
  history: ReadonlyArray<Pick<CoverageSnapshot, 'dayMs' | 'ratio'>>,
  fromMs: number,
  toMs: number,
): Array<{ periodStart: string; value: number | null }> {
  return history
    .filter((s) => s.dayMs >= fromMs && s.dayMs < toMs)
    .sort((a, b) => a.dayMs - b.dayMs)
    .map((s) => ({ periodStart: new Date(s.dayMs).toISOString(), value: s.ratio }));
}
