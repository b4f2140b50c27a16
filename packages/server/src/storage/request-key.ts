import { randomBytes } from 'node:crypto';
import { hashOut, hashString } from '../analysis/profile/value-hash.js';

/**
 * The 53-bit key a (model, requestId) pair is indexed under: small and fixed-size, so the request-id index
 * is ~5× smaller than one on the strings and its bulk inserts dirty fewer pages. Distinct pairs may share a
 * key (about once in 10^15 pairs); every lookup compares the model and requestId of what it finds. Never 0:
 * that marks an event whose request id the store assigned (below).
 *
 * The two 32-bit string hashes the profiles use for distinct counts (value-hash.ts), 21 bits of one above the
 * 32 of the other.
 *
 * @example
 *   requestKey('churn', 'req-42')  // the same number < 2^53 for the same pair, every time
 */
export function requestKey(model: string, requestId: string): number {
  // A separator no slug contains, so ("ab", "c") and ("a", "bc") differ.
  hashString(`${model}\u0000${requestId}`);
  return (hashOut.h2 & 0x1fffff) * 4294967296 + hashOut.h1 || 1;
}

/**
 * The 53-bit key the subject index (event_subjects) holds for a data-subject id: the index keeps no subject id
 * in clear, and a fixed-size key keeps it small. Keys may collide; erasure and export compare the events'
 * own subjectId.
 */
export function subjectKey(subjectId: string): number {
  // A prefix no request key uses, so the two never coincide by construction of the input.
  hashString(`\u0001subject\u0000${subjectId}`);
  return (hashOut.h2 & 0x1fffff) * 4294967296 + hashOut.h1 || 1;
}

/**
 * Request ids the store assigns to events sent without one are UUIDs (version 8: the layout is ours) made of
 * 74 random bits chosen once per store and the event's id in the last 48 bits. They are unique like random
 * UUIDs, but cost nothing to make, need not be stored (the event id gives them back) and need no index: the
 * id is in the string.
 *
 * @example
 *   const prefix = newRequestIdPrefix()        // "3f0c9a51-77d2-8e14-a9c3-", once per store
 *   assignedRequestId(prefix, 42)              // "3f0c9a51-77d2-8e14-a9c3-00000000002a"
 *   eventIdOfAssigned(prefix, "3f0c9a51-77d2-8e14-a9c3-00000000002a")  // 42
 */
export function newRequestIdPrefix(): string {
  const hex = randomBytes(16).toString('hex');
  // Version nibble 8, variant bits 10.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-`;
}

/** Event ids fit 48 bits (2.8 × 10^14 events). */
export function assignedRequestId(prefix: string, eventId: number): string {
  return prefix + eventId.toString(16).padStart(12, '0');
}

const ASSIGNED_TAIL = /^[0-9a-f]{12}$/;

/** The event id an assigned request id stands for, or undefined when the string is not one of this store's. */
export function eventIdOfAssigned(prefix: string, requestId: string): number | undefined {
  if (requestId.length !== prefix.length + 12 || !requestId.startsWith(prefix)) return undefined;
  const tail = requestId.slice(prefix.length);
  return ASSIGNED_TAIL.test(tail) ? parseInt(tail, 16) : undefined;
}
