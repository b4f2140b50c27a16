import type { RetentionPolicy, RetentionPolicyInput, RetentionPolicyList } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type { RetentionPolicyRecord, Store } from '../storage/index.js';

export interface RetentionPolicyService {
  /** Every use case with its policy (null days = the global default) and what the retention job applies. */
  list(): Promise<RetentionPolicyList>;
  /** Sets one use case's policy; 404 for an unknown use case, 400 for raw-event days above the global retention. */
  put(useCaseId: string, input: RetentionPolicyInput, updatedBy: string): Promise<RetentionPolicy>;
}

/**
 * Retention per use case: raw-event days and rollup days, enforced by the retention job (ingest/retention-job.ts).
 * Raw-event days may only shorten the global `--retention-days`: the global run prunes every model's events.
 *
 * @example createRetentionPolicyService({ store, now, globalRawEventDays: 30, minuteRollupDays: 14 })
 */
export function createRetentionPolicyService(deps: {
  store: Pick<Store, 'privacy' | 'governance'>;
  now: () => number;
  globalRawEventDays: number;
  minuteRollupDays: number;
}): RetentionPolicyService {
  const { store, now, globalRawEventDays } = deps;
  const present = (
    useCase: { id: string; spec: { name: string; models: string[] } },
    p: RetentionPolicyRecord | undefined,
  ): RetentionPolicy => ({
    useCaseId: useCase.id,
    useCaseName: useCase.spec.name,
    models: useCase.spec.models,
    rawEventDays: p?.rawEventDays ?? null,
    rollupDays: p?.rollupDays ?? null,
    effectiveRawEventDays: p?.rawEventDays ?? globalRawEventDays,
    effectiveRollupDays: p?.rollupDays ?? null,
    updatedAt: p ? new Date(p.updatedAtMs).toISOString() : null,
    updatedBy: p?.updatedBy ?? null,
  });
  return {
    async list() {
      const policies = new Map((await store.privacy.listRetentionPolicies()).map((p) => [p.useCaseId, p]));
      const useCases = await store.governance.listUseCases();
      return {
        globalRawEventDays,
        minuteRollupDays: deps.minuteRollupDays,
        policies: useCases.map((u) => present(u, policies.get(u.id))),
      };
    },
    async put(useCaseId, input, updatedBy) {
      const useCase = await store.governance.getUseCase(useCaseId);
      if (!useCase) throw new VigilError('VIGIL_ERR_NOT_FOUND', `use case ${JSON.stringify(useCaseId)} does not exist`);
      if (input.rawEventDays !== null && input.rawEventDays > globalRawEventDays)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.rawEventDays: ${input.rawEventDays} is above the global retention of ${globalRawEventDays} days; send at most ${globalRawEventDays} (or raise --retention-days)`,
        );
      const record: RetentionPolicyRecord = { useCaseId, ...input, updatedAtMs: now(), updatedBy };
      await store.privacy.putRetentionPolicy(record);
      return present(useCase, record);
    },
  };
}
