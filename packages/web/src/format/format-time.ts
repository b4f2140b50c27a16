// One time format everywhere: the viewer's own time zone, "2026-11-27 10:04"; UTC on hover (<Time>).
import { NONE } from './format-value.js';

const pad = (n: number) => String(n).padStart(2, '0');
const toMs = (v: number | string | null | undefined): number | null => {
  if (v === null || v === undefined) return null;
  const ms = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
};

/** Epoch ms or ISO → "2026-11-27 10:04" in the browser's time zone. */
export function formatTime(v: number | string | null | undefined): string {
  const ms = toMs(v);
  if (ms === null) return NONE;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The same moment in UTC, "2026-11-27 09:04 UTC" (the hover text). */
export function formatUtc(v: number | string | null | undefined): string {
  const ms = toMs(v);
  if (ms === null) return NONE;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-11-27" in the browser's time zone. */
export function formatDate(v: number | string | null | undefined): string {
  const t = formatTime(v);
  return t === NONE ? t : t.slice(0, 10);
}

/** "10:04:05" local: when a page last refreshed. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The browser's time zone name, e.g. "Europe/Paris" (shown once in the header). */
export function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  } catch {
    return 'local time';
  }
}
