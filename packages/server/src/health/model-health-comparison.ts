import { deserialiseProfile, type ModelProfile } from '../analysis/profile/index.js';
import type { WindowBucket } from '../analysis/model-health/index.js';
import { VigilError } from '../errors/index.js';
import type { ReferenceRecord, Store } from '../storage/index.js';
import type { HourRange, ReferenceParam } from './model-health-query.js';
import { loadMergedWindow, noTraffic, type ReferenceInfo } from './model-health-loading.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The reference a drift or quality read compares with, and the current window it compares: never overlapping. */
export interface Comparison {
  reference: { profile: ModelProfile; info: ReferenceInfo; record: ReferenceRecord | null };
  /** The current window actually compared (clipped when it overlapped a stored reference's window). */
  current: HourRange;
  /** Why `current` differs from the window asked for; null when it does not. */
  note: string | null;
}

const overlaps = (a: HourRange, b: HourRange) => a.from < b.to && b.from < a.to;

/**
 * Resolves `reference` against the current window so the two never overlap: `previous` is the period of the
 * same length ending where the current window starts; a `window:` reference must end at or before the current
 * window starts (400 otherwise, naming both); a stored reference cut from the model's traffic that overlaps
 * the current window moves the current window's start to the reference's end (`note` says so), and a current
 * window wholly inside it is refused. The reference is read for all endpoints unless `endpoint` is given and
 * the reference is a window of traffic (previous or window:), which is then read for that endpoint too.
 */
export async function resolveComparison(
  store: Store,
  model: string,
  requested: HourRange,
  param: ReferenceParam,
  endpoint?: string,
): Promise<Comparison> {
  if (param.kind === 'stored') {
    const reference = await loadStoredReference(store, model);
    const window = reference.info.window;
    if (!window || !overlaps(window, requested)) return { reference, current: requested, note: null };
    if (requested.to <= window.to)
      throw new VigilError(
        'VIGIL_ERR_VALIDATION',
        `querystring.from: the window ${iso(requested.from)} – ${iso(requested.to)} lies inside the stored reference's window (${iso(window.from)} – ${iso(window.to)}); compare a window after ${iso(window.to)}, or use reference=previous`,
      );
    return {
      reference,
      current: { from: Math.max(requested.from, window.to), to: requested.to },
      note: `The window asked for overlapped the stored reference's window (${iso(window.from)} – ${iso(window.to)}); the current window starts where the reference ends.`,
    };
  }
  const range =
    param.kind === 'previous' ? { from: 2 * requested.from - requested.to, to: requested.from } : param.range;
  if (overlaps(range, requested))
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.reference: the reference window ${iso(range.from)} – ${iso(range.to)} overlaps the current window ${iso(requested.from)} – ${iso(requested.to)} (both widened to whole hours); pick a reference that ends at or before ${iso(requested.from)}, or use reference=previous`,
    );
  const w = await loadMergedWindow(store, model, range, endpoint);
  if (w.profile.rows === 0) throw noTraffic('querystring.reference', model, range);
  return {
    reference: {
      profile: w.profile,
      info: { source: 'window', kind: 'window', window: range, rows: w.profile.rows },
      record: null,
    },
    current: requested,
    note: null,
  };
}

/** The model's stored reference; 404 naming the fix when there is none. */
export async function loadStoredReference(store: Store, model: string): Promise<Comparison['reference']> {
  const r = await store.references.get(model);
  if (!r) {
    throw new VigilError(
      'VIGIL_ERR_NO_REFERENCE',
      `querystring.reference: model "${model}" has no stored reference; POST /api/v1/models/${model}/reference first, or pass reference=previous or reference=window:<from>,<to>`,
    );
  }
  const window = r.windowFrom !== null && r.windowTo !== null ? { from: r.windowFrom, to: r.windowTo } : null;
  const info: ReferenceInfo = { source: 'stored', kind: r.source, window, rows: r.rows };
  return { profile: deserialiseProfile(r.profile), info, record: r };
}

/** Timeline buckets overlapping the reference's window carry no comparison (shown as empty, never as drift). */
export function blankOverlappingBuckets(buckets: WindowBucket[], reference: ReferenceInfo): WindowBucket[] {
  const w = reference.window;
  if (!w) return buckets;
  return buckets.map((b) => (b.start < w.to && w.from < b.end ? { ...b, window: null } : b));
}
