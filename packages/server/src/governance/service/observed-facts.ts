import { MINUTE_MS, DAY_MS, bucketStart } from '../../analysis/api-health/index.js';
import type { LoadTestRecord, ObservedFacts, RuleFact, SloFact, UseCaseRecord } from '../intake/index.js';
import type { Store } from '../../storage/index.js';

/** Alerting rules and SLOs as the checkpoints see them. A store that cannot be read fails the request (no guessing). */
export async function readAlertingFacts(store: Store): Promise<{ rules: RuleFact[]; slos: SloFact[] }> {
  const [rules, slos] = await Promise.all([store.alerting.listRules(), store.alerting.slos.list()]);
  return {
    rules: rules.map(({ rule }) => ({
      id: rule.id,
      area: rule.area,
      isEnabled: rule.enabled !== false,
      runbook: rule.runbook ?? null,
      model: rule.scope?.model,
      endpoint: rule.scope?.endpoint,
    })),
    slos: slos.map((s) => ({
      id: s.id,
      kind: s.kind,
      model: s.model,
      endpoint: s.endpoint,
      latencyThresholdMs: s.latencyThresholdMs,
    })),
  };
}

/** Calls observed for the models in the whole minutes of [fromMs, toMs) that have already ended. */
export async function observeWindow(
  store: Store,
  models: string[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<{ minutes: number; calls: number }> {
  const start = bucketStart(fromMs + MINUTE_MS - 1, MINUTE_MS);
  const end = bucketStart(Math.min(toMs, nowMs), MINUTE_MS);
  if (end <= start || models.length === 0) return { minutes: 0, calls: 0 };
  let calls = 0;
  for (const model of models) {
    for (const c of await store.rollups.readCells({ level: MINUTE_MS, fromMs: start, toMs: end, model }))
      calls += c.cell.calls;
  }
  return { minutes: (end - start) / MINUTE_MS, calls };
}

/**
 * Gathers what Vigil observed about one use case: models seen, the last 24 h of rollups per model and
 * endpoint, labels received, load-test windows, alerting rules and SLOs, and sign-offs.
 */
export async function gatherFacts(
  store: Store,
  uc: UseCaseRecord,
  nowMs: number,
  shared?: { seenModels: ObservedFacts['seenModels']; alerting: ObservedFacts['alerting'] },
): Promise<ObservedFacts> {
  const seenModels = shared?.seenModels ?? (await readSeenModels(store));
  const alerting = shared ? shared.alerting : await readAlertingFacts(store);
  const from = nowMs - DAY_MS;
  const recentByModel: ObservedFacts['recentByModel'] = {};
  const recentByEndpoint: ObservedFacts['recentByEndpoint'] = {};
  for (const model of uc.spec.models) {
    const acc = { calls: 0, costCount: 0, tokens: 0 };
    for (const c of await store.rollups.readCells({ level: MINUTE_MS, fromMs: from, toMs: nowMs + 1, model })) {
      acc.calls += c.cell.calls;
      acc.costCount += c.cell.costCount;
      acc.tokens += c.cell.inputTokens + c.cell.outputTokens;
      recentByEndpoint[c.endpoint] = (recentByEndpoint[c.endpoint] ?? 0) + c.cell.calls;
    }
    recentByModel[model] = acc;
  }
  const [labels, tests, signoffs] = await Promise.all([
    store.governance.countLabelsReceived(uc.spec.models, from, nowMs + 1),
    store.governance.listLoadTests(uc.id),
    store.governance.listSignoffs(uc.id),
  ]);
  const loadTests = [];
  for (const t of tests as LoadTestRecord[])
    loadTests.push({
      id: t.id ?? 0,
      fromMs: t.fromMs,
      toMs: t.toMs,
      ...(await observeWindow(store, uc.spec.models, t.fromMs, t.toMs, nowMs)),
    });
  return {
    nowMs,
    seenModels,
    recentByModel,
    recentByEndpoint,
    recentLabelsByModel: labels,
    loadTests,
    alerting,
    signoffs,
  };
}

export async function readSeenModels(
  store: Store,
): Promise<Map<string, { modelType: string | null; endpoints: string[]; firstSeen: number; lastSeen: number }>> {
  const models = await store.rollups.listModels();
  return new Map(
    models.map((m) => [
      m.model,
      { modelType: m.modelType, endpoints: m.endpoints, firstSeen: m.firstSeen, lastSeen: m.lastSeen },
    ]),
  );
}
