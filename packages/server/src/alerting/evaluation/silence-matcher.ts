import type { LabelMatcher, Silence } from '@vigil/protocol';
import type { Labels } from './alert-fingerprint.js';

// The silence wire schema lives in @vigil/protocol (silence-schema.ts).
export { LabelMatcherSchema, SilenceSchema, type LabelMatcher, type Silence } from '@vigil/protocol';

const regexCache = new Map<string, RegExp>();

/**
 * Alertmanager matcher semantics: a missing label reads as "", regexes are anchored (`^(?:re)$`).
 * @example matchesLabel({ name: 'model', op: '=~', value: 'fraud-.*' }, { model: 'fraud-v3' }) // true
 */
export function matchesLabel(matcher: LabelMatcher, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(actual);
    case '!~':
      return !anchored(matcher.value).test(actual);
  }
}

/** All matchers match. */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesLabel(m, labels));
}

/**
 * The first silence active at `now` (startsAt ≤ now < endsAt) whose matchers all match, or null.
 * @example findSilence(alert.labels, silences, now)?.id
 */
export function findSilence(labels: Labels, silences: readonly Silence[], now: number): Silence | null {
  for (const s of silences) {
    if (s.startsAt <= now && now < s.endsAt && matchesAll(s.matchers, labels)) return s;
  }
  return null;
}

/**
 * Parses Alertmanager's matcher text: `area="API Performance", model=~"fraud-.*"`.
 * @example parseMatchers('severity!="info"') // [{ name: 'severity', op: '!=', value: 'info' }]
 */
export function parseMatchers(text: string): LabelMatcher[] {
  const body = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const matchers: LabelMatcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < body.length && (m = re.exec(body))) {
    matchers.push({ name: m[1], op: m[2] as LabelMatcher['op'], value: JSON.parse(`"${m[3]}"`) as string });
  }
  if (re.lastIndex !== body.length && body.trim() !== '') {
    throw new SyntaxError(
      `cannot parse matchers at offset ${re.lastIndex}: use name="value", name!="v", name=~"re" or name!~"re"`,
    );
  }
  return matchers;
}

function anchored(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(`^(?:${source})$`);
    regexCache.set(source, re);
  }
  return re;
}
