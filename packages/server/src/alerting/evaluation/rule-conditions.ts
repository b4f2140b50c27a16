import type { AlertRule, Comparator } from '../rules/rule-schema.js';
import { parseDurationMs } from '../rules/duration.js';
import {
  SRE_WORKBOOK_BURN_WINDOWS,
  evaluateMultiwindowBurn,
  type BurnWindowPair,
  type BurnWindowResult,
} from '../slo/index.js';
import { metricScopeKey, type MetricQuery, type MetricSource } from './metric-source.js';

/** The outcome of one rule in one round: is its condition met, and the number behind it. */
export interface RuleEvaluation {
  rule: AlertRule;
  /** Condition met now (before `for` / `keepFiringFor`, which the state tracker applies). */
  isActive: boolean;
  /** threshold: the metric; relative_change: % change; absence: the count; slo_burn: highest long-window burn rate. Null = no data. */
  value: number | null;
  /** slo_burn only: every window pair. */
  burnWindows?: BurnWindowResult[];
}

/** Distinct queries of a round and, per rule, which of them it reads. */
export interface EvaluationPlan {
  now: number;
  rules: readonly AlertRule[];
  queries: MetricQuery[];
  /** slots[i] = indexes into `queries` for rules[i], in the order its kind needs them. */
  slots: number[][];
}

interface CompiledLookup {
  /** metricScopeKey + window offsets relative to now: equal within a round ⇔ same query. */
  key: string;
  metric: string;
  fromAgoMs: number;
  toAgoMs: number;
}

interface CompiledRule {
  lookups: CompiledLookup[];
  burnPairs: readonly BurnWindowPair[];
  /** Per pair: indexes of its long and short window in `lookups`. */
  burnSlots: [number, number][];
}

const DEFAULT_WINDOW_MS = { threshold: 300_000, relative_change: 3_600_000 } as const;
const compiled = new WeakMap<AlertRule, CompiledRule>();

/**
 * Lists the distinct metric queries a round needs. Rules sharing metric, scope and window share one query,
 * so 10,000 rules over 100 models cost one `fetchMany` with at most one entry per distinct lookup.
 * Disabled rules are skipped.
 * @example
 * const plan = planEvaluation(rules, now);
 * const values = await source.fetchMany(plan.queries);
 * const results = evaluatePlan(plan, values);
 */
export function planEvaluation(rules: readonly AlertRule[], now: number): EvaluationPlan {
  const enabled = rules.filter((r) => r.enabled !== false);
  const queries: MetricQuery[] = [];
  const index = new Map<string, number>();
  const slots = enabled.map((rule) =>
    compileRule(rule).lookups.map((l) => {
      let i = index.get(l.key);
      if (i === undefined) {
        const scope = rule.scope;
        i =
          queries.push({
            metric: l.metric,
            model: scope?.model,
            endpoint: scope?.endpoint,
            tags: scope?.tags,
            from: now - l.fromAgoMs,
            to: now - l.toAgoMs,
          }) - 1;
        index.set(l.key, i);
      }
      return i;
    }),
  );
  return { now, rules: enabled, queries, slots };
}

/** Turns fetched values into one {@link RuleEvaluation} per planned rule. Pure. */
export function evaluatePlan(plan: EvaluationPlan, values: readonly (number | null)[]): RuleEvaluation[] {
  if (values.length !== plan.queries.length) {
    throw new RangeError(`MetricSource returned ${values.length} values for ${plan.queries.length} queries`);
  }
  return plan.rules.map((rule, i) => {
    const v = plan.slots[i].map((s) => finiteOrNull(values[s]));
    switch (rule.kind) {
      case 'threshold':
        return { rule, value: v[0], isActive: v[0] !== null && compare(v[0], rule.comparator, rule.value) };
      case 'relative_change': {
        const [current, past] = v;
        // A past value of 0 has no finite % change; treat as no data rather than an infinite spike.
        const change =
          current === null || past === null || past === 0 ? null : ((current - past) / Math.abs(past)) * 100;
        return {
          rule,
          value: change,
          isActive: change !== null && compare(change, rule.comparator, rule.changePercent),
        };
      }
      case 'absence':
        return { rule, value: v[0] ?? 0, isActive: v[0] === null || v[0] === 0 };
      case 'slo_burn': {
        const c = compileRule(rule);
        const byWindow = new Map<string, number | null>();
        c.burnPairs.forEach((p, k) => {
          byWindow.set(p.long, v[c.burnSlots[k][0]]);
          byWindow.set(p.short, v[c.burnSlots[k][1]]);
        });
        const result = evaluateMultiwindowBurn(c.burnPairs, rule.objectivePercent, (w) => {
          const ratio = byWindow.get(w) ?? null;
          return ratio === null ? null : Math.min(1, Math.max(0, ratio));
        });
        const longRates = result.windows.map((w) => w.longBurnRate).filter((r): r is number => r !== null);
        return {
          rule,
          isActive: result.isFiring,
          value: longRates.length ? Math.max(...longRates) : null,
          burnWindows: result.windows,
        };
      }
    }
  });
}

/**
 * One evaluation round: plan, one batched fetch, evaluate.
 * @example const results = await evaluateRules(rules, source, Date.parse('2025-01-01T00:00:00Z'));
 */
export async function evaluateRules(
  rules: readonly AlertRule[],
  source: MetricSource,
  now: number,
): Promise<RuleEvaluation[]> {
  const plan = planEvaluation(rules, now);
  const values = plan.queries.length ? await source.fetchMany(plan.queries) : [];
  return evaluatePlan(plan, values);
}

/** `observed <comparator> expected`. */
export function compare(observed: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case '>':
      return observed > expected;
    case '>=':
      return observed >= expected;
    case '<':
      return observed < expected;
    case '<=':
      return observed <= expected;
    case '==':
      return observed === expected;
    case '!=':
      return observed !== expected;
  }
}

function compileRule(rule: AlertRule): CompiledRule {
  let c = compiled.get(rule);
  if (c) return c;
  const scope = rule.scope;
  const lookup = (metric: string, fromAgoMs: number, toAgoMs: number): CompiledLookup => ({
    key: `${metricScopeKey(metric, scope?.model, scope?.endpoint, scope?.tags)}\u0001${fromAgoMs}\u0001${toAgoMs}`,
    metric,
    fromAgoMs,
    toAgoMs,
  });
  const burnPairs = rule.kind === 'slo_burn' ? (rule.windows ?? SRE_WORKBOOK_BURN_WINDOWS[rule.alert ?? 'page']) : [];
  const lookups: CompiledLookup[] = [];
  const burnSlots: [number, number][] = [];
  switch (rule.kind) {
    case 'threshold': {
      const w = rule.window !== undefined ? parseDurationMs(rule.window) : DEFAULT_WINDOW_MS.threshold;
      lookups.push(lookup(rule.metric, w, 0));
      break;
    }
    case 'relative_change': {
      const w = rule.window !== undefined ? parseDurationMs(rule.window) : DEFAULT_WINDOW_MS.relative_change;
      const offset = parseDurationMs(rule.offset);
      lookups.push(lookup(rule.metric, w, 0), lookup(rule.metric, offset + w, offset));
      break;
    }
    case 'absence':
      lookups.push(lookup(rule.metric ?? 'calls', parseDurationMs(rule.window), 0));
      break;
    case 'slo_burn': {
      const slotOf = (w: string) => {
        const l = lookup(rule.errorRatioMetric, parseDurationMs(w), 0);
        const found = lookups.findIndex((x) => x.key === l.key);
        return found >= 0 ? found : lookups.push(l) - 1;
      };
      for (const p of burnPairs) burnSlots.push([slotOf(p.long), slotOf(p.short)]);
      break;
    }
  }
  c = { lookups, burnPairs, burnSlots };
  compiled.set(rule, c);
  return c;
}

function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}
