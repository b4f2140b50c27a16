import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';

type Inner = LogCollapsingLowestDenseDDSketch;
const BINARY_FORMAT_VERSION = 2;
type Store = Inner['store'];

/** One bucket of the sketch in ascending value order: every value in it lies within `relativeAccuracy` of `value`. */
export interface SketchBin {
  value: number;
  count: number;
}

/** Compact JSON form of a {@link QuantileSketch}. Bins are contiguous count arrays starting at key `o`. */
export interface QuantileSketchJson {
  a: number;
  l: number;
  n: number;
  s: number;
  mn: number | null;
  mx: number | null;
  z: number;
  p: { o: number; c: number[] };
  ng: { o: number; c: number[] };
}

export interface QuantileSketchOptions {
  /** Relative value accuracy α: a returned quantile q̂ of true quantile q has |q̂ − q| ≤ α|q|. Default 0.01. */
  relativeAccuracy?: number;
  /** Bins per sign before the smallest magnitudes collapse into one bin (bounds memory). Default 2048. */
  binLimit?: number;
}

/**
 * A DDSketch (Masson, Rim & Lee, VLDB 2019) that is correct for negative values, zero, min/max and sum
 * through merge and serialisation. The `@datadog/sketches-js` merge drops the negative store and its
 * range extension mis-handles bin key 0, and `fromProto` loses min/max/sum, so this wrapper only uses
 * the library's key mapping and `store.add`, and does merge and (de)serialisation itself.
 *
 * Merging is bin-count addition, so it is exactly associative and commutative while fewer than
 * `binLimit` bins per sign are in use (α = 0.01 covers 1e-9…1e9 in ≈ 2,072 bins).
 *
 * @example
 * const s = new QuantileSketch();
 * for (const x of [-2, 0, 1, 5]) s.add(x);
 * s.quantile(0.5); // ≈ 0 (rank-interpolated on the sketch), s.min === -2, s.max === 5
 */
export class QuantileSketch {
  readonly relativeAccuracy: number;
  readonly binLimit: number;
  private readonly inner: Inner;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(options: QuantileSketchOptions = {}) {
    this.relativeAccuracy = options.relativeAccuracy ?? 0.01;
    this.binLimit = options.binLimit ?? 2048;
    this.inner = new LogCollapsingLowestDenseDDSketch({
      relativeAccuracy: this.relativeAccuracy,
      binLimit: this.binLimit,
    });
  }

  /** Adds one finite value `weight` times (weight > 0). Non-finite values are ignored (the caller counts them). */
  add(x: number, weight = 1): void {
    if (!(x === x) || x === Infinity || x === -Infinity || !(weight > 0)) return;
    const mapping = this.inner.mapping;
    if (x > mapping.minPossible) this.inner.store.add(mapping.key(x), weight);
    else if (x < -mapping.minPossible) this.inner.negativeStore.add(mapping.key(-x), weight);
    else this.inner.zeroCount += weight;
    this.count += weight;
    this.sum += x * weight;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Adds the contents of `other` into this sketch. Throws if the relative accuracies differ. */
  merge(other: QuantileSketch): void {
    if (other.inner.mapping.gamma !== this.inner.mapping.gamma) {
      throw new RangeError(
        `cannot merge sketches with relativeAccuracy ${this.relativeAccuracy} and ${other.relativeAccuracy}`,
      );
    }
    addStore(this.inner.store, other.inner.store);
    addStore(this.inner.negativeStore, other.inner.negativeStore);
    this.inner.zeroCount += other.inner.zeroCount;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** A deep copy. */
  clone(): QuantileSketch {
    const copy = new QuantileSketch({ relativeAccuracy: this.relativeAccuracy, binLimit: this.binLimit });
    copy.merge(this);
    return copy;
  }

  /**
   * The value at quantile `q` ∈ [0, 1] (lower rank convention of DDSketch: rank q·(n − 1)), clamped to
   * [min, max]; q = 0 and q = 1 return the exact min and max. NaN when empty.
   */
  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return NaN;
    if (q === 0) return this.min;
    if (q === 1) return this.max;
    // The library reads its own `count`, which only its `accept` maintains.
    this.inner.count = this.count;
    const v = this.inner.getValueAtQuantile(q);
    return Math.min(this.max, Math.max(this.min, v));
  }

  /** Mean of the added values (exact up to rounding), NaN when empty. */
  mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /** The non-empty bins in ascending value order; representative values are clamped to [min, max]. */
  bins(): SketchBin[] {
    const out: SketchBin[] = [];
    const mapping = this.inner.mapping;
    const clamp = (v: number): number => Math.min(this.max, Math.max(this.min, v));
    const neg = this.inner.negativeStore;
    for (let key = neg.maxKey; key >= neg.minKey; key--) {
      const c = neg.bins[key - neg.offset];
      if (c > 0) out.push({ value: clamp(-mapping.value(key)), count: c });
    }
    if (this.inner.zeroCount > 0) out.push({ value: 0, count: this.inner.zeroCount });
    const pos = this.inner.store;
    for (let key = pos.minKey; key <= pos.maxKey; key++) {
      const c = pos.bins[key - pos.offset];
      if (c > 0) out.push({ value: clamp(mapping.value(key)), count: c });
    }
    return out;
  }

  /**
   * Estimated fraction of values ≤ x, counting whole bins whose representative value is ≤ x. Exact
   * for x outside [min, max]; inside, the error is at most the mass of the one bin that straddles x.
   */
  cdf(x: number): number {
    if (this.count === 0) return NaN;
    if (x < this.min) return 0;
    if (x >= this.max) return 1;
    let below = 0;
    for (const b of this.bins()) {
      if (b.value > x) break;
      below += b.count;
    }
    return below / this.count;
  }

  /**
   * A deterministic pseudo-sample of `size` values, at mid-quantiles (i + ½)/size of the binned
   * distribution. Feed it to KS / Wasserstein / PSI code that wants samples; each value is within
   * relative α of a true value at that rank (see docs/model-health.md for the induced drift-statistic error).
   */
  approximateSample(size: number): number[] {
    const bins = this.bins();
    const out: number[] = [];
    if (this.count === 0 || size <= 0) return out;
    let bin = 0;
    let cumulative = bins[0].count;
    for (let i = 0; i < size; i++) {
      const rank = ((i + 0.5) / size) * this.count;
      while (cumulative < rank && bin < bins.length - 1) cumulative += bins[++bin].count;
      out.push(bins[bin].value);
    }
    return out;
  }

  /** Compact JSON-safe form. */
  toJSON(): QuantileSketchJson {
    return {
      a: this.relativeAccuracy,
      l: this.binLimit,
      n: this.count,
      s: this.sum,
      mn: this.count > 0 ? this.min : null,
      mx: this.count > 0 ? this.max : null,
      z: this.inner.zeroCount,
      p: storeToJson(this.inner.store),
      ng: storeToJson(this.inner.negativeStore),
    };
  }

  /**
   * Compact binary form for storage: non-empty bins only, as (key delta, count) varint pairs — about 3
   * bytes a bin, where the library's protobuf takes 8 and drops min, max and sum.
   */
  encode(): Uint8Array {
    const w = new ByteWriter();
    w.byte(BINARY_FORMAT_VERSION);
    w.f64(this.relativeAccuracy);
    w.varint(this.binLimit);
    w.f64(this.count);
    w.f64(this.sum);
    w.f64(this.min);
    w.f64(this.max);
    w.f64(this.inner.zeroCount);
    writeStore(w, this.inner.store);
    writeStore(w, this.inner.negativeStore);
    return w.finish();
  }

  /** Rebuilds a sketch written by {@link QuantileSketch.encode}. */
  static decode(bytes: Uint8Array): QuantileSketch {
    const r = new ByteReader(bytes);
    const version = r.byte();
    if (version !== BINARY_FORMAT_VERSION) throw new Error(`QuantileSketch: unknown binary format version ${version}`);
    const s = new QuantileSketch({ relativeAccuracy: r.f64(), binLimit: r.varint() });
    s.readBody(r);
    return s;
  }

  /**
   * Merges an encoded sketch straight into this one, without building it first: reading a 30-day chart
   * merges thousands of stored sketches, and this halves the cost of each.
   */
  mergeEncoded(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    const version = r.byte();
    if (version !== BINARY_FORMAT_VERSION) throw new Error(`QuantileSketch: unknown binary format version ${version}`);
    const accuracy = r.f64();
    r.varint();
    if (accuracy !== this.relativeAccuracy) {
      this.merge(QuantileSketch.decode(bytes));
      return;
    }
    this.readBody(r);
  }

  /** Adds count, sum, min, max and bins from `r` (positioned after the header) into this sketch. */
  private readBody(r: ByteReader): void {
    this.count += r.f64();
    this.sum += r.f64();
    this.min = Math.min(this.min, r.f64());
    this.max = Math.max(this.max, r.f64());
    this.inner.zeroCount += r.f64();
    readStore(r, this.inner.store);
    readStore(r, this.inner.negativeStore);
  }

  /** Rebuilds a sketch written by {@link QuantileSketch.toJSON}; min, max, sum and count survive. */
  static fromJSON(json: QuantileSketchJson): QuantileSketch {
    const s = new QuantileSketch({ relativeAccuracy: json.a, binLimit: json.l });
    storeFromJson(s.inner.store, json.p);
    storeFromJson(s.inner.negativeStore, json.ng);
    s.inner.zeroCount = json.z;
    s.count = json.n;
    s.sum = json.s;
    s.min = json.mn ?? Infinity;
    s.max = json.mx ?? -Infinity;
    return s;
  }
}

function addStore(target: Store, source: Store): void {
  if (source.count === 0) return;
  // Highest and lowest key first, so the target grows its range at most twice.
  const order = source.maxKey === source.minKey ? [source.maxKey] : [source.maxKey, source.minKey];
  for (let key = source.minKey + 1; key < source.maxKey; key++) order.push(key);
  for (const key of order) {
    const c = source.bins[key - source.offset];
    if (c > 0) target.add(key, c);
  }
}

function storeToJson(store: Store): { o: number; c: number[] } {
  if (store.count === 0) return { o: 0, c: [] };
  const c: number[] = [];
  for (let key = store.minKey; key <= store.maxKey; key++) c.push(store.bins[key - store.offset]);
  return { o: store.minKey, c };
}

function storeFromJson(store: Store, json: { o: number; c: number[] }): void {
  const n = json.c.length;
  if (n === 0) return;
  const order = n === 1 ? [0] : [n - 1, 0];
  for (let i = 1; i < n - 1; i++) order.push(i);
  for (const i of order) if (json.c[i] > 0) store.add(json.o + i, json.c[i]);
}

function writeStore(w: ByteWriter, store: Store): void {
  const keys: number[] = [];
  if (store.count > 0)
    for (let key = store.minKey; key <= store.maxKey; key++) if (store.bins[key - store.offset] > 0) keys.push(key);
  w.varint(keys.length);
  let prev = 0;
  for (const key of keys) {
    w.zigzag(key - prev);
    prev = key;
    w.count(store.bins[key - store.offset]);
  }
}

// Scratch space for decoding, reused across calls (decoding is synchronous, so never shared).
let scratchKeys = new Float64Array(1024);
let scratchCounts = new Float64Array(1024);

function readStore(r: ByteReader, store: Store): void {
  const n = r.varint();
  if (n === 0) return;
  if (n > scratchKeys.length) {
    scratchKeys = new Float64Array(n * 2);
    scratchCounts = new Float64Array(n * 2);
  }
  let key = 0;
  for (let i = 0; i < n; i++) {
    key += r.zigzag();
    scratchKeys[i] = key;
    scratchCounts[i] = r.count();
  }
  // Highest and lowest key first, so the store grows its range at most twice (see addStore); the keys
  // between then fall inside its range and go straight into their bins (the hot loop of a 30-day chart).
  store.add(scratchKeys[n - 1]!, scratchCounts[n - 1]!);
  if (n > 1) store.add(scratchKeys[0]!, scratchCounts[0]!);
  for (let i = 1; i < n - 1; i++) {
    const k = scratchKeys[i]!;
    const c = scratchCounts[i]!;
    if (k >= store.minKey && k <= store.maxKey) {
      store.bins[k - store.offset] += c;
      store.count += c;
    } else store.add(k, c);
  }
}

/** Minimal growable little-endian writer: varints for keys and integral counts, f64 otherwise. */
class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  varint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }
  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  /** Integral counts as varint (tag 0), fractional weights as f64 (tag 1). */
  count(c: number): void {
    if (Number.isInteger(c) && c < 2 ** 52) {
      this.varint(c * 2);
    } else {
      this.varint(1);
      this.f64(c);
    }
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

class ByteReader {
  private view: DataView;
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  byte(): number {
    return this.buf[this.pos++]!;
  }
  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  varint(): number {
    let result = 0;
    let mult = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('QuantileSketch: truncated data');
      result += (b & 0x7f) * mult;
      if (b < 0x80) return result;
      mult *= 0x80;
    }
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  count(): number {
    const tag = this.varint();
    return tag === 1 ? this.f64() : tag / 2;
  }
}
