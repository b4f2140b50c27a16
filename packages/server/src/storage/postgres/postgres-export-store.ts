import type {
  ExportDeliveryRecord,
  ExportDestinationRecord,
  ExportStateRecord,
  ExportStore,
} from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const DESTINATION_COLUMNS =
  'id, name, kind, enabled, settings, created_at AS "createdAtMs", updated_at AS "updatedAtMs"';

/** Export destinations, their cursors and delivery log (migration 3). */
export class PostgresExportStore implements ExportStore {
  constructor(private readonly db: PostgresDb) {}

  async listDestinations(): Promise<ExportDestinationRecord[]> {
    const rows = await this.db.query<ExportDestinationRecord & { settings: string }>(
      `SELECT ${DESTINATION_COLUMNS} FROM export_destinations ORDER BY created_at, id`,
    );
    return rows.map((r) => ({ ...r, settings: JSON.parse(r.settings) as Record<string, unknown> }));
  }

  async getDestination(id: string): Promise<ExportDestinationRecord | null> {
    const r = await this.db.one<ExportDestinationRecord & { settings: string }>(
      `SELECT ${DESTINATION_COLUMNS} FROM export_destinations WHERE id = $1`,
      [id],
    );
    return r ? { ...r, settings: JSON.parse(r.settings) as Record<string, unknown> } : null;
  }

  async putDestination(d: ExportDestinationRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO export_destinations (id, name, kind, enabled, settings, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, enabled = excluded.enabled,
         settings = excluded.settings, updated_at = excluded.updated_at`,
      [d.id, d.name, d.kind, d.enabled, JSON.stringify(d.settings), d.createdAtMs, d.updatedAtMs],
    );
  }

  async deleteDestination(id: string): Promise<boolean> {
    // State and deliveries go with it (ON DELETE CASCADE).
    return (await this.db.query('DELETE FROM export_destinations WHERE id = $1 RETURNING 1', [id])).length > 0;
  }

  async getState(destinationId: string): Promise<ExportStateRecord | null> {
    const r = await this.db.one<ExportStateRecord>(
      `SELECT destination_id AS "destinationId", metrics_through AS "metricsThroughMs", health_through AS "healthThroughMs",
         events_through AS "eventsThroughMs", last_attempt_at AS "lastAttemptAtMs", last_success_at AS "lastSuccessAtMs",
         last_error AS "lastError", batches_ok AS "batchesOk", batches_failed AS "batchesFailed", items_sent AS "itemsSent"
       FROM export_state WHERE destination_id = $1`,
      [destinationId],
    );
    return r ?? null;
  }

  async putState(s: ExportStateRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO export_state (destination_id, metrics_through, health_through, events_through, last_attempt_at,
         last_success_at, last_error, batches_ok, batches_failed, items_sent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (destination_id) DO UPDATE SET metrics_through = excluded.metrics_through,
         health_through = excluded.health_through, events_through = excluded.events_through,
         last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
         last_error = excluded.last_error, batches_ok = excluded.batches_ok, batches_failed = excluded.batches_failed,
         items_sent = excluded.items_sent`,
      [
        s.destinationId,
        s.metricsThroughMs,
        s.healthThroughMs,
        s.eventsThroughMs,
        s.lastAttemptAtMs,
        s.lastSuccessAtMs,
        s.lastError,
        s.batchesOk,
        s.batchesFailed,
        s.itemsSent,
      ],
    );
  }

  async addDelivery(d: ExportDeliveryRecord, keep: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO export_deliveries (destination_id, at, what, ok, attempts, status_code, error, items, duration_ms, lag_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [d.destinationId, d.atMs, d.what, d.ok, d.attempts, d.statusCode, d.error, d.items, d.durationMs, d.lagMs],
      );
      await tx.query(
        `DELETE FROM export_deliveries WHERE destination_id = $1 AND id < (
           SELECT min(id) FROM (SELECT id FROM export_deliveries WHERE destination_id = $1 ORDER BY id DESC LIMIT $2) AS newest)`,
        [d.destinationId, keep],
      );
    });
  }

  async listDeliveries(destinationId: string, limit: number): Promise<ExportDeliveryRecord[]> {
    return this.db.query<ExportDeliveryRecord>(
      `SELECT destination_id AS "destinationId", at AS "atMs", what, ok, attempts, status_code AS "statusCode", error, items,
         duration_ms AS "durationMs", lag_ms AS "lagMs" FROM export_deliveries WHERE destination_id = $1 ORDER BY id DESC LIMIT $2`,
      [destinationId, limit],
    );
  }
}
