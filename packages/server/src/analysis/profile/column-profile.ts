import { FrequentItems, type FrequentItemsJson } from './frequent-items.js';
import { HyperLogLog, type HyperLogLogJson } from './hyperloglog.js';
import { addMoment, createMoments, mergeMoments, type Moments } from './moments.js';
import { QuantileSketch, type QuantileSketchJson } from '../sketches/index.js';

/** A value as it appears in `event.features` (or a flattened output column). */
export type ColumnValue = number | string | boolean | null;

/** Sketch parameters; profiles merge only when these agree. */
export interface ProfileOptions {
  /** DDSketch relative accuracy α. Default 0.01. */
  relativeAccuracy: number;
  /** DDSketch bins per sign before collapsing. Default 2048. */
  binLimit: number;
  /** HyperLogLog precision p (m = 2^p registers). Default 12: 1.63 % standard error, 4 KiB. */
  hllPrecision: number;
  /** Misra-Gries counters per categorical column. Default 64. */
  topK: number;
}

export const defaultProfileOptions: Readonly<ProfileOptions> = Object.freeze({
  relativeAccuracy: 0.01,
  binLimit: 2048,
  hllPrecision: 12,
  topK: 64,
});

export interface TypeCounts {
  number: number;
  string: number;
  boolean: number;
  null: number;
}

export interface ColumnProfileJson {
  t: [number, number, number, number];
  nf: number;
  m: [number, number, number, number, number] | null;
  q: QuantileSketchJson | null;
  h: HyperLogLogJson;
  f: FrequentItemsJson | null;
}

/**
 * Everything known about one column (a feature or an output) over one window. `present` counts
 * non-null values; the owning profile's row count minus `present` is the missing count (absent or null).
 * Numbers feed moments and a quantile sketch; strings and booleans (as "true"/"false") feed the
 * frequent-items summary; every non-null value feeds the distinct-count sketch.
 */
export class ColumnProfile {
  readonly types: TypeCounts = { number: 0, string: 0, boolean: 0, null: 0 };
  /** Numbers that were NaN or ±Infinity: typed as numbers but kept out of moments and sketch. */
  nonFinite = 0;
  moments: Moments | null = null;
  sketch: QuantileSketch | null = null;
  frequencies: FrequentItems | null = null;
  readonly distinct: HyperLogLog;

  constructor(readonly options: ProfileOptions = defaultProfileOptions) {
    this.distinct = new HyperLogLog(options.hllPrecision);
  }

  /** Non-null values seen. */
  get present(): number {
    return this.types.number + this.types.string + this.types.boolean;
  }

  /** Records a value once, or `weight` times (a positive integer: a sampled row standing for that many). */
  add(value: ColumnValue, weight = 1): void {
    switch (typeof value) {
      case 'number':
        this.types.number += weight;
        if (value - value !== 0) {
          this.nonFinite += weight;
          return;
        }
        if (this.moments === null) {
          this.moments = createMoments();
          this.sketch = new QuantileSketch(this.options);
        }
        addMoment(this.moments, value, weight);
        this.sketch!.add(value, weight);
        this.distinct.addNumber(value);
        return;
      case 'string':
        this.types.string += weight;
        (this.frequencies ??= new FrequentItems(this.options.topK)).add(value, weight);
        this.distinct.addString(value);
        return;
      case 'boolean':
        this.types.boolean += weight;
        (this.frequencies ??= new FrequentItems(this.options.topK)).add(value ? 'true' : 'false', weight);
        this.distinct.addBoolean(value);
        return;
      default:
        this.types.null += weight;
    }
  }

  /** Adds `other` into this column in place. */
  merge(other: ColumnProfile): void {
    this.types.number += other.types.number;
    this.types.string += other.types.string;
    this.types.boolean += other.types.boolean;
    this.types.null += other.types.null;
    this.nonFinite += other.nonFinite;
    if (other.moments !== null) {
      this.moments = this.moments === null ? { ...other.moments } : mergeMoments(this.moments, other.moments);
      if (this.sketch === null) this.sketch = other.sketch!.clone();
      else this.sketch.merge(other.sketch!);
    }
    if (other.frequencies !== null) {
      if (this.frequencies === null) this.frequencies = other.frequencies.clone();
      else this.frequencies.merge(other.frequencies);
    }
    this.distinct.merge(other.distinct);
  }

  clone(): ColumnProfile {
    const copy = new ColumnProfile(this.options);
    copy.merge(this);
    return copy;
  }

  /** The type with the most values (ties: number, string, boolean), or null when all values were null. */
  dominantType(): 'number' | 'string' | 'boolean' | null {
    const { number, string, boolean } = this.types;
    if (number + string + boolean === 0) return null;
    if (number >= string && number >= boolean) return 'number';
    return string >= boolean ? 'string' : 'boolean';
  }

  toJSON(): ColumnProfileJson {
    const m = this.moments;
    return {
      t: [this.types.number, this.types.string, this.types.boolean, this.types.null],
      nf: this.nonFinite,
      m: m === null ? null : [m.n, m.mean, m.m2, m.min, m.max],
      q: this.sketch === null ? null : this.sketch.toJSON(),
      h: this.distinct.toJSON(),
      f: this.frequencies === null ? null : this.frequencies.toJSON(),
    };
  }

  static fromJSON(json: ColumnProfileJson, options: ProfileOptions): ColumnProfile {
    const c = new ColumnProfile(options);
    [c.types.number, c.types.string, c.types.boolean, c.types.null] = json.t;
    c.nonFinite = json.nf;
    if (json.m !== null) c.moments = { n: json.m[0], mean: json.m[1], m2: json.m[2], min: json.m[3], max: json.m[4] };
    if (json.q !== null) c.sketch = QuantileSketch.fromJSON(json.q);
    c.distinct.registers.set(HyperLogLog.fromJSON(json.h).registers);
    if (json.f !== null) c.frequencies = FrequentItems.fromJSON(json.f);
    return c;
  }
}
