import type { AlertRule } from '../rules/rule-schema.js';
import type { AlertingStore, RuleChangeRecord, RuleChangeStore, RuleSource, StoredRule } from '../../storage/index.js';
import { diffFields } from './rule-diff.js';

/** Who changes a rule, and why (the reason lands in the rule change history). */
export interface RuleChangeActor {
  actor: string;
  reason?: string | null;
}

/**
 * Rule writes that leave a record in the rule change history: every create, update and delete made through
 * the rules API, a rule file or an applied tuning proposal. An unchanged put records nothing.
 * @example await rules.put(rule, 'api', { actor: 'alice', reason: 'tuning: for 1m → 3m' }, now)
 */
export class RuleHistory {
  constructor(
    private readonly rules: AlertingStore,
    private readonly changes: RuleChangeStore,
  ) {}

  async put(
    rule: AlertRule,
    source: RuleSource,
    who: RuleChangeActor,
    now: number,
  ): Promise<{ stored: StoredRule; change: 'created' | 'updated' | 'unchanged' }> {
    const before = await this.rules.getRule(rule.id);
    const result = await this.rules.putRule(rule, source, now);
    if (result.change === 'unchanged') return result;
    // `enabled` defaults to true: a body that spells the default out (the wire serializer fills it in) is no change.
    const fields = before ? diffFields(withDefaults(before.rule), withDefaults(rule)) : [];
    if (before && before.source !== source) fields.push({ field: 'source', before: before.source, after: source });
    await this.changes.add({
      ruleId: rule.id,
      at: now,
      actor: who.actor,
      change: result.change === 'created' ? 'create' : 'update',
      version: result.stored.version,
      fields,
      reason: who.reason ?? null,
    });
    return result;
  }

  async delete(id: string, who: RuleChangeActor, now: number): Promise<boolean> {
    const before = await this.rules.getRule(id);
    if (!before || !(await this.rules.deleteRule(id))) return false;
    await this.changes.add({
      ruleId: id,
      at: now,
      actor: who.actor,
      change: 'delete',
      version: null,
      fields: [],
      reason: who.reason ?? null,
    });
    return true;
  }

  /** Newest first. */
  list(ruleId: string, limit = 100): Promise<RuleChangeRecord[]> {
    return this.changes.list({ ruleId, limit });
  }
}

function withDefaults(rule: AlertRule): AlertRule {
  return { ...rule, enabled: rule.enabled ?? true };
}
