import type { PiiAction, PiiKind, PiiPolicy, PiiPolicyList, PiiPolicyView, PiiPreviewResult } from '@vigil/protocol';
import {
  BUILT_IN_PII_POLICY,
  compilePiiPolicy,
  findPersonalData,
  PII_KINDS,
  redactText,
  type CompiledPiiPolicy,
} from '../../analysis/privacy/index.js';
import { VigilError } from '../../errors/index.js';
import type { GovernanceStore, PiiPolicyRecord, PiiPolicyStore } from '../../storage/index.js';

/** How strict each action is, for a model in several use cases: the strictest action per kind wins. */
const STRICTNESS: Record<PiiAction, number> = { keep: 0, mask: 1, hash: 2, token: 3, drop: 4 };

/** Policies are re-read this often, so use-case model changes and other nodes' edits reach ingest. */
export const PII_POLICY_REFRESH_MS = 10_000;

export interface PiiPolicyService {
  list(): Promise<PiiPolicyList>;
  putDefault(policy: PiiPolicy, actor: string | null): Promise<PiiPolicyView>;
  putUseCase(useCase: string, policy: PiiPolicy, actor: string | null): Promise<PiiPolicyView>;
  deleteUseCase(useCase: string): Promise<void>;
  /** What a policy would find in and make of a text (the editor's "try it"). */
  preview(text: string, policy: PiiPolicy): PiiPreviewResult;
  /** The compiled policy a model's events follow right now (null: keep everything). */
  policyOf(model: string): CompiledPiiPolicy | null;
  /** Re-reads the policies and the use cases' models. */
  refresh(): Promise<void>;
  startRefreshing(): void;
  stop(): void;
}

/**
 * Personal-data policies (docs/privacy.md): a default and one per use case; a use case's models' events follow
 * its policy, the others the default. The compiled policies are kept in memory for ingest and refreshed after
 * every write here and every {@link PII_POLICY_REFRESH_MS}.
 * @example const pii = createPiiPolicyService({ store, now, hashKey, cardMasking: true }); await pii.refresh();
 */
export function createPiiPolicyService(deps: {
  store: { piiPolicies: PiiPolicyStore; governance: GovernanceStore };
  now: () => number;
  /** The HMAC key of the `hash` action (derived from the secrets key). */
  hashKey: Buffer;
  /** `--redact-card-numbers`: the built-in default masks card numbers (else it keeps everything). */
  cardMasking: boolean;
  onRefresh?: (policyOf: (model: string) => CompiledPiiPolicy | null) => void;
  onError?: (err: unknown) => void;
}): PiiPolicyService {
  const { store, now, hashKey } = deps;
  const builtIn: PiiPolicy = deps.cardMasking
    ? BUILT_IN_PII_POLICY
    : { actions: {}, fields: BUILT_IN_PII_POLICY.fields };
  let defaultPolicy: CompiledPiiPolicy | null = compilePiiPolicy(builtIn, hashKey);
  let byModel = new Map<string, CompiledPiiPolicy | null>();
  let timer: NodeJS.Timeout | undefined;

  const policyOf = (model: string) => (byModel.has(model) ? byModel.get(model)! : defaultPolicy);

  async function load(): Promise<{
    records: PiiPolicyRecord[];
    models: Map<string, { name: string; models: string[] }>;
  }> {
    const [records, useCases] = await Promise.all([store.piiPolicies.list(), store.governance.listUseCases()]);
    const models = new Map(useCases.map((u) => [u.id, { name: u.spec.name, models: [...u.spec.models] }]));
    return { records, models };
  }

  async function refresh(): Promise<void> {
    const { records, models } = await load();
    const stored = records.find((r) => r.useCase === null);
    defaultPolicy = compilePiiPolicy(stored?.policy ?? builtIn, hashKey);
    const perModel = new Map<string, PiiPolicy>();
    for (const r of records) {
      if (r.useCase === null) continue;
      for (const model of models.get(r.useCase)?.models ?? []) {
        const had = perModel.get(model);
        perModel.set(model, had ? strictest(had, r.policy) : r.policy);
      }
    }
    byModel = new Map([...perModel].map(([m, p]) => [m, compilePiiPolicy(p, hashKey)]));
    deps.onRefresh?.(policyOf);
  }

  function view(
    r: PiiPolicyRecord | null,
    useCase: string | null,
    info: { name: string; models: string[] } | undefined,
  ): PiiPolicyView {
    return {
      useCase,
      useCaseName: info?.name ?? null,
      models: info?.models ?? [],
      policy: r?.policy ?? builtIn,
      isBuiltIn: r === null,
      updatedAt: r ? new Date(r.updatedAtMs).toISOString() : null,
      updatedBy: r?.updatedBy ?? null,
    };
  }

  return {
    async list() {
      const { records, models } = await load();
      return {
        default: view(records.find((r) => r.useCase === null) ?? null, null, undefined),
        useCases: records.filter((r) => r.useCase !== null).map((r) => view(r, r.useCase, models.get(r.useCase!))),
      };
    },
    async putDefault(policy, actor) {
      const r: PiiPolicyRecord = { useCase: null, policy, updatedAtMs: now(), updatedBy: actor };
      await store.piiPolicies.put(r);
      await refresh();
      return view(r, null, undefined);
    },
    async putUseCase(useCase, policy, actor) {
      const uc = await store.governance.getUseCase(useCase);
      if (!uc)
        throw new VigilError(
          'VIGIL_ERR_NOT_FOUND',
          `useCase: no use case "${useCase}"; register it first (POST /api/v1/use-cases) or use the default policy`,
        );
      const r: PiiPolicyRecord = { useCase, policy, updatedAtMs: now(), updatedBy: actor };
      await store.piiPolicies.put(r);
      await refresh();
      return view(r, useCase, { name: uc.spec.name, models: [...uc.spec.models] });
    },
    async deleteUseCase(useCase) {
      if (!(await store.piiPolicies.delete(useCase)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `useCase: "${useCase}" has no personal-data policy of its own`);
      await refresh();
    },
    preview(text, policy) {
      const compiled = compilePiiPolicy(policy, hashKey);
      const kinds = compiled?.kinds ?? PII_KINDS;
      return {
        findings: findPersonalData(text, kinds).map((f) => ({ kind: f.kind, start: f.start, end: f.end })),
        redacted: compiled ? redactText(text, compiled).text : text,
      };
    },
    policyOf,
    refresh,
    startRefreshing() {
      timer ??= setInterval(() => void refresh().catch((err) => deps.onError?.(err)), PII_POLICY_REFRESH_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/** Per kind the stricter action, and every field either policy looks at. */
function strictest(a: PiiPolicy, b: PiiPolicy): PiiPolicy {
  const actions: Partial<Record<PiiKind, PiiAction>> = {};
  for (const k of PII_KINDS) {
    const x = a.actions[k] ?? 'keep';
    const y = b.actions[k] ?? 'keep';
    actions[k] = STRICTNESS[x] >= STRICTNESS[y] ? x : y;
  }
  return {
    actions,
    fields: {
      features: a.fields.features || b.fields.features,
      tags: a.fields.tags || b.fields.tags,
      llmText: a.fields.llmText || b.fields.llmText,
    },
  };
}
