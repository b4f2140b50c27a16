import {
  MODEL_WINDOW_MS as HOUR_MS,
  mergeWindows,
  ModelWindow,
  WindowBucketer,
} from '../analysis/model-health/index.js';
import { describeEndpointColumns, type EndpointColumns } from '../analysis/quality/index.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import type { HourRange } from './model-health-query.js';

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
  opts: { withFeatures?: boolean; endpoint?: string } = {},
): Promise<WindowBucketer> {
  const bucketer = new WindowBucketer(range.from, range.to, stepMs);
  const pause = createYielder();
  for (let from = range.from; from < range.to; from += HOUR_MS) {
    const windows = await store.rollups.readWindows(model, from, Math.min(from + HOUR_MS, range.to), opts.endpoint);
    // Feature profiles are most of a window; a caller that does not read them should not keep one per bucket.
    if (opts.withFeatures === false) for (const w of windows) w.profile.features.clear();
    bucketer.add(windows);
    await pause();
  }
  return bucketer;
}

/**
 * The model's windows in a range (of one endpoint, or all) merged into one (an empty window without traffic).
 * @example (await loadMergedWindow(store, 'churn', { from, to }, 'POST /score')).profile.rows
 */
export async function loadMergedWindow(
  store: Store,
  model: string,
  range: HourRange,
  endpoint?: string,
): Promise<ModelWindow> {
  const { total } = await loadWindowBuckets(store, model, range, range.to - range.from, { endpoint });
  return total ?? new ModelWindow(model, range.from, endpoint ?? '');
}

/**
 * The model's windows in a range (of one endpoint, or all) merged into one, and what each endpoint sent (its
 * rows and the columns it had values for), read an hour at a time in short turns of the event loop.
 * @example const { total, endpoints } = await loadEndpointWindows(store, 'recommender', range);
 */
export async function loadEndpointWindows(
  store: Store,
  model: string,
  range: HourRange,
  endpoint?: string,
): Promise<{ total: ModelWindow; endpoints: EndpointColumns[] }> {
  const perEndpoint = new Map<string, ModelWindow>();
  const pause = createYielder();
  for (let from = range.from; from < range.to; from += HOUR_MS) {
    for (const w of await store.rollups.readWindows(model, from, Math.min(from + HOUR_MS, range.to), endpoint)) {
      let merged = perEndpoint.get(w.endpoint);
      if (!merged) perEndpoint.set(w.endpoint, (merged = new ModelWindow(model, range.from, w.endpoint)));
      merged.merge(w);
    }
    await pause();
  }
  const windows = [...perEndpoint.values()];
  return {
    total: mergeWindows(windows) ?? new ModelWindow(model, range.from, endpoint ?? ''),
    endpoints: describeEndpointColumns(windows),
  };
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

export function noTraffic(field: string, model: string, range: HourRange): VigilError {
  return new VigilError(
    'VIGIL_ERR_VALIDATION',
    `${field}: model "${model}" has no traffic between ${new Date(range.from).toISOString()} and ${new Date(range.to).toISOString()}; pick a window with events`,
  );
}
