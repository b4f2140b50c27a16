import type { EventRecord } from '../storage/index.js';

/** What the ingest path reports as it goes; the Prometheus exporter is one implementation. */
export interface IngestObserver {
  onEvent(record: EventRecord): void;
  onBatch(kind: 'events' | 'labels', accepted: number, rejected: number): void;
  onFlush(cells: number, durationMs: number): void;
}
