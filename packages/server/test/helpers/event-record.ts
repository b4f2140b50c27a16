// The record ingest stores for an event, for tests and benches that write to a store directly.
import type { Event } from '@vigil/protocol';
import { normalizeEvent } from '../../src/ingest/normalize-event.js';
import type { EventRecord } from '../../src/storage/index.js';

/**
 * What ingest stores for `sent`, received at `receivedAtMs`: `normalizeEvent` derives every column (time,
 * status, latency, tokens …) from the event, so a fixture's columns cannot disagree with its event. Without a
 * `timestamp` the event happened when it was received.
 */
export function eventRecord(sent: Event, receivedAtMs: number): EventRecord {
  const result = normalizeEvent(sent, receivedAtMs);
  if (!result.ok) throw new Error(`test fixture: ${result.message}`);
  return result.value.record;
}
