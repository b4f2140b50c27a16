import {
  ColumnProfile,
  defaultProfileOptions,
  type ColumnProfileJson,
  type ColumnValue,
  type ProfileOptions,
} from './column-profile.js';

/** Half-open time window [start, end) in epoch milliseconds that a profile covers. */
export interface ProfileWindow {
  start: number;
  end: number;
}

/**
 * A mergeable profile of one model over one window: the row (event) count and one {@link ColumnProfile}
 * per feature and per output column (prediction, LLM and vision fields, see `eventOutputColumns`).
 * Missing count of a column = `rows − column.present`.
 */
export class ModelProfile {
  rows = 0;
  readonly features = new Map<string, ColumnProfile>();
  readonly outputs = new Map<string, ColumnProfile>();

  constructor(
    readonly model: string,
    public window: ProfileWindow,
    readonly options: ProfileOptions = defaultProfileOptions,
  ) {}

  /** Missing (absent or null) values of a column, from the profile's row count. */
  missing(column: ColumnProfile): number {
    return this.rows - column.present;
  }

  /** Adds `other` into this profile in place. Models and options must agree. */
  merge(other: ModelProfile): void {
    if (other.model !== this.model)
      throw new RangeError(`cannot merge profiles of models "${this.model}" and "${other.model}"`);
    assertSameOptions(this.options, other.options);
    this.rows += other.rows;
    this.window = {
      start: Math.min(this.window.start, other.window.start),
      end: Math.max(this.window.end, other.window.end),
    };
    mergeColumns(this.features, other.features);
    mergeColumns(this.outputs, other.outputs);
  }

  clone(): ModelProfile {
    const copy = new ModelProfile(this.model, { ...this.window }, this.options);
    copy.merge(this);
    return copy;
  }
}

/**
 * Merges two profiles into a new one, leaving both inputs untouched. Associative and commutative:
 * counts, type counts, HyperLogLog registers and sketch bins exactly; mean and variance up to
 * floating-point rounding; top-K counts exactly while a column has ≤ topK distinct values, within the
 * Misra-Gries bound otherwise.
 *
 * @example
 * const day = mergeProfiles(morning, afternoon); // day.rows === morning.rows + afternoon.rows
 */
export function mergeProfiles(a: ModelProfile, b: ModelProfile): ModelProfile {
  const merged = a.clone();
  merged.merge(b);
  return merged;
}

/**
 * Builds a {@link ModelProfile} one event at a time. The hot path of ingest: no per-event allocation
 * beyond the first sighting of a column.
 *
 * @example
 * const builder = new ProfileBuilder('drink-recommender', { start: t0, end: t0 + 3_600_000 });
 * builder.add({ age: 31, city: 'Lyon' }, { prediction: 'espresso' });
 * const profile = builder.profile; // profile.rows === 1
 */
export class ProfileBuilder {
  readonly profile: ModelProfile;

  constructor(model: string, window: ProfileWindow, options: Partial<ProfileOptions> = {}) {
    this.profile = new ModelProfile(model, window, { ...defaultProfileOptions, ...options });
  }

  /**
   * Records one event: its feature map and its flattened outputs (either may be undefined). `weight` > 1
   * records it as that many identical events (a sampled row of a backfill standing for the calls it represents).
   */
  add(
    features: Readonly<Record<string, ColumnValue>> | undefined,
    outputs?: Readonly<Record<string, ColumnValue>>,
    weight = 1,
  ): void {
    const p = this.profile;
    p.rows += weight;
    if (features !== undefined) addColumns(p.features, features, p.options, weight);
    if (outputs !== undefined) addColumns(p.outputs, outputs, p.options, weight);
  }
}

function addColumns(
  columns: Map<string, ColumnProfile>,
  values: Readonly<Record<string, ColumnValue>>,
  options: ProfileOptions,
  weight: number,
): void {
  for (const name in values) {
    const value = values[name];
    if (value === undefined) continue;
    let column = columns.get(name);
    if (column === undefined) {
      column = new ColumnProfile(options);
      columns.set(name, column);
    }
    column.add(value, weight);
  }
}

function mergeColumns(target: Map<string, ColumnProfile>, source: Map<string, ColumnProfile>): void {
  for (const [name, column] of source) {
    const existing = target.get(name);
    if (existing === undefined) target.set(name, column.clone());
    else existing.merge(column);
  }
  // Keep a canonical (sorted) column order so merged profiles serialise identically whatever the merge order.
  const names = [...target.keys()].sort();
  const entries = names.map((n) => [n, target.get(n)!] as const);
  target.clear();
  for (const [n, c] of entries) target.set(n, c);
}

function assertSameOptions(a: ProfileOptions, b: ProfileOptions): void {
  if (
    a.relativeAccuracy !== b.relativeAccuracy ||
    a.binLimit !== b.binLimit ||
    a.hllPrecision !== b.hllPrecision ||
    a.topK !== b.topK
  ) {
    throw new RangeError(
      `cannot merge profiles built with different options: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
    );
  }
}

/** Serialised profile, format version 1. */
export interface ModelProfileJson {
  v: 1;
  model: string;
  window: ProfileWindow;
  options: ProfileOptions;
  rows: number;
  features: Record<string, ColumnProfileJson>;
  outputs: Record<string, ColumnProfileJson>;
}

/** JSON-safe form of a profile (see {@link serialiseProfile} for bytes). */
export function profileToJson(p: ModelProfile): ModelProfileJson {
  const columnsToJson = (m: Map<string, ColumnProfile>): Record<string, ColumnProfileJson> => {
    const out: Record<string, ColumnProfileJson> = {};
    for (const name of [...m.keys()].sort()) out[name] = m.get(name)!.toJSON();
    return out;
  };
  return {
    v: 1,
    model: p.model,
    window: { ...p.window },
    options: { ...p.options },
    rows: p.rows,
    features: columnsToJson(p.features),
    outputs: columnsToJson(p.outputs),
  };
}

/** Rebuilds a profile from {@link profileToJson} output. Throws RangeError on an unknown version. */
export function profileFromJson(json: ModelProfileJson): ModelProfile {
  if (json.v !== 1) throw new RangeError(`unsupported profile format version ${String(json.v)}`);
  const p = new ModelProfile(json.model, { ...json.window }, { ...json.options });
  p.rows = json.rows;
  for (const [name, c] of Object.entries(json.features)) p.features.set(name, ColumnProfile.fromJSON(c, p.options));
  for (const [name, c] of Object.entries(json.outputs)) p.outputs.set(name, ColumnProfile.fromJSON(c, p.options));
  return p;
}

/**
 * Profile → UTF-8 JSON bytes, for a BLOB column. Typical size: ~0.5 KiB per categorical column and
 * 1–6 KiB per numeric column (sketch bins; HyperLogLog registers sparse until ~1,400 distinct values, then 5.5 KiB).
 *
 * @example
 * const bytes = serialiseProfile(profile); const back = deserialiseProfile(bytes); // back.rows === profile.rows
 */
export function serialiseProfile(p: ModelProfile): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(profileToJson(p)));
}

/** Inverse of {@link serialiseProfile}. */
export function deserialiseProfile(bytes: Uint8Array): ModelProfile {
  return profileFromJson(JSON.parse(new TextDecoder().decode(bytes)) as ModelProfileJson);
}
