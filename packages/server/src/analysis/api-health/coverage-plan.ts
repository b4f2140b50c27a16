import { DAY_MS, HOUR_MS, MINUTE_MS, type RollupLevel } from './health-cell.js';

export interface CoverageSegment {
  level: RollupLevel;
  from: number;
  to: number;
}

/**
 * Splits [from, to) — from aligned down to a minute, to up to a minute — into the fewest rollup reads:
 * whole UTC days from day cells, whole hours from hour cells, the ragged edges from minute cells. A 30-day
 * window reads ~29 day cells, ≤ 46 hour cells and ≤ 118 minute cells per series instead of 43,200 minutes.
 *
 * @example
 *   planCoverage(Date.UTC(2026,0,1,10,30), Date.UTC(2026,0,3,0,0))
 *   // minutes 10:30–11:00, hours 11:00–24:00, one day 01-02
 */
export function planCoverage(from: number, to: number): CoverageSegment[] {
  const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  const end = Math.ceil(to / MINUTE_MS) * MINUTE_MS;
  const segments: CoverageSegment[] = [];
  const push = (level: RollupLevel, a: number, b: number) => {
    const last = segments.at(-1);
    if (last && last.level === level && last.to === a) last.to = b;
    else segments.push({ level, from: a, to: b });
  };
  let t = start;
  while (t < end) {
    if (t % DAY_MS === 0 && t + DAY_MS <= end) {
      push(DAY_MS, t, t + DAY_MS);
      t += DAY_MS;
    } else if (t % HOUR_MS === 0 && t + HOUR_MS <= end) {
      push(HOUR_MS, t, t + HOUR_MS);
      t += HOUR_MS;
    } else {
      push(MINUTE_MS, t, t + MINUTE_MS);
      t += MINUTE_MS;
    }
  }
  return segments;
}
