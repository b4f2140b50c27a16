import { createHmac } from 'node:crypto';
import { electronicFormatIBAN } from 'ibantools';
import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Event, PiiAction, PiiKind, PiiPolicy } from '@vigil/protocol';
import { maskCardRun } from './card-numbers.js';
import { findPersonalData, PII_KINDS } from './pii-detector.js';

/**
 * Applies a personal-data policy (docs/privacy.md) to a text or to an event's features, tags and LLM text, in
 * place, before the event is stored. Pure: the hashing key is passed in.
 */

/** A policy ready to apply: the kinds it acts on. Null from {@link compilePiiPolicy} when it keeps everything. */
export interface CompiledPiiPolicy {
  kinds: readonly PiiKind[];
  actions: Readonly<Partial<Record<PiiKind, PiiAction>>>;
  fields: PiiPolicy['fields'];
  /** The HMAC-SHA-256 key of the `hash` action (the secrets key). */
  hashKey: Buffer;
}

/** The built-in default before InfoSec saves one: card numbers masked (PCI DSS), everything else kept. */
export const BUILT_IN_PII_POLICY: PiiPolicy = {
  actions: { card: 'mask' },
  fields: { features: true, tags: true, llmText: true },
};

const TOKEN: Record<PiiKind, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  ssn: 'SSN',
  iban: 'IBAN',
  ip: 'IP',
  card: 'CARD',
};

/** @example compilePiiPolicy({ actions: { email: 'mask' }, fields }, key)?.kinds // ['email'] */
export function compilePiiPolicy(policy: PiiPolicy, hashKey: Buffer): CompiledPiiPolicy | null {
  const kinds = PII_KINDS.filter((k) => (policy.actions[k] ?? 'keep') !== 'keep');
  if (kinds.length === 0 || !(policy.fields.features || policy.fields.tags || policy.fields.llmText)) return null;
  return { kinds, actions: policy.actions, fields: policy.fields, hashKey };
}

/** What a policy made of a text: the text to store (null: drop it) and how many findings it acted on. */
export interface RedactedText {
  text: string | null;
  findings: number;
}

/**
 * @example redactText('mail ana@example.com', compiled) // { text: 'mail a***@example.com', findings: 1 }
 */
export function redactText(text: string, policy: CompiledPiiPolicy): RedactedText {
  const found = findPersonalData(text, policy.kinds);
  if (found.length === 0) return { text, findings: 0 };
  let out = '';
  let at = 0;
  for (const f of found) {
    const action = policy.actions[f.kind]!;
    if (action === 'drop') return { text: null, findings: found.length };
    const value = text.slice(f.start, f.end);
    out += text.slice(at, f.start) + replace(f.kind, action, value, policy.hashKey);
    at = f.end;
  }
  return { text: out + text.slice(at), findings: found.length };
}

/**
 * Applies the policy to an event's string features, tag values and `llm.prompt`/`llm.response`, in place;
 * a `drop` removes the feature, the tag or the text. Returns how many findings it acted on.
 */
export function redactEvent(event: Event, policy: CompiledPiiPolicy): number {
  let n = 0;
  if (policy.fields.features && event.features) n += redactMap(event.features as Record<string, unknown>, policy);
  if (policy.fields.tags && event.tags) n += redactMap(event.tags, policy);
  if (policy.fields.llmText && event.llm) {
    for (const key of ['prompt', 'response'] as const) {
      const text = event.llm[key];
      if (typeof text !== 'string') continue;
      const r = redactText(text, policy);
      if (r.findings === 0) continue;
      n += r.findings;
      if (r.text === null) delete event.llm[key];
      else event.llm[key] = r.text;
    }
  }
  return n;
}

function redactMap(map: Record<string, unknown>, policy: CompiledPiiPolicy): number {
  let n = 0;
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') continue;
    const r = redactText(value, policy);
    if (r.findings === 0) continue;
    n += r.findings;
    if (r.text === null) delete map[key];
    else map[key] = r.text;
  }
  return n;
}

function replace(kind: PiiKind, action: PiiAction, value: string, hashKey: Buffer): string {
  if (action === 'token') return `[${TOKEN[kind]}]`;
  if (action === 'hash') {
    const digest = createHmac('sha256', hashKey)
      .update(`${kind}:${normalise(kind, value)}`)
      .digest('hex');
    // 64 bits: collisions among a deployment's distinct values are negligible, and the stored text stays short.
    return `[${TOKEN[kind]}:${digest.slice(0, 16)}]`;
  }
  return mask(kind, value);
}

/** One spelling per value, so "+1 (415) 555-2671" and "415.555.2671" hash alike. */
function normalise(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email':
      return value.toLowerCase();
    case 'phone':
      return parsePhoneNumberFromString(value, 'US')?.number ?? value.replace(/\D/g, '');
    case 'iban':
      return electronicFormatIBAN(value) ?? value;
    case 'ip':
      return ipaddr.parse(value).toNormalizedString();
    default:
      return value.replace(/\D/g, '');
  }
}

function mask(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email': {
      const at = value.indexOf('@');
      return `${value[0]}***${value.slice(at)}`;
    }
    case 'card':
      return maskCardRun(value);
    case 'ip': {
      if (value.includes(':')) return `${value.split(':')[0]}:*`;
      const [a, b] = value.split('.');
      return `${a}.${b}.*.*`;
    }
    case 'iban':
      return starAllBut(value, 2, 4);
    default:
      // Phone numbers keep their last two digits, SSNs their last four; separators stay.
      return starAllBut(value, 0, kind === 'ssn' ? 4 : 2);
  }
}

/** Stars every letter or digit but the first `head` and the last `tail` ones; other characters stay. */
function starAllBut(value: string, head: number, tail: number): string {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) if (/[A-Za-z0-9]/.test(value[i]!)) positions.push(i);
  const chars = [...value];
  positions.forEach((p, k) => {
    if (k >= head && k < positions.length - tail) chars[p] = '*';
  });
  return chars.join('');
}
