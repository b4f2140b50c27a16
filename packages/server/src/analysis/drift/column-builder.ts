import { ByteCategoryCounter } from './byte-category-counter.js';
import type { DecimalValues } from './decimal-values.js';
import { createDecimalParts, isMissingBytes, POW10, readNumberBytes } from './number-bytes.js';

/**
 * Turns cells (bytes or text) into ColumnData, for readers of tabular files (the CLI's CSV/JSONL reader).
 * Pure: no I/O. Numbers go straight into a growing Float64Array, or into integers with one decimal scale while
 * every value is a short decimal; categories are counted by their bytes, so no string is created per cell.
 */

const MAX_SCALE = 9;
const INT32_LIMIT = 2 ** 31 - 1;

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
  /** The exact decimal form of the cell parsed last (this column's own, never shared). */
  readonly #parsed = createDecimalParts();

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
      const p = this.#parsed;
      const v = readNumberBytes(buf, start, end, p);
      if (v === v) {
        if (this.ints !== null && p.isExact) this.pushDecimal(v, p.mant, p.exp10, p.trailingZeros);
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
