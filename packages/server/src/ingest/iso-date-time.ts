import { FormatRegistry } from '@sinclair/typebox';

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-](\d{2}):?(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // Date.UTC would read years 0–99 as 1900–1999
  return d.getUTCDate();
}

/**
 * Epoch milliseconds of an ISO-8601 date-time with an offset, or null unless every part is real: a calendar
 * date (no 2026-02-30), hours 00–23, minutes and seconds 00–59, offsets up to ±23:59. `Date.parse` alone
 * rolls 2026-02-30 over to March 2 and takes 24:00.
 *
 * @example parseIsoDateTime('2026-11-27T10:00:00Z') // 1795773600000
 */
export function parseIsoDateTime(value: string): number | null {
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

// The wire schemas' `format: 'date-time'` (event and label timestamps) means exactly this.
FormatRegistry.Set('date-time', (v) => parseIsoDateTime(v) !== null);
