import { MODEL_WINDOW_MS, widenToHours } from '../analysis/model-health/index.js';
import { VigilError } from '../errors/index.js';
import { parseDurationParam, parseTimeParam } from './time-params.js';

const HOUR = MODEL_WINDOW_MS;
const DAY = 24 * HOUR;
/** Buckets a time-series answer may have; more is a heavy request with an unreadable chart. */
export const MAX_BUCKETS = 1000;
const MODEL_SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** A range widened outward to whole hours (model-health windows are hourly). */
export interface HourRange {
  from: number;
  to: number;
}

export function checkModelSlug(model: string): void {
  if (!MODEL_SLUG.test(model)) {
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `params.model: "${model}" is not a model slug; use lower-case letters, digits, ".", "_" or "-"`,
    );
  }
}

/**
 * The `from`/`to` query of a model-health read: `to` defaults to now, `from` to `to − defaultSpanMs`;
 * both widen outward to whole hours.
 */
export function parseHourRange(q: { from?: string; to?: string }, now: number, defaultSpanMs: number): HourRange {
  const to = q.to !== undefined ? parseTimeParam('to', q.to) : now;
  const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - defaultSpanMs;
  if (from >= to)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.from: must be before "to" (from=${new Date(from).toISOString()}, to=${new Date(to).toISOString()})`,
    );
  return widenToHours(from, to);
}

/**
 * A bucket width in whole hours (`1h`, `6h`, `1d`), or the default; the range's start is aligned down to
 * a multiple of the step (UTC days for `1d`). Refuses more than {@link MAX_BUCKETS} buckets.
 */
export function parseStep(
  value: string | undefined,
  range: HourRange,
  defaultStep: (spanMs: number) => number,
): { step: number; range: HourRange } {
  const step = value !== undefined ? parseDurationParam('step', value) : defaultStep(range.to - range.from);
  if (step % HOUR !== 0)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.step: "${value}" is not a whole number of hours; model-health windows are hourly, use e.g. 1h, 6h or 1d`,
    );
  const aligned = { from: Math.floor(range.from / step) * step, to: range.to };
  const buckets = Math.ceil((aligned.to - aligned.from) / step);
  if (buckets > MAX_BUCKETS)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.step: ${buckets} buckets is more than ${MAX_BUCKETS}; use a larger step or a shorter range`,
    );
  return { step, range: aligned };
}

/** Default performance step: hourly up to two days, else daily. */
export function defaultPerformanceStep(spanMs: number): number {
  return spanMs <= 2 * DAY ? HOUR : DAY;
}

/** Default timeline step: about 30 buckets, whole hours, days once the range passes 30 days. */
export function defaultTimelineStep(spanMs: number): number {
  const hours = Math.max(1, Math.ceil(spanMs / 30 / HOUR));
  return hours >= 24 ? Math.ceil(hours / 24) * DAY : hours * HOUR;
}

export type ReferenceParam = { kind: 'stored' } | { kind: 'previous' } | { kind: 'window'; range: HourRange };

/** `reference=stored`, `reference=previous` or `reference=window:<from>,<to>` (ISO-8601 or epoch ms). */
export function parseReferenceParam(value: string | undefined): ReferenceParam {
  if (value === undefined || value === 'stored') return { kind: 'stored' };
  if (value === 'previous') return { kind: 'previous' };
  const m = /^window:([^,]+),(.+)$/.exec(value);
  if (!m)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.reference: "${value}" is not "stored", "previous" or "window:<from>,<to>" (e.g. window:2026-11-01T00:00:00Z,2026-11-08T00:00:00Z)`,
    );
  const from = parseTimeParam('reference', m[1]!);
  const to = parseTimeParam('reference', m[2]!);
  if (from >= to)
    throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.reference: the window's start must be before its end`);
  return { kind: 'window', range: { from: Math.floor(from / HOUR) * HOUR, to: Math.ceil(to / HOUR) * HOUR } };
}
