import type { PostgresDb } from './postgres-db.js';

const DAY_MS = 86_400_000;

/** `event_blocks_p20261127`: the partition of one UTC day of receipt. */
function partitionName(day: number): string {
  return `event_blocks_p${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/**
 * The day partitions of `event_blocks` (native range partitioning on the receipt time). A partition is created
 * before the first block that needs it — today's and tomorrow's at start and by every retention run, so the
 * insert path almost never waits for DDL — and retention drops whole partitions instead of deleting rows.
 */
export class EventPartitions {
  private readonly known = new Set<number>();

  constructor(private readonly db: PostgresDb) {}

  async ensure(receivedAts: readonly number[]): Promise<void> {
    for (const day of new Set(receivedAts.map((t) => Math.floor(t / DAY_MS)))) {
      if (this.known.has(day)) continue;
      try {
        await this.db.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF event_blocks FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`,
        );
      } catch (err) {
        // Another node created it between our IF NOT EXISTS check and the create.
        const code = (err as { code?: string }).code;
        if (code !== '42P07' && code !== '23505') throw err;
      }
      this.known.add(day);
    }
  }

  /** Removes the events received before `cutoffMs`: whole partitions dropped, the rest deleted. Returns how many. */
  async pruneBefore(cutoffMs: number): Promise<number> {
    const cutDay = Math.floor(cutoffMs / DAY_MS);
    const parts = await this.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'event_blocks'`,
    );
    let removed = 0;
    for (const { name } of parts) {
      const m = /^event_blocks_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
      if (day < cutDay) {
        removed += await this.db.transaction(async (tx) => {
          const r = await tx.query<{ n: number }>(
            `SELECT coalesce(sum(last_id - id + 1), 0)::bigint AS n FROM ${name}`,
          );
          await tx.query(`DROP TABLE ${name}`);
          return Number(r.rows[0]!.n);
        });
        this.known.delete(day);
      } else if (day === cutDay) {
        const r = await this.db.one<{ n: number }>(
          `WITH d AS (DELETE FROM ${name} WHERE received_at < $1 RETURNING last_id - id + 1 AS n) SELECT coalesce(sum(n), 0)::bigint AS n FROM d`,
          [cutoffMs],
        );
        removed += Number(r!.n);
      }
    }
    // The subject index rows of the removed blocks (they carry the block's receipt time).
    await this.db.query('DELETE FROM event_subjects WHERE received_at < $1', [cutoffMs]);
    await this.ensure([Date.now(), Date.now() + DAY_MS]);
    return removed;
  }
}
