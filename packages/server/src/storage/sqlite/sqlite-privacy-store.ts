import type Database from 'better-sqlite3';
import type { PiiPolicyRecord, PiiPolicyStore, SecuritySignalCount, SecuritySignalStore } from '../contracts/index.js';

interface PolicyRow {
  use_case: string;
  policy: string;
  updated_at: number;
  updated_by: string | null;
}

/** Personal-data policies in `pii_policies` (migration 162); the default is stored under use_case ''. */
export class SqlitePiiPolicyStore implements PiiPolicyStore {
  constructor(private readonly db: Database.Database) {}

  async list(): Promise<PiiPolicyRecord[]> {
    const rows = this.db.prepare('SELECT * FROM pii_policies ORDER BY use_case').all() as PolicyRow[];
    return rows.map((r) => ({
      useCase: r.use_case === '' ? null : r.use_case,
      policy: JSON.parse(r.policy),
      updatedAtMs: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  async put(r: PiiPolicyRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO pii_policies (use_case, policy, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (use_case) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(r.useCase ?? '', JSON.stringify(r.policy), r.updatedAtMs, r.updatedBy);
  }

  async delete(useCase: string): Promise<boolean> {
    if (useCase === '') return false;
    return this.db.prepare('DELETE FROM pii_policies WHERE use_case = ?').run(useCase).changes > 0;
  }
}

/** Security signals per minute in `security_signals` (migration 163). */
export class SqliteSecuritySignalStore implements SecuritySignalStore {
  private readonly addAll: (counts: readonly SecuritySignalCount[]) => void;

  constructor(private readonly db: Database.Database) {
    const upsert = db.prepare(
      `INSERT INTO security_signals (signal, subject, minute, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (signal, minute, subject) DO UPDATE SET count = count + excluded.count`,
    );
    this.addAll = db.transaction((counts: readonly SecuritySignalCount[]) => {
      for (const c of counts) upsert.run(c.signal, c.subject, c.minuteMs, c.count);
    });
  }

  async add(counts: readonly SecuritySignalCount[]): Promise<void> {
    if (counts.length > 0) this.addAll(counts);
  }

  async sumBySubject(signal: string, fromMs: number, toMs: number): Promise<Array<{ subject: string; count: number }>> {
    return this.db
      .prepare(
        `SELECT subject, sum(count) AS count FROM security_signals
         WHERE signal = ? AND minute >= ? AND minute < ? GROUP BY subject ORDER BY subject`,
      )
      .all(signal, fromMs, toMs) as Array<{ subject: string; count: number }>;
  }

  async prune(beforeMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM security_signals WHERE minute < ?').run(beforeMs).changes;
  }
}
