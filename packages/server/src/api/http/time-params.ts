import { VigilError } from '../../errors/index.js';
import { parseIsoDateTime } from '../../ingest/index.js';

const DAY_MS = 86_400_000;
/** Times a query may name: Vigil refuses events from before 2000, and nothing is stored past 2100. */
export const EARLIEST_QUERY_TIME_MS = Date.UTC(2000, 0, 1);
export const LATEST_QUERY_TIME_MS = Date.UTC(2100, 0, 1);
/**
 * The longest span a query may cover — a `window`, a `from`–`to` range, a `step` or `bucket` — so the work a
 * read does is bounded before it starts. Hour and day rollups are kept for good; 400 days covers a year
 * against the year before.
 */
export const MAX_QUERY_RANGE_DAYS = 400;
export const MAX_QUERY_RANGE_MS = MAX_QUERY_RANGE_DAYS * DAY_MS;

/**
 * Parses an ISO-8601 date-time, an ISO-8601 date (UTC midnight) or epoch ms; the error names the parameter and
 * the accepted forms. Dates must be real: 2026-02-30 is refused, not rolled over to March.
 */
export function parseTimeParam(name: string, value: string): number {
  const ms = /^\d{1,16}$/.test(value)
    ? Number(value)
    : parseIsoDateTime(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (ms === null || !Number.isFinite(ms))
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: ${quote(value)} is not a time; use ISO-8601 (2026-11-27T10:00:00Z) or epoch milliseconds`,
    );
  if (ms < EARLIEST_QUERY_TIME_MS || ms >= LATEST_QUERY_TIME_MS)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: ${quote(value)} is outside 2000-01-01 – 2100-01-01; pass a time in that range`,
    );
  return ms;
}

const DURATION = /^(\d{1,30}(?:\.\d{1,6})?)(ms|s|m|h|d|w)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "90s", "5m", "1h", "7d" or plain milliseconds, up to `maxMs` (400 days by default). */
export function parseDurationParam(name: string, value: string, maxMs: number = MAX_QUERY_RANGE_MS): number {
  const m = DURATION.exec(value.trim());
  if (!m || Number(m[1]) <= 0)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: ${quote(value)} is not a duration; use e.g. 60s, 5m, 1h, 1d or milliseconds`,
    );
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!;
  if (ms > maxMs)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: ${quote(value)} is longer than the maximum of ${describeMs(maxMs)}; ask for at most ${describeMs(maxMs)}`,
    );
  return ms;
}

/**
 * Refuses a `from`–`to` range longer than {@link MAX_QUERY_RANGE_MS}; `name` is the parameter to blame.
 *
 * @example checkQuerySpan('from', from, to) // throws for a 2-year range
 */
export function checkQuerySpan(name: string, fromMs: number, toMs: number, maxMs: number = MAX_QUERY_RANGE_MS): void {
  if (toMs - fromMs > maxMs)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: the range spans ${describeMs(toMs - fromMs)}, more than the maximum of ${describeMs(maxMs)}; ask for a shorter range`,
    );
}

function describeMs(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms >= DAY_MS) return `${(ms / DAY_MS).toFixed(1)}d`;
  return `${ms} ms`;
}

/** A parameter's value for an error message, cut short: the message must stay small whatever was sent. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/**
 * The `from`/`to` of a read: `to` defaults to now, `from` to `to − defaultSpanMs`; `from` must be before `to`
 * and the range at most {@link MAX_QUERY_RANGE_MS} long.
 *
 * @example parseQueryRange(req.query, now(), 30 * DAY) // { from, to }
 */
export function parseQueryRange(
  q: { from?: string; to?: string },
  nowMs: number,
  defaultSpanMs: number,
): { from: number; to: number } {
  const to = q.to !== undefined ? parseTimeParam('to', q.to) : nowMs;
  const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - defaultSpanMs;
  if (from >= to)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.from: must be before "to" (from=${new Date(from).toISOString()}, to=${new Date(to).toISOString()})`,
    );
  checkQuerySpan('from', from, to);
  return { from, to };
}
