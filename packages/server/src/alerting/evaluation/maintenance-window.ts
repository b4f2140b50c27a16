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
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const daysBack = Math.ceil((durationMs + offsetMs) / DAY_MS);
  for (let d = 0; d <= daysBack; d++) {
    const dayStart = today - d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    if (!schedule.weekdays.includes(weekday)) continue;
    const start = dayStart + offsetMs;
    if (schedule.activeFrom !== undefined && start < schedule.activeFrom) continue;
    if (schedule.activeUntil !== undefined && start >= schedule.activeUntil) continue;
    if (start <= now && now < start + durationMs) return [start, start + durationMs];
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
