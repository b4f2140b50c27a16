import type { PiiPolicyRecord, PiiPolicyStore, SecuritySignalCount, SecuritySignalStore } from '../contracts/index.js';
import { valuesList, type PostgresDb } from './postgres-db.js';

/** Personal-data policies in `pii_policies` (migration 162); the default is stored under use_case ''. */
export class PostgresPiiPolicyStore implements PiiPolicyStore {
  constructor(private readonly db: PostgresDb) {}

  async list(): Promise<PiiPolicyRecord[]> {
    const rows = await this.db.query<{
      use_case: string;
      policy: string;
      updated_at: number;
      updated_by: string | null;
    }>('SELECT use_case, policy, updated_at, updated_by FROM pii_policies ORDER BY use_case');
    return rows.map((r) => ({
      useCase: r.use_case === '' ? null : r.use_case,
      policy: JSON.parse(r.policy),
      updatedAtMs: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  async put(r: PiiPolicyRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO pii_policies (use_case, policy, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (use_case) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [r.useCase ?? '', JSON.stringify(r.policy), r.updatedAtMs, r.updatedBy],
    );
  }

  async delete(useCase: string): Promise<boolean> {
    if (useCase === '') return false;
    return (await this.db.query('DELETE FROM pii_policies WHERE use_case = $1 RETURNING 1', [useCase])).length > 0;
  }
}

/** Security signals per minute in `security_signals` (migration 162); nodes add to a minute with an upsert. */
export class PostgresSecuritySignalStore implements SecuritySignalStore {
  constructor(private readonly db: PostgresDb) {}

  async add(counts: readonly SecuritySignalCount[]): Promise<void> {
    // One row per key in a statement: ON CONFLICT cannot touch the same row twice.
    const merged = new Map<string, SecuritySignalCount>();
    for (const c of counts) {
      const key = `${c.signal}\u0001${c.subject}\u0001${c.minuteMs}`;
      const had = merged.get(key);
      if (had) had.count += c.count;
      else merged.set(key, { ...c });
    }
    const rows = [...merged.values()];
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await this.db.query(
        `INSERT INTO security_signals (signal, subject, minute, count) VALUES ${valuesList(chunk.length, 4)}
         ON CONFLICT (signal, minute, subject) DO UPDATE SET count = security_signals.count + excluded.count`,
        chunk.flatMap((c) => [c.signal, c.subject, c.minuteMs, c.count]),
      );
    }
  }

  async sumBySubject(signal: string, fromMs: number, toMs: number): Promise<Array<{ subject: string; count: number }>> {
    return this.db.query<{ subject: string; count: number }>(
      `SELECT subject, sum(count)::bigint AS count FROM security_signals
       WHERE signal = $1 AND minute >= $2 AND minute < $3 GROUP BY subject ORDER BY subject`,
      [signal, fromMs, toMs],
    );
  }

  async prune(beforeMs: number): Promise<number> {
    return (await this.db.query('DELETE FROM security_signals WHERE minute < $1 RETURNING 1', [beforeMs])).length;
  }
}
