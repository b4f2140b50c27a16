import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { AlertRuleSchema, type AlertRule } from './rule-schema.js';

/** One problem found in a rule or rule file; `path` is a JSON pointer such as `/rules/3/window`. */
export interface RuleProblem {
  path: string;
  message: string;
}

export type RuleValidation = { ok: true; rules: AlertRule[] } | { ok: false; problems: RuleProblem[] };

/**
 * Validates rules already decoded from JSON (REST body) against {@link AlertRuleSchema}, reporting every
 * problem at once, and checks what the schema cannot: ids unique.
 * @example
 * const v = validateRules(body.rules);
 * if (!v.ok) throw new RuleInvalid(v.problems);
 */
export function validateRules(input: unknown, basePath = ''): RuleValidation {
  if (!Array.isArray(input))
    return { ok: false, problems: [{ path: basePath || '/', message: 'expected an array of rules' }] };
  const problems: RuleProblem[] = [];
  const seen = new Map<string, number>();
  input.forEach((rule, i) => {
    const path = `${basePath}/${i}`;
    if (!Value.Check(AlertRuleSchema, rule)) {
      problems.push(...describeRuleErrors(rule, path));
      return;
    }
    const previous = seen.get(rule.id);
    if (previous !== undefined)
      problems.push({
        path: `${path}/id`,
        message: `duplicate rule id "${rule.id}" (also at ${basePath}/${previous})`,
      });
    seen.set(rule.id, i);
  });
  return problems.length ? { ok: false, problems } : { ok: true, rules: input as AlertRule[] };
}

/**
 * Parses a YAML rule file (`rules: [...]`) and validates it.
 * @example
 * const v = parseRulesYaml(readFileSync('alerts.yaml', 'utf8'));
 */
export function parseRulesYaml(text: string): RuleValidation {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '/', message: `invalid YAML: ${(error as Error).message}` }] };
  }
  if (typeof doc !== 'object' || doc === null || !('rules' in doc)) {
    return { ok: false, problems: [{ path: '/', message: 'expected a mapping with a "rules" list' }] };
  }
  const extra = Object.keys(doc).filter((k) => k !== 'rules');
  if (extra.length)
    return {
      ok: false,
      problems: extra.map((k) => ({ path: `/${k}`, message: `unknown key "${k}"; only "rules" is allowed` })),
    };
  return validateRules((doc as { rules: unknown }).rules, '/rules');
}

// A union reports errors against every member; pick the member named by `kind` so messages point at the real field.
function describeRuleErrors(rule: unknown, path: string): RuleProblem[] {
  const kind = typeof rule === 'object' && rule !== null ? (rule as { kind?: unknown }).kind : undefined;
  const member = AlertRuleSchema.anyOf.find((s) => s.properties.kind.const === kind);
  if (!member) {
    return [{ path: `${path}/kind`, message: 'kind must be one of threshold, relative_change, absence, slo_burn' }];
  }
  return [...Value.Errors(member, rule)].map((e) => ({ path: `${path}${e.path}`, message: e.message }));
}
