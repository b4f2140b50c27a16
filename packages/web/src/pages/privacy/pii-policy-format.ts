import type { PiiAction, PiiKind, PiiPolicy } from '@vigil/protocol';

export const PII_KIND_LABELS: Array<{ kind: PiiKind; label: string; example: string }> = [
  { kind: 'email', label: 'E-mail address', example: 'ana@example.com' },
  { kind: 'phone', label: 'Phone number', example: '(415) 555-0123' },
  { kind: 'ssn', label: 'US SSN', example: '123-45-6789' },
  { kind: 'iban', label: 'IBAN (mod-97 checked)', example: 'DE89 3704 0044 0532 0130 00' },
  { kind: 'ip', label: 'IP address (v4, v6)', example: '203.0.113.7' },
  { kind: 'card', label: 'Payment card (Luhn)', example: '4111 1111 1111 1111' },
];

export const PII_ACTIONS: Array<{ action: PiiAction; label: string }> = [
  { action: 'keep', label: 'Keep as sent' },
  { action: 'mask', label: 'Mask (keep a part: a***@…, ***-**-6789)' },
  { action: 'token', label: 'Token ([EMAIL])' },
  { action: 'hash', label: 'Hash (keyed, joins still work)' },
  { action: 'drop', label: 'Drop the field or text' },
];

export const PII_FIELDS: Array<{ field: keyof PiiPolicy['fields']; label: string }> = [
  { field: 'features', label: 'Feature values' },
  { field: 'tags', label: 'Tag values' },
  { field: 'llmText', label: 'LLM prompt and response' },
];

/** "email: hash, phone: mask" for a policy's actions, or "everything kept". */
export function summarisePolicy(policy: PiiPolicy): string {
  const parts = PII_KIND_LABELS.filter((k) => (policy.actions[k.kind] ?? 'keep') !== 'keep').map(
    (k) => `${k.kind}: ${policy.actions[k.kind]}`,
  );
  return parts.length ? parts.join(', ') : 'everything kept as sent';
}

export function summariseFields(policy: PiiPolicy): string {
  const on = PII_FIELDS.filter((f) => policy.fields[f.field]).map((f) => f.label.toLowerCase());
  return on.length ? on.join(', ') : 'nothing';
}
