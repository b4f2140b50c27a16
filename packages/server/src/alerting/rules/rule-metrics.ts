import { METRICS, segmentName } from '../../analysis/api-health/index.js';
import { FEATURE_TAG, isModelHealthMetric, MODEL_HEALTH_METRICS } from '../../analysis/model-health/index.js';
import { BUDGET_METRICS, checkBudgetRule, findBudgetMetric } from './budget-metrics.js';
import { checkInfraRule, INFRA_RULE_METRICS, isInfraRule } from './infra-metrics.js';
import { checkSecurityRule, findSecurityMetric, SECURITY_METRICS } from './security-metrics.js';
import type { RuleProblem } from './rule-parse.js';
import type { AlertRule } from './rule-schema.js';

/**
 * Which metrics and scopes a rule may use, checked before it is stored: the API-health metrics of the rollups,
 * the model-health metrics of the hourly windows, the budget ratios, one segment tag. Pure.
 */

/** Metric names alert rules can use: the API-health metrics of the rollups, the model-health metrics (hourly), the budget ratios, the security signals. */
export const ALERTABLE_METRICS: readonly string[] = [
  ...Object.keys(METRICS),
  ...MODEL_HEALTH_METRICS,
  ...BUDGET_METRICS,
  ...INFRA_RULE_METRICS,
  ...SECURITY_METRICS,
];

/** A scope tag that marks a rule as customer-facing instead of selecting a segment. */
export const CUSTOMER_FACING_TAG = 'customer-facing';

/** Scope tags that do not select a segment: the customer-facing marker and a model-health feature name. */
const NON_SEGMENT_TAGS = new Set([CUSTOMER_FACING_TAG, FEATURE_TAG]);

/**
 * The segment a query reads ("region=eu"), from its one segment tag; "" (all calls) without one. Rules are
 * validated to carry at most one ({@link checkRuleAgainstRollups}).
 */
export function segmentOf(tags: Readonly<Record<string, string>> | undefined): string {
  for (const [key, value] of Object.entries(tags ?? {})) if (!NON_SEGMENT_TAGS.has(key)) return segmentName(key, value);
  return '';
}

/**
 * What the metric source cannot answer for a rule, as rule problems (path relative to the rule):
 * unknown metrics, model-health metrics without `scope.model` (or with an endpoint: model windows are per
 * model), more than one segment tag, segment tags on model-health metrics (only `feature` on
 * `quality.missingRate`); the `customer-facing` tag is a marker, not a segment.
 * Budget rules are checked by `checkBudgetRule` (one budget target in the scope).
 * @example checkRuleAgainstRollups(rule, '/rules/0') // [] when every metric is known
 */
export function checkRuleAgainstRollups(rule: AlertRule, path = ''): RuleProblem[] {
  if (findBudgetMetric(rule) !== null) return checkBudgetRule(rule, path, [CUSTOMER_FACING_TAG]);
  if (isInfraRule(rule)) return checkInfraRule(rule, path, [CUSTOMER_FACING_TAG]);
  if (findSecurityMetric(rule) !== null) return checkSecurityRule(rule, path, [CUSTOMER_FACING_TAG]);
  const problems: RuleProblem[] = [];
  const metrics: Array<[string, string]> =
    rule.kind === 'slo_burn'
      ? [['errorRatioMetric', rule.errorRatioMetric]]
      : rule.kind === 'absence'
        ? [['metric', rule.metric ?? 'calls']]
        : [['metric', rule.metric]];
  let isHealth = false;
  for (const [field, name] of metrics) {
    if (isModelHealthMetric(name)) {
      isHealth = true;
      if (rule.kind === 'slo_burn')
        problems.push({ path: `${path}/${field}`, message: `"${name}" is not a ratio of bad events; use "errorRate"` });
      continue;
    }
    if (Object.hasOwn(METRICS, name)) continue;
    problems.push({
      path: `${path}/${field}`,
      message: `"${name}": unknown metric; choose from ${ALERTABLE_METRICS.join(', ')}`,
    });
  }
  if (
    rule.kind === 'slo_burn' &&
    rule.errorRatioMetric !== 'errorRate' &&
    Object.hasOwn(METRICS, rule.errorRatioMetric)
  ) {
    problems.push({
      path: `${path}/errorRatioMetric`,
      message: `"${rule.errorRatioMetric}" is not a ratio of bad events; use "errorRate"`,
    });
  }
  if (isHealth && rule.kind !== 'slo_burn') {
    if (rule.scope?.model === undefined)
      problems.push({
        path: `${path}/scope/model`,
        message: `"${metrics[0]![1]}" is a model-health metric, computed per model: set scope.model`,
      });
    if (rule.scope?.endpoint !== undefined)
      problems.push({
        path: `${path}/scope/endpoint`,
        message: `"${metrics[0]![1]}" is a model-health metric: model windows are per model, not per endpoint; remove scope.endpoint`,
      });
  }
  const isMissingRate = metrics.some(([, name]) => name === 'quality.missingRate');
  let segmentTag: string | null = null;
  for (const tag of Object.keys(rule.scope?.tags ?? {})) {
    if (tag === CUSTOMER_FACING_TAG || (tag === FEATURE_TAG && isMissingRate)) continue;
    const at = `${path}/scope/tags/${tag}`;
    if (isHealth) {
      problems.push({
        path: at,
        message: `model-health metrics are computed per model, not per segment; remove the tag (only "${FEATURE_TAG}" on quality.missingRate is accepted)`,
      });
    } else if (tag === FEATURE_TAG) {
      problems.push({
        path: at,
        message: `"${FEATURE_TAG}" selects a feature of quality.missingRate; API-health metrics have no features`,
      });
    } else if (segmentTag !== null) {
      problems.push({
        path: at,
        message: `one segment tag per rule: rollups keep a series per tag value, not per combination ("${segmentTag}" is already set); make one rule per tag`,
      });
    } else {
      segmentTag = tag;
    }
  }
  return problems;
}

/** True when the rule marks a customer-facing service: `isCustomerFacing: true`, or the scope tag `customer-facing: "true"`. */
export function isCustomerFacingRule(rule: AlertRule): boolean {
  return rule.isCustomerFacing === true || rule.scope?.tags?.[CUSTOMER_FACING_TAG] === 'true';
}
