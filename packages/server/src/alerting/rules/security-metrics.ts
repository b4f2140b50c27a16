import type { RuleProblem } from './rule-parse.js';
import type { AlertRule } from './rule-schema.js';

/**
 * Rule metrics of the security signals (docs/security-signals.md), for InfoSec's *Security Events* rules. Counts
 * are over the rule's window, in whole minutes (the signals are stored per minute).
 * - `security.failedLogins`: failed dashboard logins (bad password, unknown user, throttled, refused key login).
 * - `security.rejectedKeys`: requests with an unknown, revoked or expired key, or a key whose scope lacks the route.
 * - `security.keyNewAddress`: a key used from an address it was not seen from before (tag `key: <key id>` for one key).
 * - `security.promptInjections`: LLM events whose prompt matches a prompt-injection pattern (`scope.model` for one model).
 * - `security.llmOutputPii`: LLM events whose response holds personal data (`scope.model` for one model).
 * - `security.keyVolumeRatio`: a key's requests in the window ÷ its mean per window of that length over the
 *   trailing 24 hours before it; the busiest key's ratio unless tag `key` names one. No data for a key without
 *   a baseline.
 */
export const SECURITY_METRICS = [
  'security.failedLogins',
  'security.rejectedKeys',
  'security.keyNewAddress',
  'security.promptInjections',
  'security.llmOutputPii',
  'security.keyVolumeRatio',
] as const;
export type SecurityMetric = (typeof SECURITY_METRICS)[number];

/** The scope tag naming one API key (its id, as in GET /api/v1/keys). */
export const SECURITY_KEY_TAG = 'key';

const PER_MODEL: ReadonlySet<string> = new Set(['security.promptInjections', 'security.llmOutputPii']);
const PER_KEY: ReadonlySet<string> = new Set(['security.keyNewAddress', 'security.keyVolumeRatio']);

export function isSecurityMetric(name: string): name is SecurityMetric {
  return (SECURITY_METRICS as readonly string[]).includes(name);
}

/** The security metric a rule reads, if any. */
export function findSecurityMetric(rule: AlertRule): SecurityMetric | null {
  const name =
    rule.kind === 'slo_burn' ? rule.errorRatioMetric : rule.kind === 'absence' ? (rule.metric ?? 'calls') : rule.metric;
  return isSecurityMetric(name) ? name : null;
}

/**
 * What a security rule gets wrong (paths relative to the rule): security metrics are counts or a ratio for
 * threshold and relative-change rules; `scope.model` only on the per-model ones, tag `key` only on the per-key
 * ones, no endpoint and no other tags (besides `markerTags`).
 * @example checkSecurityRule({ ...rule, metric: 'security.failedLogins', scope: { model: 'm' } }, '/rules/0', []) // one problem
 */
export function checkSecurityRule(rule: AlertRule, path: string, markerTags: readonly string[]): RuleProblem[] {
  const metric = findSecurityMetric(rule);
  if (metric === null) return [];
  const problems: RuleProblem[] = [];
  if (rule.kind === 'slo_burn' || rule.kind === 'absence')
    problems.push({
      path: `${path}/${rule.kind === 'slo_burn' ? 'errorRatioMetric' : 'metric'}`,
      message: `"${metric}" is a security signal; use a threshold or relative-change rule (e.g. ${metric} > 5)`,
    });
  if (rule.scope?.model !== undefined && !PER_MODEL.has(metric))
    problems.push({
      path: `${path}/scope/model`,
      message: `"${metric}" is not counted per model; remove scope.model`,
    });
  if (rule.scope?.endpoint !== undefined)
    problems.push({
      path: `${path}/scope/endpoint`,
      message: `"${metric}" is not counted per endpoint; remove scope.endpoint`,
    });
  for (const tag of Object.keys(rule.scope?.tags ?? {})) {
    if (markerTags.includes(tag) || (tag === SECURITY_KEY_TAG && PER_KEY.has(metric))) continue;
    problems.push({
      path: `${path}/scope/tags/${tag}`,
      message: PER_KEY.has(metric)
        ? `"${metric}" accepts only the tag "${SECURITY_KEY_TAG}" (an API key id)`
        : `"${metric}" takes no tags`,
    });
  }
  return problems;
}
