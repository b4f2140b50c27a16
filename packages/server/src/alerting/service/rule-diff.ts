import type { AlertRule } from '../rules/rule-schema.js';
import type { RuleSource, StoredRule } from '../../storage/contracts/alerting-store.js';

export interface RuleChange {
  id: string;
  change: 'create' | 'update' | 'delete' | 'unchanged';
  /** update: the top-level fields that differ. */
  fields?: Array<{ field: string; before: unknown; after: unknown }>;
}

/**
 * What applying a rule file changes: rules in the file are created or updated (or left alone when equal);
 * rules that came from a file earlier (`source: "yaml"`) and are no longer in it are deleted. Rules created
 * through the API are never deleted by a file. Sorted by id.
 * @example planRuleApply(fileRules, await store.listRules()) // [{ id: 'p95', change: 'unchanged' }, ...]
 */
export function planRuleApply(
  incoming: readonly AlertRule[],
  stored: readonly StoredRule[],
  source: RuleSource = 'yaml',
): RuleChange[] {
  const byId = new Map(stored.map((s) => [s.rule.id, s]));
  const changes: RuleChange[] = incoming.map((rule) => {
    const old = byId.get(rule.id);
    if (!old) return { id: rule.id, change: 'create' };
    const fields = diffFields(old.rule, rule);
    if (old.source !== source) fields.push({ field: 'source', before: old.source, after: source });
    return fields.length ? { id: rule.id, change: 'update', fields } : { id: rule.id, change: 'unchanged' };
  });
  const incomingIds = new Set(incoming.map((r) => r.id));
  for (const s of stored)
    if (s.source === source && !incomingIds.has(s.rule.id)) changes.push({ id: s.rule.id, change: 'delete' });
  return changes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The top-level fields of two rule bodies that differ, sorted by name. */
export function diffFields(
  before: AlertRule,
  after: AlertRule,
): Array<{ field: string; before: unknown; after: unknown }> {
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return names.filter((k) => canonical(b[k]) !== canonical(a[k])).map((k) => ({ field: k, before: b[k], after: a[k] }));
}

/** JSON with sorted keys: equal values compare equal whatever the key order of the YAML. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}
