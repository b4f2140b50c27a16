import type { ModelSummary } from '@vigil/protocol';
import { describeAlerting, type ModelAlerts } from './alert-state.js';

export type ModelStatus = 'alerting' | 'healthy' | 'degraded' | 'stale' | 'idle';

/** Thresholds of the status column; docs/dashboard.md states them. */
export const STATUS_RULES = {
  /** Error rate above this is degraded. */
  maxErrorRate: 0.01,
  /** p95 latency above this (ms) is degraded; LLM calls get a looser limit. */
  maxP95Ms: 1000,
  maxP95MsLlm: 10_000,
  /** No call for this long is stale. */
  staleAfterMs: 10 * 60_000,
} as const;

/**
 * alerting: an open (or acknowledged) incident or a critical alert firing — whatever the numbers say ·
 * stale: last call over 10 min ago · idle: no calls in the window (but seen recently — cannot happen with
 * windows ≥ 10 min, kept for safety) · degraded: error rate > 1% or p95 over the limit, or a non-critical alert
 * firing · healthy otherwise. `alerts` is what alerting says about the model (see alertsOf).
 */
export function computeModelStatus(
  m: ModelSummary,
  now: number,
  alerts?: ModelAlerts,
): { status: ModelStatus; reason: string } {
  const alerting = alerts ? describeAlerting(alerts) : null;
  if (alerting?.isAlerting) return { status: 'alerting', reason: alerting.reason };
  const age = now - Date.parse(m.lastSeen);
  if (age > STATUS_RULES.staleAfterMs)
    return { status: 'stale', reason: `no calls for over ${STATUS_RULES.staleAfterMs / 60_000} min` };
  const h = m.health;
  if (h.calls === 0) return { status: 'idle', reason: 'no calls in this window' };
  const reasons: string[] = [];
  if (alerting) reasons.push(alerting.reason);
  if (h.errorRate !== null && h.errorRate > STATUS_RULES.maxErrorRate)
    reasons.push(`error rate above ${STATUS_RULES.maxErrorRate * 100}%`);
  const p95Limit = m.modelType === 'llm' ? STATUS_RULES.maxP95MsLlm : STATUS_RULES.maxP95Ms;
  if (h.latencyP95 !== null && h.latencyP95 > p95Limit) reasons.push(`p95 above ${p95Limit} ms`);
  if (reasons.length) return { status: 'degraded', reason: reasons.join(', ') };
  return { status: 'healthy', reason: 'error rate and p95 within limits, no alert firing' };
}
