/**
 * Exact money and ratio arithmetic for the ROI calculator: amounts are integer cents (bigint), ratios are
 * bigint fractions, and rounding happens once, half away from zero, when a figure is shown.
 */

/** An exact fraction num/den with den > 0. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

/** A money or count figure given as a number or a string like "$120K", "1.15M", "50,000". */
export type AmountInput = number | string;

export class AmountParseError extends Error {}

const AMOUNT = /^\$?\s*(\d+(?:\.\d+)?)\s*([kKmMbB])?$/;
const SUFFIX: Record<string, number> = { k: 3, m: 6, b: 9 };

/**
 * Parses a non-negative decimal (number or "$1.15M"-style string) to an exact fraction, never through
 * binary floating point arithmetic: 0.1 stays 1/10.
 * @example parseDecimal('$1.15M') // { num: 1150000n, den: 1n }
 */
export function parseDecimal(value: AmountInput): Fraction {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new AmountParseError(`must be a finite number >= 0, got ${value}`);
    // Number#toString gives the shortest decimal that round-trips, so 0.1 reads as "0.1"; exponents are expanded.
    text = value.toString().includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : value.toString();
  } else if (typeof value === 'string') {
    text = value.trim().replaceAll(',', '').replaceAll('_', '');
  } else {
    throw new AmountParseError(`must be a number or a string like "$120K", got ${JSON.stringify(value)}`);
  }
  const m = AMOUNT.exec(text);
  if (!m)
    throw new AmountParseError(`"${String(value)}" is not an amount; use e.g. 120000, "120000.50", "$120K" or "1.15M"`);
  const [whole, frac = ''] = m[1]!.split('.');
  const exp = m[2] ? SUFFIX[m[2].toLowerCase()]! : 0;
  return reduce({ num: BigInt(whole! + frac) * 10n ** BigInt(exp), den: 10n ** BigInt(frac.length) });
}

/** Converts an exact amount of dollars to cents; throws when it has fractions of a cent. */
export function dollarsToCents(f: Fraction): bigint {
  const n = f.num * 100n;
  if (n % f.den !== 0n) throw new AmountParseError('has more than 2 decimals (fractions of a cent)');
  return n / f.den;
}

export function reduce(f: Fraction): Fraction {
  if (f.den === 0n) throw new RangeError('division by zero');
  const sign = f.den < 0n ? -1n : 1n;
  const g = gcd(f.num < 0n ? -f.num : f.num, f.den < 0n ? -f.den : f.den);
  return g === 0n ? { num: 0n, den: 1n } : { num: (sign * f.num) / g, den: (sign * f.den) / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Rounds a fraction to an integer, half away from zero. */
export function roundHalfAway(f: Fraction): bigint {
  const r = reduce(f);
  const neg = r.num < 0n;
  const abs = neg ? -r.num : r.num;
  const q = (2n * abs + r.den) / (2n * r.den);
  return neg ? -q : q;
}

/** Rounds a fraction to `decimals` places and returns it as a JS number (for display and JSON). */
export function fractionToNumber(f: Fraction, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = roundHalfAway({ num: f.num * scale, den: f.den });
  return Number(scaled) / Number(scale);
}

/** The number of decimal places a stated figure was given with (400 → 0, 3.5 → 1, 1/3 → 12). */
export function decimalsOf(f: Fraction): number {
  for (let d = 0; d < 12; d++) if ((f.num * 10n ** BigInt(d)) % f.den === 0n) return d;
  return 12;
}

/** Cents as a JS number of dollars (exact for amounts below 2^53 cents). */
export function centsToDollars(cents: bigint): number {
  return Number(cents) / 100;
}

/**
 * Formats cents as US dollars with thousands separators.
 * @example formatUsd(115000000n) // "$1,150,000.00"
 */
export function formatUsd(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '−' : ''}$${whole}.${frac}`;
}

/** Formats an exact fraction with a fixed number of decimals (half away from zero). */
export function formatFraction(f: Fraction, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = roundHalfAway({ num: f.num * scale, den: f.den });
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const whole = (abs / scale).toString();
  const frac = decimals > 0 ? `.${(abs % scale).toString().padStart(decimals, '0')}` : '';
  return `${neg ? '−' : ''}${whole}${frac}`;
}
