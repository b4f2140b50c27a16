import { sortInt32 } from './float64-radix-sort.js';

/**
 * Turns cells (bytes or text) into ColumnData, for readers of tabular files (the CLI's CSV/JSONL reader).
 * Pure: no I/O. Numbers go straight into a growing Float64Array; categories are counted by their bytes
 * in an open-addressing table, so no string is created per cell.
 */

/** Tokens read as missing (case-sensitive), besides the empty field and JSON null. */
export const MISSING_TOKENS = ['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None'];
const MISSING_BYTES = MISSING_TOKENS.map((t) => Buffer.from(t, 'latin1'));

export function isMissingBytes(buf: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  if (len === 0) return true;
  if (len > 4) return false;
  const c = buf[start];
  if (c !== 0x4e && c !== 0x6e) return false; // N or n: every token starts with one
  outer: for (const t of MISSING_BYTES) {
    if (t.length !== len) continue;
    for (let i = 0; i < len; i++) if (t[i] !== buf[start + i]) continue outer;
    return true;
  }
  return false;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Side results of the last parseNumberBytes call: when `fast`, the value is (±mant)·10^exp10 exactly. */
export const lastParse = { fast: false, mant: 0, exp10: 0, trailingZeros: 0 };

/**
 * Parses a decimal number `[+-]digits[.digits][(e|E)[+-]digits]` (spaces around allowed) from bytes.
 * Up to 15 significant digits and |exponent| <= 22, one exact-rounded multiply or divide gives the
 * correctly rounded double (Clinger's fast path); anything longer goes through Number(). Returns NaN
 * when the bytes are not such a number (inf, hex, 1,5 … are not numbers here).
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i] === 0x20) i++;
  let stop = end;
  while (stop > i && buf[stop - 1] === 0x20) stop--;
  let negative = false;
  if (i < stop && (buf[i] === 0x2d || buf[i] === 0x2b)) {
    negative = buf[i] === 0x2d;
    i++;
  }
  let mant = 0;
  let sig = 0;
  let digits = 0;
  let exp10 = 0;
  let c = 0;
  while (i < stop && (c = buf[i] - 0x30) >= 0 && c <= 9) {
    if (mant !== 0 || c !== 0) {
      if (sig < 15) mant = mant * 10 + c;
      else exp10++;
      sig++;
    }
    digits++;
    i++;
  }
  let tz = 0;
  if (i < stop && buf[i] === 0x2e) {
    i++;
    while (i < stop && (c = buf[i] - 0x30) >= 0 && c <= 9) {
      tz = c === 0 ? tz + 1 : 0;
      if (mant !== 0 || c !== 0) {
        if (sig < 15) {
          mant = mant * 10 + c;
          exp10--;
        }
        sig++;
      } else {
        exp10--;
      }
      digits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < stop && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let eNeg = false;
    if (i < stop && (buf[i] === 0x2d || buf[i] === 0x2b)) {
      eNeg = buf[i] === 0x2d;
      i++;
    }
    let e = 0;
    let eDigits = 0;
    while (i < stop && (c = buf[i] - 0x30) >= 0 && c <= 9) {
      if (e < 100000) e = e * 10 + c;
      eDigits++;
      i++;
    }
    if (eDigits === 0) return NaN;
    exp10 += eNeg ? -e : e;
  }
  if (i !== stop) return NaN;
  let v: number;
  lastParse.fast = !(sig > 15 || exp10 > 22 || exp10 < -22);
  if (!lastParse.fast) {
    v = Number(
      Buffer.from(buf.buffer, buf.byteOffset + start, end - start)
        .toString('latin1')
        .trim(),
    );
    // 1e400 would become Infinity; only finite numbers make a numerical column.
    if (!Number.isFinite(v)) return NaN;
  } else {
    v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
    if (negative) v = -v;
    lastParse.mant = negative ? -mant : mant;
    lastParse.exp10 = exp10;
    // Trailing fraction zeros that reached the mantissa (they did when the value is non-zero and short).
    lastParse.trailingZeros = tz;
  }
  return v;
}

/** Counts distinct byte strings. */
export class ByteCategoryCounter {
  private slots = new Int32Array(1024).fill(-1);
  private hashes = new Uint32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private countsArr = new Float64Array(64);
  readonly labels: string[] = [];

  add(buf: Uint8Array, start: number, end: number): void {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const e = this.slots[slot];
      if (e < 0) break;
      if (this.hashes[e] === h && this.lengths[e] === len) {
        const s = this.starts[e];
        let same = true;
        for (let i = 0; i < len; i++) {
          if (this.arena[s + i] !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.countsArr[e]++;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    this.insert(slot, h, buf, start, end);
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): void {
    const e = this.labels.length;
    const len = end - start;
    if (e === this.hashes.length) {
      const grow = <T extends Uint32Array | Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.countsArr = grow(this.countsArr);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const b = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      b.set(this.arena);
      this.arena = b;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.hashes[e] = h;
    this.starts[e] = this.arenaUsed;
    this.lengths[e] = len;
    this.countsArr[e] = 1;
    this.arenaUsed += len;
    this.slots[slot] = e;
    this.labels.push(Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('utf8'));
    if (this.labels.length * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.labels.length; e++) {
      let slot = this.hashes[e] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }

  addText(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.add(b, 0, b.length);
  }

  toMap(): Map<string, number> {
    const m = new Map<string, number>();
    for (let e = 0; e < this.labels.length; e++) m.set(this.labels[e], this.countsArr[e]);
    return m;
  }
}

const MAX_SCALE = 9;
const INT32_LIMIT = 2 ** 31 - 1;

/**
 * A numerical column stored as integers m with value = m / 10^scale: half the memory of float64 and a
 * 3-pass integer radix sort. Exact: parsing "d.ddd" gives the correctly rounded m'/10^k, and m/10^scale
 * is the same rational, so the same double. Values must be read back through {@link decimalToSortedFloat64}.
 */
export interface DecimalValues {
  ints: Int32Array;
  scale: number;
}

/** One column being read: numerical until a value fails to parse, then categorical. */
export class ColumnBuilder {
  /** Float64 storage, used once a value does not fit the decimal form. */
  values: Float64Array = new Float64Array(0);
  /** Decimal storage while every value is a short decimal (null after switching to float64). */
  ints: Int32Array | null;
  scale = 0;
  private maxAbs = 0;
  size = 0;
  missing = 0;
  readonly counter = new ByteCategoryCounter();
  /** Set when a non-numeric value arrived after numbers: the file must be re-read for this column. */
  flipped = false;

  constructor(
    readonly name: string,
    public categorical: boolean,
    capacity: number,
  ) {
    this.ints = categorical ? null : new Int32Array(Math.max(capacity, 16));
  }

  /** Grows the storage to at least `capacity` (no-op for categorical columns). */
  reserve(capacity: number): void {
    if (this.categorical) return;
    if (this.ints) {
      if (capacity <= this.ints.length) return;
      const b = new Int32Array(capacity);
      b.set(this.ints.subarray(0, this.size));
      this.ints = b;
    } else if (capacity > this.values.length) {
      const b = new Float64Array(capacity);
      b.set(this.values.subarray(0, this.size));
      this.values = b;
    }
  }

  private switchToFloat(): void {
    const ints = this.ints!;
    const f = new Float64Array(Math.max(ints.length, 16));
    const p = 10 ** this.scale;
    for (let i = 0; i < this.size; i++) f[i] = ints[i] / p;
    this.values = f;
    this.ints = null;
  }

  addNumber(v: number): void {
    if (this.ints) this.switchToFloat();
    this.pushFloat(v);
  }

  private pushFloat(v: number): void {
    if (this.size === this.values.length) this.reserve(Math.ceil(this.values.length * 1.5) + 16);
    this.values[this.size++] = v;
  }

  /** Appends v = m·10^e, whose last `tz` fraction digits were zeros. */
  private pushDecimal(v: number, m: number, e: number, tz: number): void {
    if (e > 0) {
      m *= 10 ** e;
      e = 0;
    }
    // Trailing zeros ("0.50") would raise the scale for nothing.
    if (tz > 0 && e < 0 && m !== 0) {
      const drop = Math.min(tz, -e);
      m /= POW10[drop];
      e += drop;
    }
    const d = -e;
    if (d > this.scale) {
      if (d > MAX_SCALE || this.maxAbs * 10 ** (d - this.scale) > INT32_LIMIT) {
        this.switchToFloat();
        this.pushFloat(v);
        return;
      }
      const f = 10 ** (d - this.scale);
      const ints = this.ints!;
      for (let i = 0; i < this.size; i++) ints[i] *= f;
      this.maxAbs *= f;
      this.scale = d;
    } else if (d < this.scale) {
      m *= POW10[this.scale - d];
    }
    const a = m < 0 ? -m : m;
    if (a > INT32_LIMIT) {
      this.switchToFloat();
      this.pushFloat(v);
      return;
    }
    if (a > this.maxAbs) this.maxAbs = a;
    if (this.size === this.ints!.length) this.reserve(Math.ceil(this.ints!.length * 1.5) + 16);
    this.ints![this.size++] = m;
  }

  /** Adds one CSV cell given as bytes. */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    if (this.ints !== null) {
      // Fast path for the common cell of a decimal column, "[-]digits[.digits]" with at most 15 digits:
      // m and the scale straight from the bytes. Anything else takes the general path below.
      let i = start;
      let neg = false;
      if (i < end && buf[i] === 0x2d) {
        neg = true;
        i++;
      }
      let m = 0;
      let digits = 0;
      let d = 0;
      let tz = 0;
      let c = 0;
      while (i < end && (c = buf[i] - 0x30) >= 0 && c <= 9) {
        m = m * 10 + c;
        digits++;
        i++;
      }
      if (i < end && buf[i] === 0x2e) {
        i++;
        while (i < end && (c = buf[i] - 0x30) >= 0 && c <= 9) {
          m = m * 10 + c;
          tz = c === 0 ? tz + 1 : 0;
          digits++;
          d++;
          i++;
        }
      }
      if (i === end && digits > 0 && digits <= 15) {
        const v = d === 0 ? m : m / POW10[d];
        this.pushDecimal(neg ? -v : v, neg ? -m : m, -d, tz);
        return;
      }
    }
    if (isMissingBytes(buf, start, end)) {
      this.missing++;
      return;
    }
    if (!this.categorical) {
      const v = parseNumberBytes(buf, start, end);
      if (v === v) {
        if (this.ints !== null && lastParse.fast)
          this.pushDecimal(v, lastParse.mant, lastParse.exp10, lastParse.trailingZeros);
        else if (this.ints !== null) this.addNumber(v);
        else this.pushFloat(v);
        return;
      }
      this.flipToCategorical();
    }
    this.counter.add(buf, start, end);
  }

  addText(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.addBytes(b, 0, b.length);
  }

  flipToCategorical(): void {
    this.categorical = true;
    this.flipped = this.size > 0;
    this.values = new Float64Array(0);
    this.ints = null;
    this.size = 0;
  }

  /** The numerical values read: decimal form when every value fitted, else float64. */
  numerical(): DecimalValues | Float64Array {
    return this.ints
      ? { ints: this.ints.subarray(0, this.size), scale: this.scale }
      : this.values.subarray(0, this.size);
  }
}

/**
 * Sorts the integers in place and returns the values as a sorted Float64Array (m / 10^scale), written
 * into `into` when it is large enough (callers reuse one buffer column after column).
 * @example decimalToSortedFloat64({ ints: Int32Array.of(25, -5), scale: 1 }) // [-0.5, 2.5]
 */
export function decimalToSortedFloat64(d: DecimalValues, into?: Float64Array): Float64Array {
  sortInt32(d.ints);
  const out = into && into.length >= d.ints.length ? into.subarray(0, d.ints.length) : new Float64Array(d.ints.length);
  if (d.scale === 0) {
    for (let i = 0; i < out.length; i++) out[i] = d.ints[i];
  } else {
    const p = 10 ** d.scale;
    for (let i = 0; i < out.length; i++) out[i] = d.ints[i] / p;
  }
  return out;
}
