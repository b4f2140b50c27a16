/** An exact non-negative fraction `num / den` with bigint parts (den > 0). */
export interface ExactRatio {
  num: bigint;
  den: bigint;
}

/**
 * Reads a number as the decimal it is written as, exactly: 99.9 → 999/10, 0.0144 → 144/10000.
 * JavaScript prints the shortest decimal that round-trips, so this recovers what a user typed and
 * avoids binary artefacts such as 1 − 0.999 = 0.0010000000000000009.
 * @example toExactRatio(99.95) // { num: 9995n, den: 100n }
 */
export function toExactRatio(value: number | string): ExactRatio {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || (match[2] === '' && !match[3]) || !Number.isFinite(Number(text))) {
    throw new RangeError(`not a finite decimal number: "${text}"`);
  }
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  const exponent = Number(exponentText);
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  if (sign) num = -num;
  return reduceRatio({ num, den });
}

/** Divides out the greatest common divisor. */
export function reduceRatio(r: ExactRatio): ExactRatio {
  let a = r.num < 0n ? -r.num : r.num;
  let b = r.den;
  while (b !== 0n) [a, b] = [b, a % b];
  return a <= 1n ? r : { num: r.num / a, den: r.den / a };
}

/** −1, 0 or 1 as a < b, a = b, a > b; exact. */
export function compareRatios(a: ExactRatio, b: ExactRatio): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** a × b, exact. */
export function multiplyRatios(a: ExactRatio, b: ExactRatio): ExactRatio {
  return reduceRatio({ num: a.num * b.num, den: a.den * b.den });
}

/** The nearest double to the fraction (one rounding, at the end). */
export function ratioToNumber(r: ExactRatio): number {
  const negative = r.num < 0n;
  const num = negative ? -r.num : r.num;
  const whole = num / r.den;
  const rest = num % r.den;
  // Scale the remainder to 20 significant digits before the single float conversion.
  const scaled = (rest * 10n ** 20n) / r.den;
  const value = Number(whole) + Number(scaled) / 1e20;
  return negative ? -value : value;
}
