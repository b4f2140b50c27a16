import { MODEL_WINDOW_MS, widenToHours } from '../analysis/model-health/index.js';
import { VigilError } from '../errors/index.js';

const HOUR = MODEL_WINDOW_MS;
const DAY = 24 * HOUR;
/** Buckets a time-series answer may have; more is a heavy request with an unreadable chart. */
export const MAX_BUCKETS = 1000;

/** A range widened outward to whole hours (model-health windows are hourly). */
export interface HourRange {
  from: number;
  to: number;
}

/** A read's range widened outward to whole hours (model-health windows are hourly). */
export function toHourRange(range: { from: number; to: number }): HourRange {
  return widenToHours(range.from, range.to);
}

/**
 * A bucket width in whole hours (`1h`, `6h`, `1d` as asked, in ms), or the default; the range's start is aligned
 * down to a multiple of the step (UTC days for `1d`). Refuses more than {@link MAX_BUCKETS} buckets. `asked` is
 * the parameter as sent, for the message.
 */
export function resolveStep(
  stepMs: number | undefined,
  range: HourRange,
  defaultStep: (spanMs: number) => number,
  asked?: string,
): { step: number; range: HourRange } {
  const step = stepMs ?? defaultStep(range.to - range.from);
  if (step % HOUR !== 0)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.step: "${asked ?? `${step}`}" is not a whole number of hours; model-health windows are hourly, use e.g. 1h, 6h or 1d`,
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

/**
 * Drift cells a timeline may compute (buckets × columns): each is a statistical test, and the buckets' merged
 * windows are held at once. 1,000 daily buckets of 30 columns fit; 480 hourly buckets of a 200-feature model
 * (24 s of work, ~1 GB of windows) do not.
 */
export const MAX_TIMELINE_CELLS = 30_000;

/** Refuses a drift timeline of more than {@link MAX_TIMELINE_CELLS} cells before any window is read. */
export function checkTimelineSize(range: HourRange, step: number, columns: number): void {
  const buckets = Math.ceil((range.to - range.from) / step);
  if (buckets * columns > MAX_TIMELINE_CELLS)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.step: ${buckets} buckets × ${columns} columns is more than ${MAX_TIMELINE_CELLS.toLocaleString('en-US')} drift cells; use a larger step, a shorter range or fewer columns`,
    );
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

/**
 * Which reference a read compares with: the stored one, the period of the same length just before the current
 * window (`previous`), or a window of the model's own traffic.
 */
export type ReferenceParam = { kind: 'stored' } | { kind: 'previous' } | { kind: 'window'; range: HourRange };

/** A reference as asked: the stored one, the previous period, or a window (widened to whole hours here). */
export type ReferenceSpec = { kind: 'stored' } | { kind: 'previous' } | { kind: 'window'; from: number; to: number };

export function toReferenceParam(spec: ReferenceSpec): ReferenceParam {
  if (spec.kind !== 'window') return spec;
  return { kind: 'window', range: { from: Math.floor(spec.from / HOUR) * HOUR, to: Math.ceil(spec.to / HOUR) * HOUR } };
}
