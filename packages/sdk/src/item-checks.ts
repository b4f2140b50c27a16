import type { VigilEvent, VigilLabel } from './event-types.js';

/**
 * The checks record() can afford (well under a microsecond): an object with a model slug and, when
 * given, a string requestId. Everything else the server validates and reports item by item (207).
 */
const MODEL_SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;

export function isRecordableEvent(event: unknown): event is VigilEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const { model, requestId } = event as { model?: unknown; requestId?: unknown };
  return (
    typeof model === 'string' &&
    MODEL_SLUG.test(model) &&
    (requestId === undefined || (typeof requestId === 'string' && requestId.length <= 128))
  );
}

export function isRecordableLabel(label: unknown): label is VigilLabel {
  if (!isRecordableEvent(label)) return false;
  const { requestId, label: value } = label as { requestId?: unknown; label?: unknown };
  return (
    typeof requestId === 'string' &&
    requestId !== '' &&
    (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
  );
}

/** Names the field and the fix; only computed on the (rare) invalid path. */
export function describeInvalidEvent(event: unknown): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return `record() needs an event object, got ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}`;
  }
  const { model, requestId } = event as { model?: unknown; requestId?: unknown };
  if (typeof model !== 'string' || !MODEL_SLUG.test(model)) {
    return `event.model must be a slug of lower-case letters, digits, ".", "_" or "-" (at most 128), e.g. "drink-recommender"; got ${safeJson(model)}`;
  }
  return `event.requestId must be a string of at most 128 characters; got ${safeJson(requestId)}`;
}

export function describeInvalidLabel(label: unknown): string {
  if (!isRecordableEvent(label))
    return describeInvalidEvent(label).replace('record()', 'label()').replaceAll('event.', 'label.');
  const { requestId } = label as { requestId?: unknown };
  if (typeof requestId !== 'string' || requestId === '')
    return 'label.requestId is required: the requestId record() returned for the prediction';
  return 'label.label must be a number, a string or a boolean';
}

/** errorType for track(): the error's name ("TypeError", "RateLimitError"…), at most 128 characters. */
export function errorTypeOf(err: unknown): string {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && name !== '') return name.slice(0, 128);
  return err instanceof Error ? 'Error' : 'NonErrorThrown';
}

function safeJson(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 100);
  } catch {
    return typeof value;
  }
}
