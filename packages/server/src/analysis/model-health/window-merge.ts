import { ModelWindow, MODEL_WINDOW_MS } from './model-window.js';

/** One time bucket of merged model-health windows; `window` is null when no hour in it had traffic. */
export interface WindowBucket {
  start: number;
  end: number;
  window: ModelWindow | null;
}

/**
 * Merges stored hourly windows into one (profiles, CBPE and realised performance all add). Returns null
 * for an empty list. The inputs are left untouched.
 *
 * @example mergeWindows(await store.rollups.readWindows('churn', from, to))?.profile.rows
 */
export function mergeWindows(windows: readonly ModelWindow[]): ModelWindow | null {
  if (windows.length === 0) return null;
  const first = windows[0]!;
  const merged = new ModelWindow(first.model, first.bucketStart);
  for (const w of windows) merged.merge(w);
  return merged;
}

/**
 * Groups hourly windows into buckets of `stepMs` (a multiple of one hour) from `fromMs` (aligned to the
 * hour) up to `toMs`, merging the windows of each bucket. Every bucket is returned, empty ones with a
 * null window, so a chart shows gaps where there was no traffic.
 *
 * @example bucketWindows(windows, dayStart, dayStart + 7 * DAY, DAY).map((b) => b.window?.profile.rows ?? 0)
 */
export function bucketWindows(
  windows: readonly ModelWindow[],
  fromMs: number,
  toMs: number,
  stepMs: number,
): WindowBucket[] {
  if (!(stepMs > 0) || stepMs % MODEL_WINDOW_MS !== 0)
    throw new RangeError(`step must be a positive multiple of ${MODEL_WINDOW_MS} ms, got ${stepMs}`);
  const buckets: WindowBucket[] = [];
  for (let start = fromMs; start < toMs; start += stepMs)
    buckets.push({ start, end: Math.min(start + stepMs, toMs), window: null });
  for (const w of windows) {
    const i = Math.floor((w.bucketStart - fromMs) / stepMs);
    const b = buckets[i];
    if (b === undefined) continue;
    if (b.window === null) b.window = new ModelWindow(w.model, b.start);
    b.window.merge(w);
  }
  return buckets;
}

/**
 * A range widened outward to whole hours, the resolution of model-health windows (the API's `from`/`to`
 * and alert-rule windows both read this way).
 *
 * @example widenToHours(Date.UTC(2026, 0, 1, 9, 30), Date.UTC(2026, 0, 1, 10, 30)) // 09:00 → 11:00
 */
export function widenToHours(fromMs: number, toMs: number): { from: number; to: number } {
  return {
    from: Math.floor(fromMs / MODEL_WINDOW_MS) * MODEL_WINDOW_MS,
    to: Math.ceil(toMs / MODEL_WINDOW_MS) * MODEL_WINDOW_MS,
  };
}
