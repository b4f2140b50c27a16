import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Ajv } from 'ajv';

/**
 * The bounds every request field has unless its schema states a narrower one (docs/errors.md, "Bounds").
 * A route schema that says nothing about a string's length, an array's items or a number's range gets these,
 * so no field can carry unbounded work into a handler or the store.
 */
export const REQUEST_BOUNDS = {
  /** Characters of a query-string or path parameter. */
  maxQueryStringLength: 1024,
  /** Characters of a string in a body. */
  maxBodyStringLength: 16_384,
  maxArrayItems: 10_000,
  /** Properties of a map (an object whose keys the client chooses). */
  maxMapProperties: 1000,
  /** Any number in a body or query string. */
  maxAbsNumber: 1e15,
  /** Nesting of a body outside the ingest routes (whose items are validated one by one against their own schemas). */
  maxBodyDepth: 32,
  /** Nesting any body may have at all: deeper JSON is refused before it is parsed. */
  maxParseDepth: 100_000,
} as const;

/**
 * Bodies at least this large are scanned for their nesting before JSON.parse: parsing deep nesting costs about
 * 0.1 µs a level, ~10× the cost per byte of ordinary JSON, so a 5 MB body of brackets would hold the event loop
 * for half a second. Below this size the worst case (~25 ms) is no worse than parsing 5 MB of ordinary JSON.
 */
export const DEPTH_SCAN_MIN_BYTES = 256 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route validates each item of its body against a schema of bounded depth (events, labels, OTLP spans),
     * so a deep item is refused on its own instead of failing the whole body at {@link REQUEST_BOUNDS.maxBodyDepth}.
     */
    validatesItems?: boolean;
  }
}

type Schema = Record<string | symbol, unknown>;
const bounded = new WeakMap<object, Schema>();

/**
 * A copy of a request schema with the default bounds filled in where it states none. The same schema object
 * always gives the same copy, so a schema with an `$id` shared by several routes is compiled once.
 */
export function boundSchema(schema: unknown, where: 'querystring' | 'params' | 'body'): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  const hit = bounded.get(schema);
  if (hit) return hit;
  const maxString = where === 'body' ? REQUEST_BOUNDS.maxBodyStringLength : REQUEST_BOUNDS.maxQueryStringLength;
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (node === null || typeof node !== 'object') return node;
    const src = node as Schema;
    const out: Schema = {};
    for (const key of Object.keys(src)) {
      // Values of these keywords are data, not schemas.
      out[key] =
        key === 'default' || key === 'examples' || key === 'const' || key === 'enum' ? src[key] : copy(src[key]);
    }
    for (const sym of Object.getOwnPropertySymbols(src)) out[sym] = src[sym];
    const types = Array.isArray(src.type) ? (src.type as unknown[]) : [src.type];
    if (types.includes('string') && src.maxLength === undefined && src.enum === undefined && src.const === undefined)
      out.maxLength = maxString;
    if (types.includes('array') && src.maxItems === undefined) out.maxItems = REQUEST_BOUNDS.maxArrayItems;
    if ((types.includes('number') || types.includes('integer')) && src.const === undefined) {
      out[FINITE_KEYWORD] = true;
      if (src.maximum === undefined && src.exclusiveMaximum === undefined) out.maximum = REQUEST_BOUNDS.maxAbsNumber;
      if (src.minimum === undefined && src.exclusiveMinimum === undefined) out.minimum = -REQUEST_BOUNDS.maxAbsNumber;
    }
    const isMap = src.patternProperties !== undefined || (src.additionalProperties ?? false) !== false;
    if (types.includes('object') && isMap && src.maxProperties === undefined)
      out.maxProperties = REQUEST_BOUNDS.maxMapProperties;
    return out;
  };
  const result = copy(schema) as Schema;
  bounded.set(schema, result);
  bounded.set(result, result);
  return result;
}

/**
 * Ajv coerces the query string "1e999" to Infinity (`"1e999" == +"1e999"`) and then skips `maximum` for a
 * non-finite number, so `limit=1e999` reached SQLite. Every number schema gets this keyword, which refuses
 * what is not finite.
 */
export const FINITE_KEYWORD = 'x-finite';

/** The Ajv plugin defining {@link FINITE_KEYWORD}: pass in Fastify's `ajv.plugins`. */
export function finiteNumbersPlugin(ajv: Ajv): Ajv {
  ajv.addKeyword({
    keyword: FINITE_KEYWORD,
    schemaType: 'boolean',
    errors: false,
    // No `type`: Ajv checks keywords of type number only inside `if (isFinite(data))`.
    validate: (on: boolean, data: unknown) => !on || typeof data !== 'number' || Number.isFinite(data),
  });
  return ajv;
}

/** Fills the default bounds into every route's query-string, path-parameter and body schema as the route is added. */
export function installRequestBounds(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const where of ['querystring', 'params', 'body'] as const)
      if (schema[where] !== undefined) schema[where] = boundSchema(schema[where], where);
  });
}

/**
 * True when JSON text nests deeper than `limit`, found without parsing: the text between strings is scanned
 * for brackets and each string is skipped with indexOf (~1.6 ms per MB).
 */
export function isJsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? n : quote;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 123 || c === 91) {
        if (++depth > limit) return true;
      } else if (c === 125 || c === 93) depth--;
    }
    if (quote === -1) return false;
    let close = quote + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close === -1) return false;
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      close++;
    }
    i = close + 1;
  }
  return false;
}

/** True when a parsed value nests deeper than `limit` (iterative: a deep value cannot overflow the stack here). */
export function isValueDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
