import type { RuleChangeRecord, RuleChangeStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const COLUMNS = 'id, rule_id AS "ruleId", at, actor, change, version, fields, reason';

/** The rule change history (migration 4). */
export class PostgresRuleChangeStore implements RuleChangeStore {
  constructor(private readonly db: PostgresDb) {}

  async add(record: Omit<RuleChangeRecord, 'id'>): Promise<RuleChangeRecord> {
    const r = await this.db.one<{ id: number }>(
      'INSERT INTO rule_changes (rule_id, at, actor, change, version, fields, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [
        record.ruleId,
        record.at,
        record.actor,
        record.change,
        record.version,
        JSON.stringify(record.fields),
        record.reason,
      ],
    );
    return { ...record, id: r!.id };
  }

  async list(query: { ruleId?: string; limit?: number }): Promise<RuleChangeRecord[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
    const rows =
      query.ruleId === undefined
        ? await this.db.query<RuleChangeRecord & { fields: string }>(
            `SELECT ${COLUMNS} FROM rule_changes ORDER BY id DESC LIMIT $1`,
            [limit],
          )
        : await this.db.query<RuleChangeRecord & { fields: string }>(
            `SELECT ${COLUMNS} FROM rule_changes WHERE rule_id = $1 ORDER BY id DESC LIMIT $2`,
            [query.ruleId, limit],
          );
    return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as RuleChangeRecord['fields'] }));
  }
}
