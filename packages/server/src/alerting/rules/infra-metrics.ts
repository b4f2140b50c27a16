import type { RuleProblem } from './rule-parse.js';
import type { AlertRule } from './rule-schema.js';

/**
 * Rule metrics of the infrastructure (docs/infrastructure.md): `infra.<metric>` over the rule's window, per
 * resource, and the worst (largest) resource the scope selects. Scope: `scope.model` (resources linked to the
 * model) and the tags `service`, `host`, `pod`, `container`, `namespace`. `infra.genai.*` read the OpenTelemetry
 * GenAI client metrics, whose resources are a service's calls to one LLM: tokens, calls and errors in the window,
 * mean and bucket-estimated p95 duration in seconds. Pure.
 */
export const INFRA_RULE_METRICS = [
  'infra.cpu.utilization',
  'infra.memory.usage',
  'infra.memory.utilization',
  'infra.filesystem.usage',
  'infra.disk.io',
  'infra.network.io',
  'infra.restarts',
  'infra.genai.tokens.input',
  'infra.genai.tokens.output',
  'infra.genai.calls',
  'infra.genai.errors',
  'infra.genai.duration.mean',
  'infra.genai.duration.p95',
] as const;
export type InfraRuleMetric = (typeof INFRA_RULE_METRICS)[number];
export const INFRA_SCOPE_TAGS = ['service', 'host', 'pod', 'container', 'namespace'] as const;

export function isInfraMetric(name: string): name is InfraRuleMetric {
  return (INFRA_RULE_METRICS as readonly string[]).includes(name);
}

const metricOf = (rule: AlertRule): string =>
  rule.kind === 'slo_burn' ? rule.errorRatioMetric : rule.kind === 'absence' ? (rule.metric ?? 'calls') : rule.metric;

/** Whether a rule reads an infrastructure metric. */
export function isInfraRule(rule: AlertRule): boolean {
  return isInfraMetric(metricOf(rule));
}

/**
 * What an infrastructure rule gets wrong: an SLO burn rule (infra metrics are not ratios of bad events), an
 * endpoint, a tag that selects no resource (markerTags are allowed).
 * @example checkInfraRule({ ...rule, metric: 'infra.cpu.utilization', scope: { tags: { host: 'gpu-1' } } }, '/rules/0', []) // []
 */
export function checkInfraRule(rule: AlertRule, path: string, markerTags: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (rule.kind === 'slo_burn')
    problems.push({
      path: `${path}/errorRatioMetric`,
      message: `"${metricOf(rule)}" is not a ratio of bad events; use "errorRate"`,
    });
  if (rule.scope?.endpoint !== undefined)
    problems.push({
      path: `${path}/scope/endpoint`,
      message: 'infrastructure metrics are per resource, not per endpoint; remove scope.endpoint',
    });
  for (const tag of Object.keys(rule.scope?.tags ?? {}))
    if (!(INFRA_SCOPE_TAGS as readonly string[]).includes(tag) && !markerTags.includes(tag))
      problems.push({
        path: `${path}/scope/tags/${tag}`,
        message: `infrastructure rules select resources by ${INFRA_SCOPE_TAGS.join(', ')}; remove "${tag}"`,
      });
  return problems;
}
