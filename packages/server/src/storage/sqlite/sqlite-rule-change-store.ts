import type Database from 'better-sqlite3';
import type { RuleChangeRecord, RuleChangeStore } from '../contracts/index.js';

interface Row {
  id: number;
  rule_id: string;
  at: number;
  actor: string;
  change: RuleChangeRecord['change'];
  version: number | null;
  fields: string;
  reason: string | null;
}

const toRecord = (r: Row): RuleChangeRecord => ({
  id: r.id,
  ruleId: r.rule_id,
  at: r.at,
  actor: r.actor,
  change: r.change,
  version: r.version,
  fields: JSON.parse(r.fields) as RuleChangeRecord['fields'],
  reason: r.reason,
});

/** The rule change history (migration 190). */
export class SqliteRuleChangeStore implements RuleChangeStore {
  constructor(private readonly db: Database.Database) {}

  async add(record: Omit<RuleChangeRecord, 'id'>): Promise<RuleChangeRecord> {
    const info = this.db
      .prepare(
        'INSERT INTO rule_changes (rule_id, at, actor, change, version, fields, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.ruleId,
        record.at,
        record.actor,
        record.change,
        record.version,
        JSON.stringify(record.fields),
        record.reason,
      );
    return { ...record, id: Number(info.lastInsertRowid) };
  }

  async list(query: { ruleId?: string; limit?: number }): Promise<RuleChangeRecord[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
    const rows = (
      query.ruleId === undefined
        ? this.db.prepare('SELECT * FROM rule_changes ORDER BY id DESC LIMIT ?').all(limit)
        : this.db
            .prepare('SELECT * FROM rule_changes WHERE rule_id = ? ORDER BY id DESC LIMIT ?')
            .all(query.ruleId, limit)
    ) as Row[];
    return rows.map(toRecord);
  }
}
