import { hashBoolean, hashNumber, hashOut, hashString } from './value-hash.js';

/** Rank bits: the register stores leading zeros + 1 of a 32-bit word, so values run 0 … Q + 1. */
const Q = 32;

/** JSON form: precision and base64 registers, dense (`d`) or sparse (`s`: uint16 index, uint8 value pairs). */
export interface HyperLogLogJson {
  p: number;
  d?: string;
  s?: string;
}

/**
 * HyperLogLog distinct-count sketch (Flajolet et al. 2007) with Ertl's improved estimator (2017), which
 * is unbiased from 0 to billions without empirical bias tables. With precision p there are m = 2^p
 * one-byte registers and the relative standard error is 1.04/√m: 1.63 % for the default p = 12 (4 KiB).
 * Merge is the register-wise max, so it is exactly associative, commutative and idempotent.
 *
 * The hash is effectively 44 bits (p index bits + a 32-bit rank word), so hash collisions add a bias of
 * about n/2^45 relative — under 0.003 % at n = 10^9.
 *
 * @example
 * const h = new HyperLogLog();
 * for (let i = 0; i < 1000; i++) h.addNumber(i % 100);
 * h.estimate(); // ≈ 100 (± 1.6 % standard error)
 */
export class HyperLogLog {
  readonly precision: number;
  readonly registers: Uint8Array;
  private readonly shift: number;

  constructor(precision = 12) {
    if (!Number.isInteger(precision) || precision < 4 || precision > 16)
      throw new RangeError(`HyperLogLog precision must be an integer in 4…16, got ${precision}`);
    this.precision = precision;
    this.registers = new Uint8Array(1 << precision);
    this.shift = 32 - precision;
  }

  /** Relative standard error 1.04/√m of the estimate. */
  get standardError(): number {
    return 1.04 / Math.sqrt(this.registers.length);
  }

  addNumber(x: number): void {
    hashNumber(x);
    this.addHashes(hashOut.h1, hashOut.h2);
  }

  addString(s: string): void {
    hashString(s);
    this.addHashes(hashOut.h1, hashOut.h2);
  }

  addBoolean(v: boolean): void {
    hashBoolean(v);
    this.addHashes(hashOut.h1, hashOut.h2);
  }

  /** Adds a value already hashed into two 32-bit words. */
  addHashes(h1: number, h2: number): void {
    const index = h1 >>> this.shift;
    const rank = Math.clz32(h2) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  /** Register-wise max of `other` into this sketch; precisions must match. */
  merge(other: HyperLogLog): void {
    if (other.precision !== this.precision)
      throw new RangeError(`cannot merge HyperLogLog precisions ${this.precision} and ${other.precision}`);
    const r = this.registers;
    const o = other.registers;
    for (let i = 0; i < r.length; i++) if (o[i] > r[i]) r[i] = o[i];
  }

  clone(): HyperLogLog {
    const copy = new HyperLogLog(this.precision);
    copy.registers.set(this.registers);
    return copy;
  }

  /** Estimated number of distinct values added (Ertl 2017, "improved raw estimator", Algorithm 6). */
  estimate(): number {
    const m = this.registers.length;
    const c = new Array<number>(Q + 2).fill(0);
    for (let i = 0; i < m; i++) c[this.registers[i]]++;
    if (c[0] === m) return 0;
    let z = m * tau(1 - c[Q + 1] / m);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + c[k]);
    z += m * sigma(c[0] / m);
    return (m * m) / (2 * Math.LN2 * z);
  }

  toJSON(): HyperLogLogJson {
    const r = this.registers;
    let nonZero = 0;
    for (let i = 0; i < r.length; i++) if (r[i] !== 0) nonZero++;
    if (nonZero * 3 >= r.length) return { p: this.precision, d: Buffer.from(r).toString('base64') };
    const sparse = new Uint8Array(nonZero * 3);
    let j = 0;
    for (let i = 0; i < r.length; i++) {
      if (r[i] === 0) continue;
      sparse[j++] = i >>> 8;
      sparse[j++] = i & 0xff;
      sparse[j++] = r[i];
    }
    return { p: this.precision, s: Buffer.from(sparse).toString('base64') };
  }

  static fromJSON(json: HyperLogLogJson): HyperLogLog {
    const h = new HyperLogLog(json.p);
    if (json.d !== undefined) {
      const bytes = Buffer.from(json.d, 'base64');
      if (bytes.length !== h.registers.length)
        throw new RangeError(`HyperLogLog register block has ${bytes.length} bytes, expected ${h.registers.length}`);
      h.registers.set(bytes);
    } else if (json.s !== undefined) {
      const bytes = Buffer.from(json.s, 'base64');
      for (let j = 0; j + 2 < bytes.length; j += 3) h.registers[(bytes[j] << 8) | bytes[j + 1]] = bytes[j + 2];
    }
    return h;
  }
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z !== previous);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (z !== previous);
  return z / 3;
}
