import type { BudgetScope } from '@vigil/protocol';
import type { RuleProblem } from './rule-parse.js';
import type { AlertRule, RuleScope } from './rule-schema.js';

/**
 * Rule metrics of the monthly budgets (docs/cost.md): month-to-date spend ÷ budget and the linear forecast to
 * month end ÷ budget, of the one budget the rule's scope names. As of the evaluation time; the window does not matter.
 */
export const BUDGET_METRICS = ['budget.spentRatio', 'budget.forecastRatio'] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

/** Scope tags naming a use-case or team budget (a model budget is named by `scope.model`). */
export const BUDGET_TAGS = { useCase: 'useCase', team: 'team' } as const;

export function isBudgetMetric(name: string): name is BudgetMetric {
  return (BUDGET_METRICS as readonly string[]).includes(name);
}

/** The budget a rule scope names. */
export interface BudgetTarget {
  scope: BudgetScope;
  target: string;
}

/**
 * The budget a scope names: `scope.model` → the model's budget, tag `useCase: <id>` → the use case's, tag
 * `team: <name>` → the team's. Null unless exactly one of the three is given.
 * @example findBudgetTarget({ tags: { team: 'Marketing' } }) // { scope: 'team', target: 'Marketing' }
 */
export function findBudgetTarget(scope: Pick<RuleScope, 'model' | 'tags'> | undefined): BudgetTarget | null {
  const found: BudgetTarget[] = [];
  if (scope?.model !== undefined) found.push({ scope: 'model', target: scope.model });
  for (const name of ['useCase', 'team'] as const) {
    const v = scope?.tags?.[BUDGET_TAGS[name]];
    if (v !== undefined) found.push({ scope: name, target: v });
  }
  return found.length === 1 ? found[0]! : null;
}

/** The budget metric a rule reads, if any. */
export function findBudgetMetric(rule: AlertRule): BudgetMetric | null {
  const name =
    rule.kind === 'slo_burn' ? rule.errorRatioMetric : rule.kind === 'absence' ? (rule.metric ?? 'calls') : rule.metric;
  return isBudgetMetric(name) ? name : null;
}

/**
 * What a budget rule gets wrong, as rule problems (paths relative to the rule): budget metrics are ratios for
 * threshold and relative-change rules, need exactly one budget target, and take no endpoint or other tags
 * (besides `markerTags`, which mark the rule rather than filter events).
 * @example checkBudgetRule({ ...rule, metric: 'budget.forecastRatio', scope: {} }, '/rules/0', ['customer-facing']) // one problem at /rules/0/scope
 */
export function checkBudgetRule(rule: AlertRule, path: string, markerTags: readonly string[]): RuleProblem[] {
  const metric = findBudgetMetric(rule);
  if (metric === null) return [];
  const problems: RuleProblem[] = [];
  if (rule.kind === 'slo_burn')
    problems.push({
      path: `${path}/errorRatioMetric`,
      message: `"${metric}" is not a ratio of bad events; use "errorRate"`,
    });
  if (rule.kind === 'absence')
    problems.push({
      path: `${path}/metric`,
      message: `"${metric}" is a budget ratio, not a count; use a threshold rule (e.g. ${metric} > 1)`,
    });
  const given = [
    rule.scope?.model !== undefined && 'scope.model',
    ...Object.values(BUDGET_TAGS)
      .filter((t) => rule.scope?.tags?.[t] !== undefined)
      .map((t) => `scope.tags.${t}`),
  ].filter(Boolean);
  if (given.length !== 1) {
    problems.push({
      path: `${path}/scope`,
      message:
        given.length === 0
          ? `"${metric}" reads one monthly budget: set scope.model, or a scope tag "${BUDGET_TAGS.useCase}: <use-case id>" or "${BUDGET_TAGS.team}: <team>"`
          : `"${metric}" reads one monthly budget, but the scope names ${given.join(' and ')}; keep one`,
    });
  }
  if (rule.scope?.endpoint !== undefined)
    problems.push({
      path: `${path}/scope/endpoint`,
      message: `"${metric}": budgets are per model, use case or team, not per endpoint; remove scope.endpoint`,
    });
  const allowed = new Set<string>([...Object.values(BUDGET_TAGS), ...markerTags]);
  for (const tag of Object.keys(rule.scope?.tags ?? {})) {
    if (!allowed.has(tag))
      problems.push({
        path: `${path}/scope/tags/${tag}`,
        message: `"${metric}" accepts only the tags ${[...allowed].map((t) => `"${t}"`).join(', ')}`,
      });
  }
  return problems;
}
