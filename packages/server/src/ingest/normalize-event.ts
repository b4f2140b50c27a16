import { TypeCompiler, ValueErrorType, type ValueError } from '@sinclair/typebox/compiler';
import { Event, Label, type Event as EventT, type Label as LabelT } from '@vigil/protocol';
import type { CallFacts } from '../analysis/api-health/index.js';
import type { EventColumns, EventRecord, LabelRecord } from '../storage/index.js';
import { maskCardNumbersIn } from '../analysis/privacy/index.js';
import { parseIsoDateTime } from './iso-date-time.js';

const eventCheck = TypeCompiler.Compile(Event);
const labelCheck = TypeCompiler.Compile(Label);

/**
 * Card-number masking leaves the model's slug and the time alone, and masks the requestId (the join key) only
 * when all of it is a card number, so ids that merely contain digit runs keep joining their labels.
 */
const CARD_MASK_FIELDS = { skip: new Set(['model', 'timestamp']), whole: new Set(['requestId']) };

/** Epoch-ms timestamps before this are almost surely seconds sent by mistake. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** Clock skew tolerated for timestamps from the future. */
const MAX_FUTURE_MS = 24 * 3_600_000;

export type ItemResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface NormalizedEvent {
  /** `record.event` is the event as sent (validated). */
  record: EventRecord;
  facts: CallFacts;
  /** True when `beforeStore` changed the event (it then differs from the JSON it was parsed from). */
  isChanged?: boolean;
}

/**
 * Validates one submitted event against the wire schema and fills the defaults: the
 * server time as timestamp, status "ok". On failure the message names the field and the fix.
 *
 * @example
 *   normalizeEvent({ model: 'm', latencyMs: 3 }, Date.now())  // { ok: true, value: { record, facts } }
 */
export function normalizeEvent(
  input: unknown,
  nowMs: number,
  opts: {
    maskCardNumbers?: boolean;
    /** Runs on the validated event before card masking: the personal-data policy; answers how many values it changed. */
    beforeStore?: (event: EventT) => number;
  } = {},
): ItemResult<NormalizedEvent> {
  if (!eventCheck.Check(input))
    return { ok: false, message: describeFirstError(eventCheck.Errors(input).First(), input) };
  const e = input as EventT;
  // The event is stored as sent: the values filled in below live in their own columns. (Spreading them into
  // a copy would make V8 stringify it ~10× slower: the copy falls into dictionary mode.)
  const changed = opts.beforeStore?.(e) ?? 0;
  if (opts.maskCardNumbers) maskCardNumbersIn(e, JSON.stringify(e), CARD_MASK_FIELDS);
  const ts = resolveTimestamp(e.timestamp, nowMs);
  if (typeof ts === 'string') return { ok: false, message: ts };
  let status = e.status ?? 'ok';
  if (e.errorType !== undefined && e.status === undefined) status = 'error';
  if (e.errorType !== undefined && status === 'ok') {
    return {
      ok: false,
      message: 'errorType: set, but status is "ok"; send status "error" with an errorType, or drop errorType',
    };
  }
  // None sent: the store assigns one when it writes the event.
  const requestId = e.requestId ?? null;
  const endpoint = e.endpoint ?? null;
  const errorType = status === 'error' ? (e.errorType ?? 'unknown') : null;
  const record: EventRecord = {
    model: e.model,
    requestId,
    timestampMs: ts,
    receivedAtMs: nowMs,
    endpoint,
    status,
    errorType,
    latencyMs: e.latencyMs ?? null,
    costUsd: e.costUsd ?? null,
    inputTokens: e.llm?.inputTokens ?? null,
    outputTokens: e.llm?.outputTokens ?? null,
    ttftMs: e.llm?.ttftMs ?? null,
    modelType: e.modelType ?? null,
    modelVersion: e.modelVersion ?? null,
    priceVersion: null,
    event: e,
  };
  return { ok: true, value: { record, facts: recordToFacts(record), isChanged: changed > 0 } };
}

/** The rollup facts of a stored event (also used when replaying events after a crash). */
export function recordToFacts(r: EventColumns): CallFacts {
  return {
    model: r.model,
    endpoint: r.endpoint ?? '',
    timestampMs: r.timestampMs,
    isError: r.status === 'error',
    errorType: r.errorType,
    latencyMs: r.latencyMs,
    costUsd: r.costUsd,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    ttftMs: r.ttftMs,
  };
}

export function normalizeLabel(input: unknown, nowMs: number): ItemResult<LabelRecord> {
  if (!labelCheck.Check(input))
    return { ok: false, message: describeFirstError(labelCheck.Errors(input).First(), input) };
  const l = input as LabelT;
  const ts = resolveTimestamp(l.timestamp, nowMs);
  if (typeof ts === 'string') return { ok: false, message: ts };
  return {
    ok: true,
    value: {
      model: l.model,
      requestId: l.requestId,
      label: JSON.stringify(l.label),
      timestampMs: ts,
      receivedAtMs: nowMs,
      subjectId: l.subjectId ?? null,
    },
  };
}

function resolveTimestamp(t: string | number | undefined, nowMs: number): number | string {
  if (t === undefined) return nowMs;
  const ms = typeof t === 'number' ? t : parseIsoDateTime(t);
  if (ms === null || !Number.isFinite(ms))
    return `timestamp: ${JSON.stringify(t)} is not a real date and time; send ISO-8601 or epoch milliseconds`;
  if (ms < EARLIEST_MS) {
    return `timestamp: ${JSON.stringify(t)} is before 2000-01-01${typeof t === 'number' ? '; it looks like seconds — send epoch milliseconds' : ''}`;
  }
  if (ms > nowMs + MAX_FUTURE_MS)
    return `timestamp: ${JSON.stringify(t)} is more than 24 h in the future; check the sender's clock`;
  return Math.round(ms);
}

/** Turns TypeBox's first error into "field: problem; fix" with a JSON-pointer-like dotted path. */
export function describeFirstError(err: ValueError | undefined, input: unknown): string {
  if (!err) return 'invalid item';
  const field = err.path === '' ? '(item)' : fieldOf(err.path);
  if (err.path === '' && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    return '(item): must be a JSON object';
  }
  const schema = err.schema as {
    additionalProperties?: unknown;
    patternProperties?: unknown;
    description?: string;
    pattern?: string;
    anyOf?: unknown[];
  };
  const missing = findMissingRequired(err, input);
  if (missing) return `${missing}: is required`;
  const hint = schema.description ? ` (${schema.description})` : '';
  if (err.type === ValueErrorType.ObjectAdditionalProperties) {
    const parts = err.path.split('/');
    const key = decodePointer(parts.at(-1) ?? '');
    // A map (features, tags, probabilities) refuses a key that is empty or too long, not an unknown field.
    if (schema.patternProperties !== undefined)
      return `${fieldOf(parts.slice(0, -1).join('/')) || '(item)'}: key ${preview(key)} (${key.length} characters) is not allowed${hint}`;
    return `${field}: is not a known field; see docs/events.md for the event model`;
  }
  return `${field}: ${err.message.toLowerCase()}, got ${preview(valueAt(input, err.path))}${hint}`;
}

/** A dotted field path whose parts are cut to 64 characters, so an attacker's megabyte-long key is not echoed back. */
function fieldOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((p) => {
      const part = decodePointer(p);
      return part.length > 64 ? `${part.slice(0, 64)}…` : part;
    })
    .join('.');
}

function decodePointer(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * A short description of a value for an error message. Never serialises a whole object: a client's
 * 10,000-deep value would overflow the stack (JSON.stringify recurses) and turn one bad item into a 500.
 */
export function preview(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string')
    return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}…` : JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(input: unknown, path: string): unknown {
  let cur: unknown = input;
  for (const part of path.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[decodePointer(part)];
  }
  return cur;
}

function findMissingRequired(err: ValueError, input: unknown): string | null {
  const schema = err.schema as { required?: string[]; type?: string };
  const target = valueAt(input, err.path);
  // TypeBox reports a missing property at the property's own path with value undefined.
  if (target === undefined && err.path !== '') return fieldOf(err.path);
  if (schema.type === 'object' && Array.isArray(schema.required) && target && typeof target === 'object') {
    const miss = schema.required.find((k) => !(k in (target as object)));
    if (miss) return [fieldOf(err.path), miss].filter(Boolean).join('.');
  }
  return null;
}
