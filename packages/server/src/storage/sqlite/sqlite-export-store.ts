import type Database from 'better-sqlite3';
import type {
  ExportDeliveryRecord,
  ExportDestinationRecord,
  ExportStateRecord,
  ExportStore,
} from '../contracts/index.js';

interface DestinationRow {
  id: string;
  name: string;
  kind: string;
  enabled: number;
  settings: string;
  created_at: number;
  updated_at: number;
}

const toDestination = (r: DestinationRow): ExportDestinationRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled === 1,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
});

/** Export destinations, state and deliveries (migration 170). Deleting a destination cascades by hand. */
export class SqliteExportStore implements ExportStore {
  constructor(private readonly db: Database.Database) {}

  async listDestinations(): Promise<ExportDestinationRecord[]> {
    const rows = this.db.prepare('SELECT * FROM export_destinations ORDER BY created_at, id').all() as DestinationRow[];
    return rows.map(toDestination);
  }

  async getDestination(id: string): Promise<ExportDestinationRecord | null> {
    const row = this.db.prepare('SELECT * FROM export_destinations WHERE id = ?').get(id) as DestinationRow | undefined;
    return row ? toDestination(row) : null;
  }

  async putDestination(d: ExportDestinationRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO export_destinations (id, name, kind, enabled, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, enabled = excluded.enabled,
           settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(d.id, d.name, d.kind, d.enabled ? 1 : 0, JSON.stringify(d.settings), d.createdAtMs, d.updatedAtMs);
  }

  async deleteDestination(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM export_deliveries WHERE destination_id = ?').run(id);
      this.db.prepare('DELETE FROM export_state WHERE destination_id = ?').run(id);
      return this.db.prepare('DELETE FROM export_destinations WHERE id = ?').run(id).changes > 0;
    })();
  }

  async getState(destinationId: string): Promise<ExportStateRecord | null> {
    const r = this.db.prepare('SELECT * FROM export_state WHERE destination_id = ?').get(destinationId) as
      Record<string, number | string | null> | undefined;
    if (!r) return null;
    return {
      destinationId,
      metricsThroughMs: r.metrics_through as number | null,
      healthThroughMs: r.health_through as number | null,
      eventsThroughMs: r.events_through as number | null,
      lastAttemptAtMs: r.last_attempt_at as number | null,
      lastSuccessAtMs: r.last_success_at as number | null,
      lastError: r.last_error as string | null,
      batchesOk: r.batches_ok as number,
      batchesFailed: r.batches_failed as number,
      itemsSent: r.items_sent as number,
    };
  }

  async putState(s: ExportStateRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO export_state (destination_id, metrics_through, health_through, events_through,
           last_attempt_at, last_success_at, last_error, batches_ok, batches_failed, items_sent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      );
  }

  async addDelivery(d: ExportDeliveryRecord, keep: number): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO export_deliveries (destination_id, at, what, ok, attempts, status_code, error, items, duration_ms, lag_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          d.destinationId,
          d.atMs,
          d.what,
          d.ok ? 1 : 0,
          d.attempts,
          d.statusCode,
          d.error,
          d.items,
          d.durationMs,
          d.lagMs,
        );
      // Ids are shared by every destination, so the newest `keep` of this one are found by rank, not by id.
      this.db
        .prepare(
          `DELETE FROM export_deliveries WHERE destination_id = ? AND id < (
             SELECT MIN(id) FROM (SELECT id FROM export_deliveries WHERE destination_id = ? ORDER BY id DESC LIMIT ?))`,
        )
        .run(d.destinationId, d.destinationId, keep);
    })();
  }

  async listDeliveries(destinationId: string, limit: number): Promise<ExportDeliveryRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM export_deliveries WHERE destination_id = ? ORDER BY id DESC LIMIT ?')
      .all(destinationId, limit) as Array<Record<string, number | string | null>>;
    return rows.map((r) => ({
      destinationId,
      atMs: r.at as number,
      what: r.what as ExportDeliveryRecord['what'],
      ok: r.ok === 1,
      attempts: r.attempts as number,
      statusCode: r.status_code as number | null,
      error: r.error as string | null,
      items: r.items as number,
      durationMs: r.duration_ms as number,
      lagMs: r.lag_ms as number | null,
    }));
  }
}
