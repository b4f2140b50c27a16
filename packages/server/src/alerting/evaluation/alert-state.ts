import type { AlertRule, MonitoringArea, Severity } from '../rules/rule-schema.js';
import { parseDurationMs } from '../rules/duration.js';
import { fingerprintLabels, type Labels } from './alert-fingerprint.js';
import type { RuleEvaluation } from './rule-conditions.js';
import type { AlertInstance } from '../../storage/index.js';

export type { AlertInstance };

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface AlertTransition {
  fingerprint: string;
  ruleId: string;
  from: AlertState;
  to: AlertState;
  at: number;
  alert: AlertInstance;
}

export interface AlertStateOptions {
  /** How long a resolved alert stays visible (and offered for the resolved notification). Prometheus: 15 m. */
  resolvedRetentionMs?: number;
}

/**
 * Prometheus alerting-rule semantics over evaluation rounds, with the clock passed in:
 * inactive → pending (condition met) → firing (held for `for`) → resolved (cleared, after `keepFiringFor`).
 * A pending alert whose condition clears goes back to inactive without notifying. A rule missing from a
 * round (deleted, disabled) counts as "condition not met". State is plain data: `snapshot()` / `restore()`
 * let storage persist it across restarts.
 * @example
 * const tracker = new AlertStateTracker();
 * const transitions = tracker.apply(await evaluateRules(rules, source, now), now);
 * grouper.ingest(tracker.listNotifiable(), now);
 */
export class AlertStateTracker {
  readonly #alerts = new Map<string, AlertInstance>();
  readonly #labelsByRule = new WeakMap<AlertRule, { labels: Labels; fingerprint: string }>();
  readonly #resolvedRetentionMs: number;

  constructor(options: AlertStateOptions = {}) {
    this.#resolvedRetentionMs = options.resolvedRetentionMs ?? 15 * 60_000;
  }

  /** Applies one round of results at `now`; returns the transitions it caused, in rule order. */
  apply(results: readonly RuleEvaluation[], now: number): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const result of results) {
      seen.add(result.rule.id);
      const t = this.#step(result, now);
      if (t) transitions.push(t);
    }
    for (const [ruleId, alert] of this.#alerts) {
      if (seen.has(ruleId)) continue;
      const t = this.#stepInactive(alert, now);
      if (t) transitions.push(t);
    }
    for (const [ruleId, alert] of this.#alerts) {
      if (
        alert.state === 'resolved' &&
        alert.resolvedAt !== null &&
        now - alert.resolvedAt >= this.#resolvedRetentionMs
      ) {
        this.#alerts.delete(ruleId);
      }
    }
    return transitions;
  }

  /** Pending, firing and recently resolved alerts. */
  list(): AlertInstance[] {
    return [...this.#alerts.values()];
  }

  /** Firing and recently resolved alerts: what notification grouping needs. */
  listNotifiable(): AlertInstance[] {
    return this.list().filter((a) => a.state !== 'pending');
  }

  snapshot(): AlertInstance[] {
    return this.list().map((a) => ({ ...a }));
  }

  restore(alerts: readonly AlertInstance[]): void {
    this.#alerts.clear();
    for (const a of alerts) this.#alerts.set(a.ruleId, { ...a });
  }

  #step(result: RuleEvaluation, now: number): AlertTransition | null {
    const { rule } = result;
    const existing = this.#alerts.get(rule.id);
    if (!result.isActive) {
      if (!existing) return null;
      // Notifications about a cleared alert carry the value of the latest evaluation, not the one that fired it.
      existing.value = result.value;
      existing.annotations = annotationsOf(rule, result.value);
      return this.#stepInactive(existing, now);
    }
    const { forMs, keepFiringForMs } = holdTimesOf(rule);
    if (!existing || existing.state === 'resolved') {
      const { labels, fingerprint } = this.#identify(rule);
      const alert: AlertInstance = {
        fingerprint,
        ruleId: rule.id,
        labels,
        annotations: annotationsOf(rule, result.value),
        state: forMs === 0 ? 'firing' : 'pending',
        severity: rule.severity,
        area: rule.area,
        activeAt: now,
        firedAt: forMs === 0 ? now : null,
        resolvedAt: null,
        keepFiringSince: null,
        lastEvaluatedAt: now,
        value: result.value,
        forMs,
        keepFiringForMs,
        ...(rule.businessImpactUsdPerHour !== undefined && { businessImpactUsdPerHour: rule.businessImpactUsdPerHour }),
        ...(rule.isCustomerFacing !== undefined && { isCustomerFacing: rule.isCustomerFacing }),
      };
      this.#alerts.set(rule.id, alert);
      return {
        fingerprint,
        ruleId: rule.id,
        from: existing ? 'resolved' : 'inactive',
        to: alert.state,
        at: now,
        alert,
      };
    }
    existing.value = result.value;
    existing.annotations = annotationsOf(rule, result.value);
    existing.lastEvaluatedAt = now;
    existing.keepFiringSince = null;
    existing.forMs = forMs;
    existing.keepFiringForMs = keepFiringForMs;
    if (existing.state === 'pending' && now - existing.activeAt >= forMs) {
      existing.state = 'firing';
      existing.firedAt = now;
      return {
        fingerprint: existing.fingerprint,
        ruleId: rule.id,
        from: 'pending',
        to: 'firing',
        at: now,
        alert: existing,
      };
    }
    return null;
  }

  #stepInactive(alert: AlertInstance, now: number): AlertTransition | null {
    alert.lastEvaluatedAt = now;
    if (alert.state === 'pending') {
      this.#alerts.delete(alert.ruleId);
      return { fingerprint: alert.fingerprint, ruleId: alert.ruleId, from: 'pending', to: 'inactive', at: now, alert };
    }
    if (alert.state !== 'firing') return null;
    if (alert.keepFiringForMs > 0) {
      alert.keepFiringSince ??= now;
      if (now - alert.keepFiringSince < alert.keepFiringForMs) return null;
    }
    alert.state = 'resolved';
    alert.resolvedAt = now;
    alert.keepFiringSince = null;
    return { fingerprint: alert.fingerprint, ruleId: alert.ruleId, from: 'firing', to: 'resolved', at: now, alert };
  }

  #identify(rule: AlertRule): { labels: Labels; fingerprint: string } {
    let id = this.#labelsByRule.get(rule);
    if (!id) {
      const labels = labelsOfRule(rule);
      id = { labels, fingerprint: fingerprintLabels(labels) };
      this.#labelsByRule.set(rule, id);
    }
    return id;
  }
}

const holdTimes = new WeakMap<AlertRule, { forMs: number; keepFiringForMs: number }>();

function holdTimesOf(rule: AlertRule): { forMs: number; keepFiringForMs: number } {
  let h = holdTimes.get(rule);
  if (!h) {
    h = {
      forMs: rule.for ? parseDurationMs(rule.for) : 0,
      keepFiringForMs: rule.keepFiringFor ? parseDurationMs(rule.keepFiringFor) : 0,
    };
    holdTimes.set(rule, h);
  }
  return h;
}

/**
 * The labels an alert of this rule carries: the rule's own labels, then `alertname`, `rule_id`, `area`,
 * `severity` and the scope's `model` / `endpoint` (these win over same-named custom labels).
 * @example labelsOfRule(rule) // { alertname: 'p95 high', rule_id: 'p95-high', area: 'API Performance', ... }
 */
export function labelsOfRule(rule: AlertRule): Labels {
  const labels: Record<string, string> = {
    ...rule.labels,
    alertname: rule.name,
    rule_id: rule.id,
    area: rule.area,
    severity: rule.severity,
  };
  if (rule.scope?.model) labels.model = rule.scope.model;
  if (rule.scope?.endpoint) labels.endpoint = rule.scope.endpoint;
  return labels;
}

function annotationsOf(rule: AlertRule, value: number | null): Labels {
  const shown = value === null ? 'no data' : String(Number(value.toPrecision(6)));
  const annotations: Record<string, string> = { runbook: rule.runbook, value: shown };
  // A sentence for people: four significant digits, like Prometheus' humanize (the value annotation keeps six).
  const humanized = value === null ? 'no data' : String(Number(value.toPrecision(4)));
  annotations.summary = (rule.summary ?? rule.name).replaceAll('{{value}}', humanized);
  return annotations;
}
