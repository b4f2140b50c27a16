/**
 * Reading OTLP/JSON attribute lists and times, shared by the trace, log and metric converters. Pure.
 */

/** OTLP JSON `AnyValue`: exactly one field set. 64-bit integers may come as strings. */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}
export interface KeyValue {
  key: string;
  value?: AnyValue;
}

export type Attrs = Map<string, unknown>;

/** `obj[key]`, or a `TypeError` naming `where` when obj is not an object. */
export function field(obj: unknown, key: string, where: string): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError(`${where}: must be an object`);
  return (obj as Record<string, unknown>)[key];
}

/** `obj[key]` as an array (absent = empty), or a `TypeError` naming the field. */
export function list(obj: unknown, key: string, where: string): unknown[] {
  const v = field(obj, key, where);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TypeError(`${where}.${key}: must be an array`);
  return v;
}

export function readAttributes(value: unknown, where: string): Attrs {
  const out: Attrs = new Map();
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) throw new TypeError(`${where}: must be an array of {key, value}`);
  for (const kv of value as KeyValue[]) if (kv && typeof kv.key === 'string') out.set(kv.key, anyValue(kv.value));
  return out;
}

/**
 * An attribute's value. Arrays are read one level deep (gen_ai.response.finish_reasons is a list of strings);
 * nested arrays and kvlists are not used by any mapped attribute, and reading them recursively would let a
 * deeply nested value overflow the stack.
 */
export function anyValue(v: AnyValue | undefined, nested = false): unknown {
  if (!v || typeof v !== 'object') return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue && !nested)
    return Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map((x) => anyValue(x, true)) : [];
  return undefined;
}

/** OTLP times are unsigned 64-bit nanoseconds, as a decimal string or a number; kept exact as a bigint. */
export function nanos(v: unknown): bigint | null {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v) > 0n ? BigInt(v) : null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v);
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return BigInt(Math.round(v));
  return null;
}
