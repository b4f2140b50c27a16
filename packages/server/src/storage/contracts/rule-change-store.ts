/**
 * The rule change history (`Store.ruleChanges`): one record per create, update or delete of an alert rule,
 * through the API, a rule file or an applied tuning proposal, with who made it, why, and the fields that moved.
 * storage/sqlite implements it (migration 190). Times are epoch ms.
 */
export interface RuleChangeRecord {
  id: number;
  ruleId: string;
  at: number;
  /** The API key name of the person, or "system". */
  actor: string;
  change: 'create' | 'update' | 'delete';
  /** The rule's version after the change; null for a delete. */
  version: number | null;
  /** update: the top-level fields that differ (before / after as JSON values). */
  fields: Array<{ field: string; before: unknown; after: unknown }>;
  /** Why, when the caller said (e.g. "tuning: for 1m → 3m removes 2 false positives, keeps 1 true incident"). */
  reason: string | null;
}

export interface RuleChangeStore {
  add(record: Omit<RuleChangeRecord, 'id'>): Promise<RuleChangeRecord>;
  /** Newest first; at most `limit` (default 100). */
  list(query: { ruleId?: string; limit?: number }): Promise<RuleChangeRecord[]>;
}
