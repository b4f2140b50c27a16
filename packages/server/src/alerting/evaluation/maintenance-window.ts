import type { MaintenanceWindow } from '@vigil/protocol';
import { parseDurationMs } from '../rules/duration.js';
import type { Labels } from './alert-fingerprint.js';

const DAY_MS = 86_400_000;

// The maintenance-window wire schema lives in @vigil/protocol (silence-schema.ts).
export { MaintenanceWindowSchema, type MaintenanceWindow } from '@vigil/protocol';

/**
 * The occurrence of a window covering `now`, as [start, end), or null. Weekly windows may span midnight and
 * several days; an occurrence that started on an earlier day still covers `now`.
 * @example activeOccurrence({ kind: 'weekly', weekdays: [0], startTime: '02:00', duration: '2h' }, now)
 */
export function activeOccurrence(schedule: MaintenanceWindow['schedule'], now: number): [number, number] | null {
  if (schedule.kind === 'once')
    return schedule.startsAt <= now && now < schedule.endsAt ? [schedule.startsAt, schedule.endsAt] : null;
  const durationMs = parseDurationMs(schedule.duration);
  const [hh, mm] = schedule.startTime.split(':').map(Number);
  const offsetMs = (hh * 60 + mm) * 60_000;
  // Every occurrence lasts as long, so only the latest start at or before `now` (and before activeUntil) can
  // cover `now`; it lies within a week of the latest day allowed. At most eight days are looked at, whatever the
  // duration (a loop over `duration` days froze the server for "52300372960h").
  const until = schedule.activeUntil ?? Infinity;
  const latestDay = Math.floor(Math.min(now, until) / DAY_MS) * DAY_MS;
  for (let d = 0; d <= 7; d++) {
    const dayStart = latestDay - d * DAY_MS;
    const start = dayStart + offsetMs;
    if (start > now || start >= until) continue;
    if (!schedule.weekdays.includes(new Date(dayStart).getUTCDay())) continue;
    if (schedule.activeFrom !== undefined && start < schedule.activeFrom) return null;
    return now < start + durationMs ? [start, start + durationMs] : null;
  }
  return null;
}

/**
 * The first maintenance window muting an alert with these labels at `now` (matched on its `model` and
 * `area` labels), or null.
 * @example findMaintenanceWindow({ area: 'Infrastructure', model: 'fraud-v3' }, windows, now)
 */
export function findMaintenanceWindow(
  labels: Labels,
  windows: readonly MaintenanceWindow[],
  now: number,
): MaintenanceWindow | null {
  for (const w of windows) {
    if (w.scope.models && !w.scope.models.includes(labels.model ?? '')) continue;
    if (w.scope.areas && !(w.scope.areas as readonly string[]).includes(labels.area ?? '')) continue;
    if (activeOccurrence(w.schedule, now)) return w;
  }
  return null;
}
