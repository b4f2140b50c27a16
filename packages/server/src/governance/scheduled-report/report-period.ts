import type { ReportCadence } from '../../storage/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ReportPeriod {
  cadence: ReportCadence;
  /** Inclusive start, epoch ms (UTC midnight). */
  from: number;
  /** Exclusive end. */
  to: number;
}

/**
 * The period of `cadence` holding `t`: a UTC calendar month, or a week from Monday 00:00 UTC.
 * @example periodContaining(Date.UTC(2026, 10, 17), 'monthly') // { from: Nov 1, to: Dec 1 }
 */
export function periodContaining(t: number, cadence: ReportCadence): ReportPeriod {
  const d = new Date(t);
  if (cadence === 'monthly')
    return {
      cadence,
      from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
      to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
    };
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const from = midnight - ((d.getUTCDay() + 6) % 7) * DAY; // getUTCDay: 0 = Sunday
  return { cadence, from, to: from + 7 * DAY };
}

/**
 * The latest period whose report is due at `now`: a period's report falls due `hourUtc` hours after it ends
 * (06:00 UTC on the 1st for a month by default), so just after midnight the one before last is still the latest due.
 * @example lastDuePeriod(Date.UTC(2026, 11, 1, 7), 'monthly', 6) // November 2026
 */
export function lastDuePeriod(now: number, cadence: ReportCadence, hourUtc: number): ReportPeriod {
  const current = periodContaining(now, cadence);
  const previous = periodContaining(current.from - 1, cadence);
  return now >= current.from + hourUtc * HOUR ? previous : periodContaining(previous.from - 1, cadence);
}

/** "November 2026" or "week of 2026-11-23". */
export function describePeriod(p: ReportPeriod): string {
  const d = new Date(p.from);
  if (p.cadence === 'monthly')
    return `${d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
  return `week of ${d.toISOString().slice(0, 10)}`;
}
