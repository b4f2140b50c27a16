import type { FastifyBaseLogger } from 'fastify';
import { DAY_MS, MINUTE_MS } from '../analysis/api-health/index.js';
import type { RetentionPolicyRecord, Store, UseCaseRecord } from '../storage/index.js';

/** Minute rollups are kept this long; hour and day rollups are kept for good (a few KB per model a day). */
export const MINUTE_ROLLUP_RETENTION_MS = 14 * DAY_MS;

/** What one retention run removed. */
export interface RetentionResult {
  events: number;
  minuteCells: number;
  infraMinutes: number;
  /** Removed under use-case policies (shorter than the global retention). */
  policyEvents: number;
  policyLabels: number;
  policyCells: number;
}

/** Days each model's raw events and rollups are kept under the use-case policies that name it. */
export interface ModelRetention {
  model: string;
  rawEventDays: number | null;
  rollupDays: number | null;
}

/**
 * Per model, the shortest raw-event and rollup days of the use cases that list it and have a policy (the
 * strictest promise made about the model's data wins); models without one follow the global retention.
 *
 * @example retentionByModel([{ useCaseId: 'uc', rawEventDays: 7, rollupDays: null, … }], useCases)
 *   // [{ model: 'churn', rawEventDays: 7, rollupDays: null }]
 */
export function retentionByModel(
  policies: readonly RetentionPolicyRecord[],
  useCases: readonly Pick<UseCaseRecord, 'id' | 'spec'>[],
): ModelRetention[] {
  const byModel = new Map<string, ModelRetention>();
  const shorter = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  for (const p of policies) {
    const useCase = useCases.find((u) => u.id === p.useCaseId);
    if (!useCase) continue;
    for (const model of useCase.spec.models) {
      const m = byModel.get(model) ?? { model, rawEventDays: null, rollupDays: null };
      m.rawEventDays = shorter(m.rawEventDays, p.rawEventDays);
      m.rollupDays = shorter(m.rollupDays, p.rollupDays);
      byModel.set(model, m);
    }
  }
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

/**
 * Deletes raw events older than the retention period, and minute rollups and infrastructure minutes older than
 * 14 days. Hourly and
 * daily rollups stay, so charts and health numbers outlive the raw events. Then applies the use-case policies:
 * a model's raw events and labels older than its raw-event days, and its rollups (every level) older than its
 * rollup days.
 */
export async function applyRetention(store: Store, nowMs: number, retentionDays: number): Promise<RetentionResult> {
  const events = await store.events.pruneEventsBefore(nowMs - retentionDays * DAY_MS);
  const minuteCells = await store.rollups.pruneCellsBefore(MINUTE_MS, nowMs - MINUTE_ROLLUP_RETENTION_MS);
  // Infrastructure minutes have no coarser rollup: they are kept as long as the minute rollups they sit beside.
  const infraMinutes = await store.infra.pruneBefore(nowMs - MINUTE_ROLLUP_RETENTION_MS);
  const result: RetentionResult = {
    events,
    minuteCells,
    infraMinutes,
    policyEvents: 0,
    policyLabels: 0,
    policyCells: 0,
  };
  const policies = await store.privacy.listRetentionPolicies();
  if (policies.length === 0) return result;
  const perModel = retentionByModel(policies, await store.governance.listUseCases());
  for (const days of new Set(perModel.map((m) => m.rawEventDays))) {
    if (days === null || days >= retentionDays) continue;
    const models = perModel.filter((m) => m.rawEventDays === days).map((m) => m.model);
    const removed = await store.privacy.pruneModelEventsBefore(models, nowMs - days * DAY_MS);
    result.policyEvents += removed.events;
    result.policyLabels += removed.labels;
  }
  for (const days of new Set(perModel.map((m) => m.rollupDays))) {
    if (days === null) continue;
    const models = perModel.filter((m) => m.rollupDays === days).map((m) => m.model);
    result.policyCells += await store.privacy.pruneModelRollupsBefore(models, nowMs - days * DAY_MS);
  }
  return result;
}

export function scheduleRetention(
  store: Store,
  opts: { retentionDays: number; now: () => number; log: FastifyBaseLogger },
): () => void {
  const run = () =>
    applyRetention(store, opts.now(), opts.retentionDays).then(
      (removed) => {
        if (Object.values(removed).some((n) => n > 0)) opts.log.info(removed, 'retention applied');
      },
      (err: unknown) => opts.log.error({ err }, 'retention failed; retrying next hour'),
    );
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
