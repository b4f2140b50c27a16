import { Type, type Static } from '@sinclair/typebox';
import { DurationSchema, MonitoringAreaSchema } from '../rules/rule-schema.js';
import { parseDurationMs } from '../rules/duration.js';
import type { Labels } from './alert-fingerprint.js';

const DAY_MS = 86_400_000;

export const MaintenanceWindowSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    scope: Type.Object(
      {
        models: Type.Optional(
          Type.Array(Type.String(), { description: 'Applies to these models; every model when absent.' }),
        ),
        areas: Type.Optional(
          Type.Array(MonitoringAreaSchema, { description: 'Applies to these areas; every area when absent.' }),
        ),
      },
      { additionalProperties: false },
    ),
    schedule: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('once'),
          startsAt: Type.Number({ description: 'Epoch ms, inclusive.' }),
          endsAt: Type.Number({ description: 'Epoch ms, exclusive.' }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('weekly'),
          weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
            minItems: 1,
            description: '0 = Sunday … 6 = Saturday, UTC.',
          }),
          startTime: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, UTC.' }),
          duration: DurationSchema,
          activeFrom: Type.Optional(Type.Number({ description: 'First day the recurrence applies (epoch ms).' })),
          activeUntil: Type.Optional(Type.Number({ description: 'No occurrence starts at or after this (epoch ms).' })),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);
export type MaintenanceWindow = Static<typeof MaintenanceWindowSchema>;

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
