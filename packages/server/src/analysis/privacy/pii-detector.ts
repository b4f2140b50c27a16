import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import ipaddr from 'ipaddr.js';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { PiiKind } from '@vigil/protocol';
import { findCardNumbers } from './card-numbers.js';

/**
 * The personal-data detector: where e-mail addresses, phone numbers, US social security numbers, IBANs, IP
 * addresses and payment card numbers are in a text. Pure (no I/O, no clock). Each kind is found by a cheap
 * candidate pattern and confirmed by a check made for it: libphonenumber-js (full metadata) says a number is a
 * valid number of its country, ibantools checks an IBAN's country, length, BBAN format and mod-97 checksum,
 * ipaddr.js parses addresses (only the dotted-quad IPv4 form: "2130706433" is a number, not an address),
 * card-numbers.ts checks the brand prefix, length and Luhn digit. Measured on the generated corpus
 * (test/fixtures/pii-corpus.jsonl): docs/privacy.md.
 */

/** One finding: the kind and its [start, end) offsets in the text. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

export const PII_KINDS: readonly PiiKind[] = ['email', 'phone', 'ssn', 'iban', 'ip', 'card'];

// Local part and domain per RFC 5321's common subset; the top-level domain is letters, so "pkg@1.2.3" is no address.
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
// SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. Written with dashes or spaces: nine bare
// digits are as likely an order number as an SSN, so they are not taken.
const SSN = /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g;
// Country, check digits, then 11–30 letters or digits: written solid, or in groups of four (the last shorter).
const IBAN =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g;
// Not inside a dotted name or version ("resnet-10.0.0.1", "v1.2.3.4", "1.2.3.4.5").
const IPV4 = /(?<![\w.-])(?:\d{1,3}\.){3}\d{1,3}(?![\w-]|\.\d)/g;
// A four-part version is written like an IPv4 address; the word before it says which it is.
const VERSION_BEFORE = /\b(?:version|release|build|ver|rev|v)\s*[:=]?\s*$/i;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:]|\.\d)/g;
// Seven digits with at most three separators between each: the least a phone number has.
const MAYBE_PHONE = /\d(?:[\s().+-]{0,3}\d){6}/;
// A run that may hold a phone number (on one line): an optional "+" or "(", then digits with spaces, dots, dashes, slashes or
// parentheses between them, 7–30 characters.
const PHONE_RUN = /[+(]?\d[\d \t().\/-]{5,28}\d\)?/g;
/** libphonenumber-js look-ups per text at most (docs/privacy.md). */
export const MAX_PHONE_LOOKUPS = 64;
const ID_BEFORE = /(?:\w|[\w][-_/#])$/;

/**
 * Every personal-data finding of the asked kinds, in text order, without overlaps (an IBAN or a card number is
 * not also reported as the phone number its digits might form).
 * @example findPersonalData('mail ana@example.com', ['email']) // [{ kind: 'email', start: 5, end: 20 }]
 */
export function findPersonalData(text: string, kinds: ReadonlySet<PiiKind> | readonly PiiKind[]): PiiMatch[] {
  const want = kinds instanceof Set ? kinds : new Set(kinds as readonly PiiKind[]);
  const found: PiiMatch[] = [];
  // Most specific first: later kinds skip spans already taken.
  if (want.has('email') && text.includes('@')) collect(found, text, EMAIL, 'email');
  if (want.has('iban')) collect(found, text, IBAN, 'iban', (s) => isValidIBAN(electronicFormatIBAN(s) ?? ''));
  if (want.has('card'))
    for (const [start, end] of findCardNumbers(text)) {
      // The digits of an IBAN-shaped run (valid or not) are an account, not a card.
      if (want.has('iban') && isInsideIbanShape(text, start, end)) continue;
      add(found, { kind: 'card', start, end });
    }
  if (want.has('ssn')) collect(found, text, SSN, 'ssn');
  if (want.has('ip')) {
    if (text.includes('.'))
      collect(
        found,
        text,
        IPV4,
        'ip',
        (s, at) => ipaddr.IPv4.isValidFourPartDecimal(s) && !VERSION_BEFORE.test(text.slice(Math.max(0, at - 12), at)),
      );
    if (text.includes(':')) collect(found, text, IPV6, 'ip', isIpv6);
  }
  if (want.has('phone') && MAYBE_PHONE.test(text)) {
    // The digits of an IBAN-shaped run (valid or not) are an account, not a phone number.
    const accounts = [...text.matchAll(IBAN)].map((m) => [m.index, m.index + m[0].length] as const);
    for (const n of findPhones(text, found)) {
      // Digits glued to a word are part of an id ("ORD-2026-000123", "user_4155552671"), not a number to dial.
      if (ID_BEFORE.test(text.slice(Math.max(0, n.startsAt - 2), n.startsAt)) || /^[\w]/.test(text.slice(n.endsAt)))
        continue;
      if (accounts.some(([a, b]) => n.startsAt < b && a < n.endsAt)) continue;
      add(found, { kind: 'phone', start: n.startsAt, end: n.endsAt });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** True when the text holds personal data of one of the kinds (stops at the first). */
export function hasPersonalData(text: string, kinds: readonly PiiKind[]): boolean {
  return findPersonalData(text, kinds).length > 0;
}

/**
 * libphonenumber-js over each run of digits and phone punctuation only (~90 µs for a whole short text, a few µs
 * per run): the same findings with offsets in the whole text.
 */
function findPhones(text: string, taken: readonly PiiMatch[]): Array<{ startsAt: number; endsAt: number }> {
  const out: Array<{ startsAt: number; endsAt: number }> = [];
  let lookups = 0;
  for (const m of text.matchAll(PHONE_RUN)) {
    // Runs already found as another kind are skipped.
    // Without "+" a number is read as a US one: ten digits, or eleven with the leading 1 (libphonenumber costs
    // ~20 µs a call, so runs that cannot be one are not asked about).
    const digitCount = m[0].replace(/\D/g, '').length;
    if (m[0].startsWith('+') ? digitCount < 8 || digitCount > 15 : digitCount < 10 || digitCount > 11) continue;
    const end = m.index + m[0].length;
    if (taken.some((f) => f.start <= m.index && end <= f.end)) continue;
    // Bounded work per text: a client's 32 K of digit runs must not hold the event loop (~20 µs a look-up). Past
    // the bound, a run shaped like a number is taken as one — masking too much rather than storing a number.
    if (++lookups > MAX_PHONE_LOOKUPS) {
      out.push({ startsAt: m.index, endsAt: end });
      continue;
    }
    // US numbers may be written without +1; other countries need their calling code.
    for (const n of findPhoneNumbersInText(m[0], { defaultCountry: 'US' }))
      out.push({ startsAt: m.index + n.startsAt, endsAt: m.index + n.endsAt });
  }
  return out;
}

function isInsideIbanShape(text: string, start: number, end: number): boolean {
  for (const m of text.matchAll(IBAN)) if (m.index <= start && end <= m.index + m[0].length) return true;
  return false;
}

function isIpv6(s: string): boolean {
  // "::" alone and times like "10:30:00" are not addresses worth a finding; an address has a hex digit and a "::"
  // or all eight groups (or an IPv4 tail).
  if (!/[0-9A-Fa-f]/.test(s)) return false;
  return ipaddr.IPv6.isValid(s);
}

function collect(
  found: PiiMatch[],
  text: string,
  pattern: RegExp,
  kind: PiiKind,
  isValid: (s: string, at: number) => boolean = () => true,
): void {
  for (const m of text.matchAll(pattern)) {
    if (isValid(m[0], m.index)) add(found, { kind, start: m.index, end: m.index + m[0].length });
  }
}

function add(found: PiiMatch[], m: PiiMatch): void {
  for (const f of found) if (m.start < f.end && f.start < m.end) return;
  found.push(m);
}
