import { DDSketch } from '@datadog/sketches-js';

const RELATIVE_ACCURACY = 0.01;
const FORMAT_VERSION = 1;

/**
 * A DDSketch (1% relative accuracy) that also keeps exact count, sum, min and max through merge and
 * serialisation. It works around two gaps of @datadog/sketches-js 2.x: `merge()` ignores the
 * negative store, and `fromProto()` drops min, max and sum. Its own compact codec stores only
 * non-empty bins as (key delta, count) varint pairs, ~3 bytes a bin instead of the proto's 8.
 *
 * @example
 *   const s = new QuantileSketch(); s.add(12.5); s.add(0);
 *   s.quantile(0.99); QuantileSketch.decode(s.encode()).max === 12.5
 */
export class QuantileSketch {
  private sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number, weight = 1): void {
    if (!Number.isFinite(value)) return;
    this.sketch.accept(value, weight);
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    const a = this.sketch as unknown as SketchInternals;
    const b = other.sketch as unknown as SketchInternals;
    a.store.merge(b.store);
    a.negativeStore.merge(b.negativeStore);
    a.zeroCount += b.zeroCount;
    a.count += b.count;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Value at quantile q ∈ [0, 1], within 1% relative error, clamped to the exact [min, max]; null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const v = this.sketch.getValueAtQuantile(q);
    return Math.min(this.max, Math.max(this.min, v));
  }

  mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  encode(): Uint8Array {
    const s = this.sketch as unknown as SketchInternals;
    const w = new ByteWriter();
    w.byte(FORMAT_VERSION);
    w.f64(this.count);
    w.f64(this.sum);
    w.f64(this.min);
    w.f64(this.max);
    w.f64(s.zeroCount);
    writeStore(w, s.store);
    writeStore(w, s.negativeStore);
    return w.finish();
  }

  static decode(bytes: Uint8Array): QuantileSketch {
    const r = new ByteReader(bytes);
    const version = r.byte();
    if (version !== FORMAT_VERSION) throw new Error(`QuantileSketch: unknown format version ${version}`);
    const out = new QuantileSketch();
    out.count = r.f64();
    out.sum = r.f64();
    out.min = r.f64();
    out.max = r.f64();
    const s = out.sketch as unknown as SketchInternals;
    s.zeroCount = r.f64();
    const positive = readStore(r, s.store);
    const negative = readStore(r, s.negativeStore);
    s.count = s.zeroCount + positive + negative;
    return out;
  }
}

interface DenseStoreInternals {
  bins: number[];
  count: number;
  minKey: number;
  maxKey: number;
  offset: number;
  add(key: number, weight?: number): void;
  merge(other: DenseStoreInternals): void;
}
interface SketchInternals {
  store: DenseStoreInternals;
  negativeStore: DenseStoreInternals;
  zeroCount: number;
  count: number;
}

function writeStore(w: ByteWriter, store: DenseStoreInternals): void {
  const pairs: number[] = [];
  if (store.count > 0) {
    for (let key = store.minKey; key <= store.maxKey; key++) {
      const c = store.bins[key - store.offset] ?? 0;
      if (c > 0) pairs.push(key, c);
    }
  }
  w.varint(pairs.length / 2);
  let prev = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    w.zigzag(pairs[i]! - prev);
    prev = pairs[i]!;
    w.count(pairs[i + 1]!);
  }
}

function readStore(r: ByteReader, store: DenseStoreInternals): number {
  const n = r.varint();
  let key = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    key += r.zigzag();
    const c = r.count();
    store.add(key, c);
    total += c;
  }
  return total;
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
