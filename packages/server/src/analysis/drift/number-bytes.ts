/**
 * Reading cells of tabular files as bytes: the missing-value tokens and a decimal parser that gives the exact
 * double and, for short decimals, the exact decimal form. Pure.
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

export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The exact decimal form of the last number {@link readNumberBytes} parsed into it: when `isExact`, the value
 * is (±mant)·10^exp10 exactly, and `trailingZeros` fraction zeros reached the mantissa. The caller owns it
 * (one per column reader), so no object is made per cell.
 */
export interface DecimalParts {
  isExact: boolean;
  mant: number;
  exp10: number;
  trailingZeros: number;
}

export function createDecimalParts(): DecimalParts {
  return { isExact: false, mant: 0, exp10: 0, trailingZeros: 0 };
}

/**
 * Parses a decimal number `[+-]digits[.digits][(e|E)[+-]digits]` (spaces around allowed) from bytes.
 * Up to 15 significant digits and |exponent| <= 22, one exact-rounded multiply or divide gives the
 * correctly rounded double (Clinger's fast path); anything longer goes through Number(). Returns NaN
 * when the bytes are not such a number (inf, hex, 1,5 … are not numbers here).
 * @example parseNumberBytes(Buffer.from('-1.50e2'), 0, 7) // -150
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  return readNumberBytes(buf, start, end, scratch);
}

const scratch = createDecimalParts();

/** {@link parseNumberBytes}, also writing the number's exact decimal form into `parts` (see DecimalParts). */
export function readNumberBytes(buf: Uint8Array, start: number, end: number, parts: DecimalParts): number {
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
  parts.isExact = !(sig > 15 || exp10 > 22 || exp10 < -22);
  if (!parts.isExact) {
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
    parts.mant = negative ? -mant : mant;
    parts.exp10 = exp10;
    // Trailing fraction zeros that reached the mantissa (they did when the value is non-zero and short).
    parts.trailingZeros = tz;
  }
  return v;
}
