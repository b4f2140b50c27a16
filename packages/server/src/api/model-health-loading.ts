import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import type { HourRange } from './model-health-params.js';

/** Which reference a drift or quality answer used. */
export interface ReferenceInfo {
  source: 'stored' | 'window';
  kind: 'window' | 'dataset';
  window: HourRange | null;
  rows: number;
}

/** 404 unless the model has sent events or has a stored reference. */
export async function assertKnownModel(store: Store, model: string): Promise<{ modelType: string | null }> {
  const known = (await store.rollups.listModels()).find((m) => m.model === model);
  if (known) return { modelType: known.modelType };
  if (await store.references.get(model)) return { modelType: null };
  throw new VigilError(
    'VIGIL_ERR_NOT_FOUND',
    `model "${model}": no events and no reference stored; send events with "model": "${model}" first`,
  );
}

export function noTraffic(field: string, model: string, range: HourRange): VigilError {
  return new VigilError(
    'VIGIL_ERR_VALIDATION',
    `${field}: model "${model}" has no traffic between ${new Date(range.from).toISOString()} and ${new Date(range.to).toISOString()}; pick a window with events`,
  );
}
