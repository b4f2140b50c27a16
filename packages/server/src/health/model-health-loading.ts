import { MODEL_WINDOW_MS as HOUR_MS, ModelWindow, WindowBucketer } from '../analysis/model-health/index.js';
import { deserialiseProfile, type ModelProfile } from '../analysis/profile/index.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import type { HourRange, ReferenceParam } from './model-health-query.js';

/** Which reference a drift or quality answer used. */
export interface ReferenceInfo {
  source: 'stored' | 'window';
  kind: 'window' | 'dataset';
  window: HourRange | null;
  rows: number;
}

/**
 * Yields to the event loop once `budgetMs` of work ran since the last yield: a long model-health read (a window
 * of a wide model costs ~10 ms to decode and merge; 90 days are 2,160 of them) runs in short turns, so other
 * requests and /healthz keep being answered.
 *
 * @example const pause = createYielder(); for (const x of work) { step(x); await pause(); }
 */
export function createYielder(budgetMs = 5): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/**
 * The model's windows in a range, merged into time buckets of `stepMs` and into one total, read an hour at a
 * time in short turns of the event loop.
 */
export async function loadWindowBuckets(
  store: Store,
  model: string,
  range: HourRange,
  stepMs: number,
  opts: { withFeatures: boolean } = { withFeatures: true },
): Promise<WindowBucketer> {
  const bucketer = new WindowBucketer(range.from, range.to, stepMs);
  const pause = createYielder();
  for (let from = range.from; from < range.to; from += HOUR_MS) {
    const windows = await store.rollups.readWindows(model, from, Math.min(from + HOUR_MS, range.to));
    // Feature profiles are most of a window; a caller that does not read them should not keep one per bucket.
    if (!opts.withFeatures) for (const w of windows) w.profile.features.clear();
    bucketer.add(windows);
    await pause();
  }
  return bucketer;
}

/** The model's windows in a range merged into one (an empty window when it had no traffic). */
export async function loadMergedWindow(store: Store, model: string, range: HourRange): Promise<ModelWindow> {
  const { total } = await loadWindowBuckets(store, model, range, range.to - range.from);
  return total ?? new ModelWindow(model, range.from);
}

/** VIGIL_ERR_UNKNOWN_MODEL (404) unless the model has sent events or has a stored reference. */
export async function assertKnownModel(store: Store, model: string): Promise<{ modelType: string | null }> {
  const known = (await store.rollups.listModels()).find((m) => m.model === model);
  if (known) return { modelType: known.modelType };
  if (await store.references.get(model)) return { modelType: null };
  throw new VigilError(
    'VIGIL_ERR_UNKNOWN_MODEL',
    `model "${model}": no events and no reference stored; send events with "model": "${model}" first`,
  );
}

/** The stored reference, or a window of the model's own traffic. 404 / 400 name the parameter and the fix. */
export async function loadReference(
  store: Store,
  model: string,
  param: ReferenceParam,
): Promise<{ profile: ModelProfile; info: ReferenceInfo }> {
  if (param.kind === 'stored') {
    const r = await store.references.get(model);
    if (!r) {
      throw new VigilError(
        'VIGIL_ERR_NO_REFERENCE',
        `querystring.reference: model "${model}" has no stored reference; POST /api/v1/models/${model}/reference first, or pass reference=window:<from>,<to>`,
      );
    }
    const window = r.windowFrom !== null && r.windowTo !== null ? { from: r.windowFrom, to: r.windowTo } : null;
    return { profile: deserialiseProfile(r.profile), info: { source: 'stored', kind: r.source, window, rows: r.rows } };
  }
  const w = await loadMergedWindow(store, model, param.range);
  if (w.profile.rows === 0) throw noTraffic('querystring.reference', model, param.range);
  return { profile: w.profile, info: { source: 'window', kind: 'window', window: param.range, rows: w.profile.rows } };
}

export function noTraffic(field: string, model: string, range: HourRange): VigilError {
  return new VigilError(
    'VIGIL_ERR_VALIDATION',
    `${field}: model "${model}" has no traffic between ${new Date(range.from).toISOString()} and ${new Date(range.to).toISOString()}; pick a window with events`,
  );
}
