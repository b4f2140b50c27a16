import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, PiiPolicy } from '@vigil/protocol';
import { compilePiiPolicy, redactEvent, redactText } from './pii-redaction.js';

const key = Buffer.alloc(32, 7);
const fields = { features: true, tags: true, llmText: true };
const all = (action: 'mask' | 'token' | 'hash' | 'drop'): PiiPolicy => ({
  actions: { email: action, phone: action, ssn: action, iban: action, ip: action, card: action },
  fields,
});
const compiled = (p: PiiPolicy) => compilePiiPolicy(p, key)!;

test('mask keeps a recognisable part of each kind and hides the rest', () => {
  const p = compiled(all('mask'));
  const cases: Array<[string, string]> = [
    ['mail ana.quill@example.com', 'mail a***@example.com'],
    ['call (415) 555-0123', 'call (***) ***-**23'],
    ['ssn 123-45-6789', 'ssn ***-**-6789'],
    ['iban DE89 3704 0044 0532 0130 00', 'iban DE** **** **** **** **30 00'],
    ['from 203.0.113.7', 'from 203.0.*.*'],
    ['from 2001:db8::1', 'from 2001:*'],
    ['card 4111 1111 1111 1111', 'card **** **** **** 1111'],
  ];
  for (const [text, want] of cases) assert.equal(redactText(text, p).text, want);
});

test('token replaces each finding with its kind; text without findings is unchanged', () => {
  const p = compiled(all('token'));
  assert.deepEqual(redactText('ana@example.org or +1 212 555 0199, DE89370400440532013000', p), {
    text: '[EMAIL] or [PHONE], [IBAN]',
    findings: 3,
  });
  assert.deepEqual(redactText('release 1.4.0.12 at 10:30:00, order ORD-2026-000123', p), {
    text: 'release 1.4.0.12 at 10:30:00, order ORD-2026-000123',
    findings: 0,
  });
});

test('hash is keyed and joins spellings of the same value', () => {
  const p = compiled(all('hash'));
  const a = redactText('Ana@Example.com', p).text!;
  assert.match(a, /^\[EMAIL:[0-9a-f]{16}\]$/);
  assert.equal(redactText('ana@example.com', p).text, a);
  assert.equal(redactText('(415) 555-0123', p).text, redactText('+1 415.555.0123', p).text);
  assert.equal(redactText('DE89 3704 0044 0532 0130 00', p).text, redactText('DE89370400440532013000', p).text);
  const other = compilePiiPolicy(all('hash'), Buffer.alloc(32, 8))!;
  assert.notEqual(redactText('ana@example.com', other).text, a, 'another key, another hash');
});

test('an event: features, tags and LLM text follow the policy; drop removes the field; numbers stay', () => {
  const p = compiled({ actions: { email: 'token', ssn: 'drop', phone: 'mask' }, fields });
  const e: Event = {
    model: 'm',
    features: { contact: 'ana@example.com', ssn: '123-45-6789', amount: 12, note: 'hi' },
    tags: { owner: 'bo@example.net', region: 'eu' },
    llm: { prompt: 'My SSN is 123-45-6789', response: 'Call (415) 555-0123' },
  };
  assert.equal(redactEvent(e, p), 5);
  assert.deepEqual(e.features, { contact: '[EMAIL]', amount: 12, note: 'hi' });
  assert.deepEqual(e.tags, { owner: '[EMAIL]', region: 'eu' });
  assert.deepEqual(e.llm, { response: 'Call (***) ***-**23' });
});

test('fields the policy does not look at are left alone; a keep-everything policy compiles to null', () => {
  const p = compiled({ actions: { email: 'token' }, fields: { features: false, tags: true, llmText: false } });
  const e: Event = { model: 'm', features: { c: 'ana@example.com' }, tags: { c: 'ana@example.com' } };
  redactEvent(e, p);
  assert.deepEqual([e.features!.c, e.tags!.c], ['ana@example.com', '[EMAIL]']);
  assert.equal(compilePiiPolicy({ actions: { email: 'keep' }, fields }, key), null);
});

test('work per text is bounded: past 64 phone look-ups, number-shaped runs are masked without one', () => {
  const p = compiled(all('token'));
  // 2,000 lines of ten digits: 64 are looked up, the rest taken as numbers by shape.
  const text = Array.from({ length: 2000 }, (_, i) => `415555${String(1000 + i)}`).join('\n');
  const r = redactText(text, p);
  assert.equal(r.findings, 2000);
  assert.ok(!/\d/.test(r.text!), 'every run replaced');
});
