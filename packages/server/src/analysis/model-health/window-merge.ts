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
  const bucketer = new WindowBucketer(fromMs, toMs, stepMs);
  bucketer.add(windows);
  return bucketer.buckets;
}

/**
 * {@link bucketWindows} a few windows at a time, so a caller can read a long range in slices (and let other
 * work run between them) without holding every hourly window at once. `total` is every window merged.
 *
 * @example const b = new WindowBucketer(from, to, DAY); for (const day of days) b.add(day); b.buckets
 */
export class WindowBucketer {
  readonly buckets: WindowBucket[] = [];
  total: ModelWindow | null = null;

  constructor(
    private readonly fromMs: number,
    toMs: number,
    private readonly stepMs: number,
  ) {
    if (!(stepMs > 0) || stepMs % MODEL_WINDOW_MS !== 0)
      throw new RangeError(`step must be a positive multiple of ${MODEL_WINDOW_MS} ms, got ${stepMs}`);
    for (let start = fromMs; start < toMs; start += stepMs)
      this.buckets.push({ start, end: Math.min(start + stepMs, toMs), window: null });
  }

  add(windows: readonly ModelWindow[]): void {
    for (const w of windows) {
      this.total ??= new ModelWindow(w.model, w.bucketStart);
      this.total.merge(w);
      const b = this.buckets[Math.floor((w.bucketStart - this.fromMs) / this.stepMs)];
      if (b === undefined) continue;
      if (b.window === null) b.window = new ModelWindow(w.model, b.start);
      b.window.merge(w);
    }
  }
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
