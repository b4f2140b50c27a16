/**
 * PCI DSS: a full payment card number is never stored. A run of 13–19 digits (single spaces or dashes between
 * them allowed) with a card brand's prefix and length that passes the Luhn check is masked down to its last
 * four digits before an event is committed: "4111 1111 1111 1111" → "**** **** **** 1111". Other digit runs
 * (order numbers, timestamps, ids) are kept as sent. Like every card-number detector, a numeric id that happens
 * to look like a card (right prefix and length, ~1 in 10 passes Luhn) is masked too; `--redact-card-numbers
 * false` turns this off for a deployment that never sees card data.
 */

/**
 * Cheap pre-check on the serialised event: 13+ digits, separators allowed, starting with a brand's first digit
 * (2–6) and not inside a longer number or a fraction — so epoch-ms timestamps and long decimals skip the walk.
 */
const MAYBE_CARD = /(?<![\d.])[2-6](?:[ -]?\d){12}/;
// A whole run: not touching a letter or digit (then it is part of a token such as a UUID or a hex id), nor a
// separator next to a digit (then it is part of a longer run).
const CANDIDATE = /(?<![\dA-Za-z])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])(?![ -]\d)/g;
const WHOLE_CARD = /^\d(?:[ -]?\d){12,18}$/;

/**
 * Issuer prefixes and lengths of the major brands: Visa, Mastercard, American Express, Discover, JCB, Diners
 * Club, UnionPay.
 */
const BRANDS: Array<[RegExp, number, number]> = [
  [/^4/, 13, 19],
  [/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, 16, 16],
  [/^3[47]/, 15, 15],
  [/^(6011|64[4-9]|65)/, 16, 19],
  [/^35(2[89]|[3-8]\d)/, 16, 19],
  [/^(30[0-5]|36|3[89])/, 14, 19],
  [/^62/, 16, 19],
];

/** True when the digits are a card number: a brand's prefix and length, and a valid Luhn checksum. */
export function isCardNumber(digits: string): boolean {
  return (
    BRANDS.some(([prefix, min, max]) => digits.length >= min && digits.length <= max && prefix.test(digits)) &&
    passesLuhn(digits)
  );
}

/** True when the digits pass the Luhn checksum. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The text with every card number masked to its last four digits, or null when it holds none.
 * @example maskCardNumbers('paid with 4111-1111-1111-1111') // 'paid with ****-****-****-1111'
 */
export function maskCardNumbers(text: string): string | null {
  let changed = false;
  const out = text.replace(CANDIDATE, (run) => {
    if (!isCardNumber(run.replace(/[ -]/g, ''))) return run;
    changed = true;
    return maskCardRun(run);
  });
  return changed ? out : null;
}

/** A card number with every digit but the last four starred, separators kept: "4111 1111 1111 1111" → "**** **** **** 1111". */
export function maskCardRun(run: string): string {
  let keep = 4;
  let masked = '';
  for (let i = run.length - 1; i >= 0; i--) {
    const c = run[i]!;
    if (c === ' ' || c === '-') masked = c + masked;
    else if (keep > 0) {
      masked = c + masked;
      keep--;
    } else masked = `*${masked}`;
  }
  return masked;
}

/**
 * Where the card numbers are in a text, as [start, end) offsets — the personal-data detector's `card` kind.
 * @example findCardNumbers('card 4111 1111 1111 1111.') // [[5, 24]]
 */
export function findCardNumbers(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (!MAYBE_CARD.test(text)) return found;
  for (const m of text.matchAll(CANDIDATE))
    if (isCardNumber(m[0].replace(/[ -]/g, ''))) found.push([m.index, m.index + m[0].length]);
  return found;
}

/** Top-level keys masking leaves alone (`skip`), or masks only when the whole value is a card number (`whole`). */
export interface MaskFields {
  skip?: ReadonlySet<string>;
  whole?: ReadonlySet<string>;
}

/**
 * False when a JSON text cannot hold a card number (the common case), so a batch can skip the per-event walk.
 * Digits, spaces and dashes escaped as \u00XX defeat the pattern, so a text with such escapes answers true.
 */
export function mayHoldCardNumbers(json: string): boolean {
  return MAYBE_CARD.test(json) || /\\u00[23]/i.test(json);
}

/**
 * Masks card numbers in the strings (and integer numbers, which become masked strings) of a parsed JSON value,
 * in place; returns how many values changed. `serialised` is the value's JSON: when it cannot hold a card
 * number (the usual case) nothing is walked.
 */
export function maskCardNumbersIn(value: unknown, serialised: string, fields: MaskFields = {}): number {
  if (!MAYBE_CARD.test(serialised)) return 0;
  return walk(value, fields);
}

function walk(value: unknown, fields: MaskFields): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, v] of entries) {
    if (typeof key === 'string' && fields.skip?.has(key)) continue;
    const text =
      typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) && v >= 1e12 ? String(v) : null;
    let masked = text === null ? null : maskCardNumbers(text);
    if (masked !== null && typeof key === 'string' && fields.whole?.has(key) && !WHOLE_CARD.test(text!)) masked = null;
    if (masked !== null) {
      (value as Record<string | number, unknown>)[key] = masked;
      n++;
    } else if (typeof v === 'object') {
      n += walk(v, {});
    }
  }
  return n;
}
