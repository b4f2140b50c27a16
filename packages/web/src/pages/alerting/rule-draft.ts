import type { AlertRule, Comparator, MonitoringArea, RuleKind, Severity } from '@vigil/protocol';

/** Metrics the server's rollups answer (analysis/api-health METRICS); offered as suggestions, the server validates. */
export const SUGGESTED_METRICS = [
  'latency.p95',
  'latency.p99',
  'latency.p50',
  'latency.p90',
  'latency.mean',
  'latency.max',
  'errorRate',
  'errors',
  'calls',
  'callsPerMinute',
  'cost',
  'costPerCall',
  'tokens',
  'inputTokens',
  'outputTokens',
  'ttft.p50',
  'ttft.p95',
  'security.failedLogins',
  'security.rejectedKeys',
  'security.keyNewAddress',
  'security.keyVolumeRatio',
  'security.promptInjections',
  'security.llmOutputPii',
];

/** The editor's form state: every input as the text the user typed. */
export interface RuleDraft {
  id: string;
  name: string;
  kind: RuleKind;
  enabled: boolean;
  area: MonitoringArea;
  severity: Severity;
  runbook: string;
  summary: string;
  model: string;
  endpoint: string;
  /** One tag value the rule is scoped to, "key=value" (e.g. region=eu); empty: all calls. */
  segment: string;
  for: string;
  keepFiringFor: string;
  impact: string;
  isCustomerFacing: boolean;
  metric: string;
  window: string;
  comparator: Comparator;
  value: string;
  offset: string;
  changePercent: string;
  errorRatioMetric: string;
  objectivePercent: string;
  alert: 'page' | 'ticket';
  /** Fields the form does not edit, kept as they were: labels, scope tags, explicit burn windows. */
  kept: {
    labels?: Record<string, string>;
    tags?: Record<string, string>;
    windows?: Array<{ long: string; short: string; burnRate: number }>;
  };
}

export const EMPTY_DRAFT: RuleDraft = {
  id: '',
  name: '',
  kind: 'threshold',
  enabled: true,
  area: 'API Performance',
  severity: 'warning',
  runbook: '',
  summary: '',
  model: '',
  endpoint: '',
  segment: '',
  for: '',
  keepFiringFor: '',
  impact: '',
  isCustomerFacing: false,
  metric: 'latency.p95',
  window: '',
  comparator: '>',
  value: '',
  offset: '1d',
  changePercent: '',
  errorRatioMetric: 'errorRate',
  objectivePercent: '99.9',
  alert: 'page',
  kept: {},
};

const str = (v: number | undefined) => (v === undefined ? '' : String(v));

/** Scope tags that are not segments: the customer-facing marker, a missing-rate feature, budget targets. */
const NON_SEGMENT_TAGS = new Set(['customer-facing', 'feature', 'useCase', 'team']);

/** The segment tag of a scope as "key=value", and the other tags (kept as they are). */
export function splitScopeTags(tags: Record<string, string> | undefined): {
  segment: string;
  others: Record<string, string> | undefined;
} {
  const entries = Object.entries(tags ?? {});
  const seg = entries.find(([k]) => !NON_SEGMENT_TAGS.has(k));
  const others = entries.filter((e) => e !== seg);
  return { segment: seg ? `${seg[0]}=${seg[1]}` : '', others: others.length ? Object.fromEntries(others) : undefined };
}

/** The form state of a stored rule. */
export function draftFromRule(rule: AlertRule): RuleDraft {
  const tags = splitScopeTags(rule.scope?.tags);
  const d: RuleDraft = {
    ...EMPTY_DRAFT,
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    enabled: rule.enabled ?? true,
    area: rule.area,
    severity: rule.severity,
    runbook: rule.runbook,
    summary: rule.summary ?? '',
    model: rule.scope?.model ?? '',
    endpoint: rule.scope?.endpoint ?? '',
    for: rule.for ?? '',
    keepFiringFor: rule.keepFiringFor ?? '',
    impact: str(rule.businessImpactUsdPerHour),
    isCustomerFacing: rule.isCustomerFacing ?? false,
    segment: tags.segment,
    kept: { ...(rule.labels && { labels: rule.labels }), ...(tags.others && { tags: tags.others }) },
  };
  switch (rule.kind) {
    case 'threshold':
      return {
        ...d,
        metric: rule.metric,
        window: rule.window ?? '',
        comparator: rule.comparator,
        value: String(rule.value),
      };
    case 'relative_change':
      return {
        ...d,
        metric: rule.metric,
        window: rule.window ?? '',
        offset: rule.offset,
        comparator: rule.comparator,
        changePercent: String(rule.changePercent),
      };
    case 'absence':
      return { ...d, metric: rule.metric ?? '', window: rule.window };
    case 'slo_burn':
      return {
        ...d,
        errorRatioMetric: rule.errorRatioMetric,
        objectivePercent: String(rule.objectivePercent),
        alert: rule.alert ?? 'page',
        kept: { ...d.kept, ...(rule.windows && { windows: rule.windows }) },
      };
  }
}

const DURATION = /^[0-9]+(ms|s|m|h|d|w)$/;

/**
 * The rule a draft describes, or the problems that keep it from being one. Checks only what the form
 * can know (required fields, numbers, duration syntax); the server validates the rest and its message is shown.
 */
export function buildRule(
  d: RuleDraft,
):
  | { rule: AlertRule; problems: []; problemFields: [] }
  | { rule: null; problems: string[]; problemFields: Array<keyof RuleDraft> } {
  const problems: string[] = [];
  // The draft field each problem is about, so the form shows it only once that field was touched.
  const problemFields: Array<keyof RuleDraft> = [];
  const fail = (field: keyof RuleDraft, message: string) => {
    problems.push(message);
    problemFields.push(field);
  };
  const need = (label: string, v: string, field: keyof RuleDraft) => {
    if (!v.trim()) fail(field, `${label} is required`);
    return v.trim();
  };
  const num = (label: string, v: string, required: boolean, field: keyof RuleDraft): number | undefined => {
    if (!v.trim()) {
      if (required) fail(field, `${label} is required`);
      return undefined;
    }
    const n = Number(v);
    if (!Number.isFinite(n)) fail(field, `${label} must be a number, got "${v}"`);
    return n;
  };
  const dur = (label: string, v: string, field: keyof RuleDraft, required = false): string | undefined => {
    const t = v.trim();
    if (!t) {
      if (required) fail(field, `${label} is required`);
      return undefined;
    }
    if (!DURATION.test(t)) fail(field, `${label} must be a duration such as 30s, 5m, 1h, 1d, got "${t}"`);
    return t;
  };
  const id = need('Id', d.id, 'id');
  let tags = d.kept.tags;
  const segment = d.segment.trim();
  if (segment) {
    const eq = segment.indexOf('=');
    if (eq <= 0) fail('segment', `Segment must be one tag value as key=value, e.g. region=eu; got "${segment}"`);
    else tags = { ...tags, [segment.slice(0, eq).trim()]: segment.slice(eq + 1).trim() };
  }
  const scope = {
    ...(d.model.trim() && { model: d.model.trim() }),
    ...(d.endpoint.trim() && { endpoint: d.endpoint.trim() }),
    ...(tags && { tags }),
  };
  const impact = num('Business impact', d.impact, false, 'impact');
  if (impact !== undefined && impact < 0) fail('impact', 'Business impact must be 0 or more');
  const common = {
    id,
    name: need('Name', d.name, 'name'),
    enabled: d.enabled,
    area: d.area,
    severity: d.severity,
    runbook: need('Runbook', d.runbook, 'runbook'),
    ...(d.summary.trim() && { summary: d.summary.trim() }),
    ...(Object.keys(scope).length > 0 && { scope }),
    ...(impact !== undefined && { businessImpactUsdPerHour: impact }),
    ...(d.isCustomerFacing && { isCustomerFacing: true }),
    ...(d.kept.labels && { labels: d.kept.labels }),
    ...optional('for', dur('For', d.for, 'for')),
    ...optional('keepFiringFor', dur('Keep firing for', d.keepFiringFor, 'keepFiringFor')),
  };
  let rule: AlertRule;
  switch (d.kind) {
    case 'threshold':
      rule = {
        ...common,
        kind: 'threshold',
        metric: need('Metric', d.metric, 'metric'),
        comparator: d.comparator,
        value: num('Value', d.value, true, 'value') ?? 0,
        ...optional('window', dur('Window', d.window, 'window')),
      };
      break;
    case 'relative_change':
      rule = {
        ...common,
        kind: 'relative_change',
        metric: need('Metric', d.metric, 'metric'),
        comparator: d.comparator,
        changePercent: num('Change %', d.changePercent, true, 'changePercent') ?? 0,
        offset: dur('Compared with', d.offset, 'offset', true) ?? '',
        ...optional('window', dur('Window', d.window, 'window')),
      };
      break;
    case 'absence':
      rule = {
        ...common,
        kind: 'absence',
        window: dur('Window', d.window, 'window', true) ?? '',
        ...optional('metric', d.metric.trim() || undefined),
      };
      break;
    case 'slo_burn': {
      const objective = num('Objective', d.objectivePercent, true, 'objectivePercent');
      if (objective !== undefined && !(objective > 0 && objective < 100))
        fail('objectivePercent', 'Objective must be strictly between 0 and 100 (%)');
      rule = {
        ...common,
        kind: 'slo_burn',
        errorRatioMetric: need('Error-ratio metric', d.errorRatioMetric, 'errorRatioMetric'),
        objectivePercent: objective ?? 0,
        // Explicit window pairs (from YAML or the API) override `alert`; the form keeps them untouched.
        ...(d.kept.windows ? { windows: d.kept.windows } : { alert: d.alert }),
      };
      break;
    }
  }
  return problems.length ? { rule: null, problems, problemFields } : { rule, problems: [], problemFields: [] };
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
