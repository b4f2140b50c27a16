import { DateTime, IANAZone } from 'luxon';
import type { DigestSchedule } from '../../storage/index.js';

export type { DigestSchedule };

export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = Object.freeze({ time: '08:00', timeZone: 'UTC' });

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * What is wrong with a schedule, as [field, message] pairs (empty when valid).
 * @example checkDigestSchedule({ time: '8:00', timeZone: 'Mars/Olympus' }).length // 2
 */
export function checkDigestSchedule(s: DigestSchedule): Array<[keyof DigestSchedule, string]> {
  const problems: Array<[keyof DigestSchedule, string]> = [];
  if (!TIME.test(s.time)) problems.push(['time', `"${s.time}" is not a time of day; write HH:MM, e.g. "08:30"`]);
  if (!IANAZone.isValidZone(s.timeZone))
    problems.push(['timeZone', `"${s.timeZone}" is not an IANA time zone; write e.g. "Europe/Berlin" or "UTC"`]);
  return problems;
}

/**
 * The latest digest time at or before `now`: today's `time` in the zone if it has passed, else yesterday's.
 * Across a daylight-saving change the local time is kept (08:30 Berlin is 06:30 UTC in summer, 07:30 in
 * winter); a time the change skips (02:30 on the spring-forward night) moves an hour later (03:30), and a
 * time that occurs twice (01:30 on the fall-back night) is taken once, at its second occurrence (luxon's rules).
 * @example lastDigestDueAt(Date.UTC(2026, 6, 1, 7), { time: '08:30', timeZone: 'Europe/Berlin' }) // 2026-07-01T06:30Z
 */
export function lastDigestDueAt(now: number, s: DigestSchedule): number {
  const local = DateTime.fromMillis(now, { zone: s.timeZone });
  const today = atTime(local, s.time);
  return today.toMillis() <= now ? today.toMillis() : atTime(local.minus({ days: 1 }), s.time).toMillis();
}

/** The first digest time strictly after `now`. */
export function nextDigestDueAt(now: number, s: DigestSchedule): number {
  const local = DateTime.fromMillis(now, { zone: s.timeZone });
  const today = atTime(local, s.time);
  return today.toMillis() > now ? today.toMillis() : atTime(local.plus({ days: 1 }), s.time).toMillis();
}

/** The calendar date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate()!;
}

/** "2026-11-20 08:30 Europe/Berlin" (or "… UTC"). */
export function formatLocalTime(at: number, timeZone: string): string {
  return `${DateTime.fromMillis(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm')} ${timeZone}`;
}

function atTime(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}
