import type { EventColumns } from '../storage/index.js';

/** What the ingest path reports as it goes; the Prometheus exporter is one implementation. */
export interface IngestObserver {
  /** The accepted events of one batch (or one replayed page), after they are stored. */
  onEvents(records: readonly EventColumns[]): void;
  onBatch(kind: 'events' | 'labels', accepted: number, rejected: number): void;
  onFlush(cells: number, durationMs: number): void;
}
