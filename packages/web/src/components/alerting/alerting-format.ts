// Formatters of the alerting pages, shared with the browser test (which compares rendered text with the
// API answer run through these same functions). null is always "—".
import type { MaintenanceWindow } from '@vigil/protocol';
import { NONE } from '../../format/format-value.js';

/** Epoch ms → "2026-11-27 10:04" in the viewer's zone: the dashboard's one time format (<Time> adds UTC on hover). */
import { formatTime } from '../../format/format-time.js';
export { formatTime };

/** 45_000 → "45 s", 3_900_000 → "1 h 5 min", 2 days → "2 d 0 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return NONE;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Dollars per hour: 12500 → "$12,500/h". */
export function formatUsdPerHour(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return `$${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}/h`;
}

/** A burn rate: 14.4 → "14.4×", 0.25 → "0.25×". */
export function formatBurnRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits })}×`;
}

/** A value reported by an alert rule (metric value, % change, count, burn rate): up to 4 significant digits. */
export function formatAlertValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

/** A fraction as a percentage with 2 decimals, "—" for null: 0.5 → "50.00%", −0.2 → "−20.00%". */
export function formatFraction(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return `${(v * 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

/** Day names by `getUTCDay()` index (0 = Sunday), as rotations and maintenance windows number them. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "once, 2026-11-27 02:00 UTC – 2026-11-27 04:00 UTC" or "every Sunday, Wednesday 02:00 UTC for 2h". */
export function describeSchedule(s: MaintenanceWindow['schedule']): string {
  if (s.kind === 'once') return `once, ${formatTime(s.startsAt)} – ${formatTime(s.endsAt)}`;
  const days = s.weekdays.map((d) => WEEKDAYS[d]).join(', ');
  const bounds = [
    s.activeFrom !== undefined && `from ${formatTime(s.activeFrom)}`,
    s.activeUntil !== undefined && `until ${formatTime(s.activeUntil)}`,
  ].filter(Boolean);
  return `every ${days} ${s.startTime} UTC for ${s.duration}${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
}
