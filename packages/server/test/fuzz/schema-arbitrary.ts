/**
 * fast-check arbitraries for hostile requests, driven by the route schemas of the server's own OpenAPI
 * document: values that mostly have the right shape (so they get past validation into the handlers) with
 * hostile leaves mixed in — lengths and numbers at and past their bounds, unreal dates, deep nesting, odd
 * Unicode, wrong types.
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  maxItems?: number;
  format?: string;
  default?: unknown;
  examples?: unknown[];
};

/** A value nested `depth` levels deep, built without recursion. */
export function deepValue(depth: number, kind: 'object' | 'array' = 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'object' ? { a: v } : [v];
  return v;
}

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '💥'.repeat(40),
  '%',
  '%zz',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  '99999999999999999999',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-27T24:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '4111 1111 1111 1111',
  'x'.repeat(300),
];

const hostileNumbers = [0, -1, 1.5, -0.000001, 2 ** 53 + 2, 1e15, -1e15, 1e16, 1e21, 1e300, -1e308, 5e-324];

/** Any hostile leaf: a string, a number past most bounds, a wrong type, or something deeply nested. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...hostileStrings) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...hostileNumbers) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [1, 'a'], { x: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 2000 }).map((d) => deepValue(d)) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 2000 }).map((d) => deepValue(d, 'array')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((n) => 'y'.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  return [];
}

function stringFor(s: JsonSchema, hostility: number): fc.Arbitrary<string> {
  const valid: Array<fc.Arbitrary<string>> = [];
  if (s.examples?.length) valid.push(fc.constantFrom(...(s.examples.filter((e) => typeof e === 'string') as string[])));
  if (typeof s.default === 'string') valid.push(fc.constant(s.default));
  const max = Math.min(s.maxLength ?? 40, 64);
  const min = Math.min(s.minLength ?? 0, max);
  if (s.pattern)
    valid.push(
      fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity)),
    );
  else if (s.format === 'date-time')
    valid.push(
      fc.integer({ min: Date.now() - 30 * 86_400_000, max: Date.now() }).map((t) => new Date(t).toISOString()),
    );
  else valid.push(fc.string({ minLength: min, maxLength: max }), fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/));
  const edges: string[] = [];
  if (hostility > 0 && s.maxLength !== undefined && s.maxLength <= 20_000)
    edges.push('a'.repeat(s.maxLength), 'a'.repeat(s.maxLength + 1));
  if (hostility > 0 && s.minLength) edges.push('a'.repeat(s.minLength - 1));
  const proper = fc.oneof(...valid);
  return edges.length
    ? fc.oneof({ weight: 8, arbitrary: proper }, { weight: 1, arbitrary: fc.constantFrom(...edges) })
    : proper;
}

function numberFor(s: JsonSchema, integer: boolean, hostility: number): fc.Arbitrary<number> {
  const lo = s.minimum ?? s.exclusiveMinimum ?? -1e6;
  const hi = s.maximum ?? s.exclusiveMaximum ?? 1e6;
  const edges = (hostility > 0 ? [lo, hi, lo - 1, hi + 1, 0] : [lo, hi]).filter(
    (v) => Number.isFinite(v) && (!integer || Number.isInteger(v)),
  );
  const inRange = integer
    ? fc.integer({ min: Math.max(Math.ceil(lo), -2_000_000_000), max: Math.min(Math.floor(hi), 2_000_000_000) })
    : fc.double({ min: Math.max(lo, -1e12), max: Math.min(hi, 1e12), noNaN: true });
  return fc.oneof({ weight: 8, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

/**
 * Values for a JSON schema: well-formed, with a hostile leaf in place of a proper one about one time in
 * `hostility` (0: never, and no value past a bound). `depth` stops recursion in self-similar schemas.
 */
export function arbitraryFor(schema: JsonSchema | undefined, hostility = 6, depth = 0): fc.Arbitrary<unknown> {
  const proper = properFor(schema ?? {}, hostility, depth);
  if (hostility <= 0) return proper;
  return fc.oneof({ weight: hostility - 1, arbitrary: proper }, { weight: 1, arbitrary: hostileLeaf });
}

function properFor(s: JsonSchema, hostility: number, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => arbitraryFor(b, hostility, depth + 1)));
  const types = typesOf(s);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 3 });
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<unknown> => {
      switch (t) {
        case 'string':
          return stringFor(s, hostility);
        case 'integer':
          return numberFor(s, true, hostility);
        case 'number':
          return numberFor(s, false, hostility);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(arbitraryFor(s.items, hostility, depth + 1), { maxLength: 3 });
        case 'object':
          return objectFor(s, hostility, depth);
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    }),
  );
}

function objectFor(s: JsonSchema, hostility: number, depth: number): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const required = (s.required ?? []).filter((r) => r in props);
  const known = fc.record(
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryFor(v, hostility, depth + 1)])),
    { requiredKeys: required },
  );
  const mapValue =
    typeof s.additionalProperties === 'object'
      ? s.additionalProperties
      : s.patternProperties
        ? Object.values(s.patternProperties)[0]
        : undefined;
  const extra = mapValue
    ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryFor(mapValue, hostility, depth + 1), {
        maxKeys: 4,
      })
    : hostility <= 0
      ? fc.constant({})
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileLeaf, { maxKeys: 2 }) },
        );
  // Now and then a required key is missing.
  const drop: fc.Arbitrary<string | null> =
    required.length && hostility > 0
      ? fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...required) })
      : fc.constant(null);
  return fc.tuple(known, extra, drop).map(([k, x, dropped]) => {
    const out: Record<string, unknown> = { ...x, ...k };
    if (dropped !== null) delete out[dropped];
    return out;
  });
}
