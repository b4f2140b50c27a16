/** An export destination as stored (docs/exports.md). `settings` holds secrets as given. */
export interface ExportDestinationRecord {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  createdAtMs: number;
  updatedAtMs: number;
}

/** How far a destination is: cursors (exclusive ends of what was delivered) and counters. */
export interface ExportStateRecord {
  destinationId: string;
  /** Minute cells before this are delivered. */
  metricsThroughMs: number | null;
  /** Hourly model-health scores before this are delivered. */
  healthThroughMs: number | null;
  /** Incident transitions at or before this are delivered. */
  eventsThroughMs: number | null;
  lastAttemptAtMs: number | null;
  lastSuccessAtMs: number | null;
  lastError: string | null;
  batchesOk: number;
  batchesFailed: number;
  itemsSent: number;
}

export interface ExportDeliveryRecord {
  destinationId: string;
  atMs: number;
  what: 'metrics' | 'events' | 'test';
  ok: boolean;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  items: number;
  durationMs: number;
  lagMs: number | null;
}

export interface ExportStore {
  listDestinations(): Promise<ExportDestinationRecord[]>;
  getDestination(id: string): Promise<ExportDestinationRecord | null>;
  /** Inserts or replaces by id. */
  putDestination(destination: ExportDestinationRecord): Promise<void>;
  /** Deletes the destination with its state and deliveries; false when there was none. */
  deleteDestination(id: string): Promise<boolean>;
  getState(destinationId: string): Promise<ExportStateRecord | null>;
  putState(state: ExportStateRecord): Promise<void>;
  /** Records a delivery and keeps only the newest `keep` of the destination. */
  addDelivery(delivery: ExportDeliveryRecord, keep: number): Promise<void>;
  /** Newest first. */
  listDeliveries(destinationId: string, limit: number): Promise<ExportDeliveryRecord[]>;
}
