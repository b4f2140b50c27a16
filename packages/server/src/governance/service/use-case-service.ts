import type {
  Actor,
  AdvanceInput,
  AuditEntry,
  CheckpointReport,
  LoadTestInput,
  LoadTestList,
  SignoffInput,
  UseCase,
  UseCaseInput,
  UseCaseStage,
} from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import type { Store } from '../../storage/index.js';
import {
  APPROVAL_CHECKPOINT,
  LOAD_TEST_SHARE,
  HUMAN_CHECKPOINTS,
  assessRiskTier,
  computeCheckpoints,
  isGoLiveReady,
  isLlmUseCase,
  nextStage,
  planTransition,
  requiredMonitoringAreas,
  type AuditRecord,
  type ObservedFacts,
  type UseCaseRecord,
  type UseCaseSpec,
} from '../intake/index.js';
import { gatherFacts, observeWindow, readSeenModels } from './observed-facts.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Who asks. A signed-in person is the actor of what they do (the body's `actor` is ignored then); an API key's
 * name is recorded beside the `actor` its body names. Sign-offs and the go-live approval need a person.
 */
export interface Caller {
  apiKeyName: string | null;
  person?: { username: string; displayName: string; roles: readonly string[]; teams: readonly string[] } | null;
}

/** The actor recorded for a person: display name and the role that let them act. */
function personActor(person: NonNullable<Caller['person']>, role: string): Actor {
  return { name: `${person.displayName} (${person.username})`, role };
}

function actorOf(caller: Caller, fromBody: Actor | undefined | null): Actor | null {
  if (caller.person) return personActor(caller.person, caller.person.roles[0] ?? 'viewer');
  return fromBody ?? null;
}

/** The AI use-case registry and its intake workflow (docs/governance.md). Writes are audited in the same transaction. */
export interface UseCaseService {
  list(): Promise<UseCase[]>;
  get(id: string): Promise<UseCase>;
  create(input: UseCaseInput, caller: Caller): Promise<UseCase>;
  update(id: string, input: UseCaseInput, caller: Caller): Promise<UseCase>;
  delete(id: string, caller: Caller): Promise<void>;
  checkpoints(id: string): Promise<CheckpointReport>;
  signOff(id: string, key: string, input: SignoffInput, caller: Caller): Promise<CheckpointReport>;
  addLoadTest(
    id: string,
    window: { fromMs: number; toMs: number },
    input: Pick<LoadTestInput, 'actor' | 'note'>,
    caller: Caller,
  ): Promise<{ id: number; from: string; to: string }>;
  /** The recorded load-test windows, each with the calls Vigil observed in it and whether it meets the expected QPS. */
  loadTests(id: string): Promise<LoadTestList>;
  advance(
    id: string,
    input: AdvanceInput,
    caller: Caller,
  ): Promise<{ useCase: UseCase; checkpoints: CheckpointReport }>;
  approve(id: string, input: SignoffInput, caller: Caller): Promise<CheckpointReport>;
  audit(id: string, limit: number): Promise<AuditEntry[]>;
}

/**
 * The use-case service over the governance store and what Vigil observes (traffic, labels, alert rules, SLOs).
 * @example
 * const useCases = createUseCaseService({ store, now: Date.now });
 * await useCases.create({ name: 'Fraud', ownerTeam: 'Risk', models: ['fraud-v3'], endpoints: [] }, { apiKeyName: 'ci' });
 */
export function createUseCaseService(deps: { store: Store; now: () => number }): UseCaseService {
  const { store, now } = deps;
  const gov = store.governance;

  async function load(id: string): Promise<UseCaseRecord> {
    const uc = await gov.getUseCase(id);
    if (!uc)
      throw new VigilError(
        'VIGIL_ERR_NOT_FOUND',
        `use case "${id}" does not exist; list them with GET /api/v1/use-cases`,
      );
    return uc;
  }

  const wire = async (uc: UseCaseRecord) => toWireUseCase(uc, await readSeenModels(store));

  async function report(uc: UseCaseRecord, nowMs: number): Promise<CheckpointReport> {
    const facts = await gatherFacts(store, uc, nowMs);
    const checkpoints = computeCheckpoints(uc, facts);
    const next = nextStage(uc.stage);
    return {
      useCaseId: uc.id,
      stage: uc.stage,
      evaluatedAt: new Date(nowMs).toISOString(),
      isAlertingAvailable: facts.alerting !== null,
      checkpoints,
      nextStage: next,
      missingForNextStage: next ? planTransition(uc.stage, next, checkpoints).missing : [],
      isGoLiveReady: isGoLiveReady(uc.stage, checkpoints),
    };
  }

  const changedConcurrently = (id: string) =>
    new VigilError('VIGIL_ERR_VERSION_CONFLICT', `use case "${id}" changed concurrently; read it again and retry`);

  return {
    async list() {
      const [list, seen] = await Promise.all([gov.listUseCases(), readSeenModels(store)]);
      return list.map((uc) => toWireUseCase(uc, seen));
    },

    get: async (id) => wire(await load(id)),

    async create(input, caller) {
      const at = now();
      const stage: UseCaseStage = input.stage ?? 'requirements';
      if (stage === 'retired')
        throw new VigilError('VIGIL_ERR_VALIDATION', 'body.stage: a use case cannot be created retired');
      const uc: UseCaseRecord = {
        id: input.id ?? slugify(input.name),
        spec: toSpec(input),
        stage,
        isThroughIntake: stage === 'requirements',
        createdAtMs: at,
        updatedAtMs: at,
        specChangedAtMs: at,
        version: 1,
      };
      const details = { stage, isThroughIntake: uc.isThroughIntake, spec: uc.spec };
      if (!(await gov.createUseCase(uc, audit(uc, caller, 'created', actorOf(caller, input.actor), details, at))))
        throw new VigilError(
          'VIGIL_ERR_ALREADY_EXISTS',
          `body.id: use case "${uc.id}" already exists; choose another id or PUT /api/v1/use-cases/${uc.id}`,
        );
      return wire(uc);
    },

    async update(id, input, caller) {
      const uc = await load(id);
      if (input.id !== undefined && input.id !== uc.id)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.id: "${input.id}" differs from the path id "${uc.id}"; ids cannot change`,
        );
      if (input.stage !== undefined && input.stage !== uc.stage)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.stage: change the stage with POST /api/v1/use-cases/${uc.id}/advance`,
        );
      const at = now();
      const spec = toSpec(input);
      const isChanged = JSON.stringify(spec) !== JSON.stringify(uc.spec);
      const next: UseCaseRecord = {
        ...uc,
        spec,
        updatedAtMs: at,
        specChangedAtMs: isChanged ? at : uc.specChangedAtMs,
        version: uc.version + 1,
      };
      const entry = audit(uc, caller, 'updated', actorOf(caller, input.actor), { before: uc.spec, after: spec }, at);
      if (!(await gov.updateUseCase(next, uc.version, entry))) throw changedConcurrently(uc.id);
      return wire(next);
    },

    async delete(id, caller) {
      const uc = await load(id);
      await gov.deleteUseCase(uc.id, audit(uc, caller, 'deleted', null, { stage: uc.stage, spec: uc.spec }, now()));
    },

    checkpoints: async (id) => report(await load(id), now()),

    async signOff(id, key, input, caller) {
      const uc = await load(id);
      if (key === APPROVAL_CHECKPOINT)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `params.key: go-live approval goes through POST /api/v1/use-cases/${id}/approve`,
        );
      if (!(HUMAN_CHECKPOINTS as readonly string[]).includes(key))
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `params.key: "${key}" is not a human checkpoint; use one of ${HUMAN_CHECKPOINTS.join(', ')} (the others are computed)`,
        );
      if (uc.stage === 'retired')
        throw new VigilError('VIGIL_ERR_USE_CASE_RETIRED', `use case "${id}" is retired; it takes no sign-offs`);
      const person = caller.person;
      if (!person)
        throw new VigilError(
          'VIGIL_ERR_FORBIDDEN',
          `a checkpoint sign-off needs a signed-in person of team "${uc.spec.ownerTeam}", not an API key`,
        );
      const owner = uc.spec.ownerTeam.toLowerCase();
      if (!person.teams.some((t) => t.toLowerCase() === owner))
        throw new VigilError(
          'VIGIL_ERR_FORBIDDEN',
          `${person.username} is not in team "${uc.spec.ownerTeam}", which owns use case "${uc.id}" and signs its checkpoints`,
        );
      const actor = personActor(person, person.roles[0] ?? 'viewer');
      const at = now();
      const note = input.note ?? null;
      await gov.addSignoff(
        { useCaseId: id, key, actor, apiKeyName: caller.apiKeyName, atMs: at, note },
        audit(uc, caller, 'signed_off', actor, { key, note }, at),
      );
      return report(uc, now());
    },

    async addLoadTest(id, { fromMs, toMs }, input, caller) {
      const uc = await load(id);
      if (toMs - fromMs < 60_000)
        throw new VigilError('VIGIL_ERR_VALIDATION', 'body.to: the window must be at least one minute after "from"');
      const at = now();
      const note = input.note ?? null;
      const testId = await gov.addLoadTest(
        {
          useCaseId: uc.id,
          fromMs,
          toMs,
          actor: actorOf(caller, input.actor),
          apiKeyName: caller.apiKeyName,
          atMs: at,
          note,
        },
        audit(
          uc,
          caller,
          'load_test_recorded',
          actorOf(caller, input.actor),
          { fromMs, toMs, expectedQps: uc.spec.expectedQps, note },
          at,
        ),
      );
      return { id: testId, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    },

    async loadTests(id) {
      const uc = await load(id);
      const nowMs = now();
      const qps = uc.spec.expectedQps;
      const required = qps === null ? null : qps * 60 * LOAD_TEST_SHARE;
      const loadTests = [];
      for (const t of await gov.listLoadTests(id)) {
        const seen = await observeWindow(store, uc.spec.models, t.fromMs, t.toMs, nowMs);
        const perMinute = seen.minutes > 0 ? seen.calls / seen.minutes : null;
        loadTests.push({
          id: t.id ?? 0,
          from: iso(t.fromMs),
          to: iso(t.toMs),
          recordedAt: iso(t.atMs),
          actor: t.actor,
          apiKeyName: t.apiKeyName,
          note: t.note,
          minutes: seen.minutes,
          calls: seen.calls,
          callsPerMinute: perMinute,
          isPassing: required !== null && perMinute !== null && perMinute >= required - 1e-9,
        });
      }
      return { expectedQps: qps, requiredCallsPerMinute: required, loadTests };
    },

    async advance(id, input, caller) {
      const uc = await load(id);
      const at = now();
      const current = await report(uc, at);
      const plan = planTransition(uc.stage, input.to, current.checkpoints);
      if (!plan.isAllowed) {
        const details = { from: uc.stage, to: input.to, reason: plan.reason, missing: plan.missing };
        await gov.appendAudit(audit(uc, caller, 'advance_refused', actorOf(caller, input.actor), details, at));
        throw new VigilError(
          uc.stage === 'retired'
            ? 'VIGIL_ERR_USE_CASE_RETIRED'
            : plan.missing.length
              ? 'VIGIL_ERR_CHECKPOINTS_NOT_MET'
              : 'VIGIL_ERR_CONFLICT',
          `cannot move "${uc.id}" from ${uc.stage} to ${input.to}: ${plan.reason}${plan.missing.length ? ` — missing: ${plan.missing.join('; ')}` : ''}`,
          { from: uc.stage, to: input.to, missing: plan.missing },
        );
      }
      const next: UseCaseRecord = { ...uc, stage: input.to, updatedAtMs: at, version: uc.version + 1 };
      const details = { from: uc.stage, to: input.to, reason: input.reason ?? plan.reason };
      if (
        !(await gov.updateUseCase(
          next,
          uc.version,
          audit(uc, caller, 'advanced', actorOf(caller, input.actor), details, at),
        ))
      )
        throw changedConcurrently(uc.id);
      return { useCase: await wire(next), checkpoints: await report(next, now()) };
    },

    async approve(id, input, caller) {
      const uc = await load(id);
      const at = now();
      const refuse = async (
        code: 'VIGIL_ERR_FORBIDDEN' | 'VIGIL_ERR_CONFLICT' | 'VIGIL_ERR_CHECKPOINTS_NOT_MET',
        message: string,
        missing: string[] = [],
      ): Promise<never> => {
        await gov.appendAudit(
          audit(uc, caller, 'approval_refused', actorOf(caller, input.actor), { reason: message, missing }, at),
        );
        throw new VigilError(code, message, missing.length ? { missing } : undefined);
      };
      const person = caller.person;
      if (!person || !person.roles.includes('executive'))
        return refuse(
          'VIGIL_ERR_FORBIDDEN',
          person
            ? `go-live approval needs the Executive role; ${person.username} has ${person.roles.join(', ')}`
            : 'go-live approval needs a signed-in Executive, not an API key',
        );
      const actor = personActor(person, 'executive');
      if (uc.stage !== 'production_readiness')
        return refuse(
          'VIGIL_ERR_CONFLICT',
          `use case "${uc.id}" is at stage ${uc.stage}; approval happens in production_readiness`,
        );
      const current = await report(uc, at);
      const missing = current.checkpoints
        .filter((c) => !c.isMet && c.key !== APPROVAL_CHECKPOINT)
        .flatMap((c) => c.missing.map((m) => `${c.key}: ${m}`));
      if (missing.length)
        return refuse(
          'VIGIL_ERR_CHECKPOINTS_NOT_MET',
          `cannot approve "${uc.id}": checkpoints not met — ${missing.join('; ')}`,
          missing,
        );
      const note = input.note ?? null;
      await gov.addSignoff(
        {
          useCaseId: uc.id,
          key: APPROVAL_CHECKPOINT,
          actor,
          apiKeyName: caller.apiKeyName,
          atMs: at,
          note,
        },
        audit(uc, caller, 'approved', actor, { note }, at),
      );
      return report(uc, now());
    },

    async audit(id, limit) {
      const entries = await gov.listAudit(id, limit);
      if (entries.length === 0 && !(await gov.getUseCase(id)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `use case "${id}" has no audit trail`);
      return entries.map((e) => ({
        id: e.id ?? 0,
        useCaseId: e.useCaseId,
        at: new Date(e.atMs).toISOString(),
        action: e.action,
        actor: e.actor,
        apiKeyName: e.apiKeyName,
        details: e.details,
      }));
    },
  };
}

function audit(
  uc: { id: string },
  caller: Caller,
  action: string,
  actor: Actor | null | undefined,
  details: unknown,
  atMs: number,
): AuditRecord {
  return { useCaseId: uc.id, atMs, action, actor: actor ?? null, apiKeyName: caller.apiKeyName, details };
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'use-case'
  );
}

function toSpec(body: UseCaseInput): UseCaseSpec {
  return {
    name: body.name,
    description: body.description ?? null,
    ownerTeam: body.ownerTeam,
    models: [...new Set(body.models)],
    endpoints: [...new Set(body.endpoints)],
    isLlm: body.isLlm ?? null,
    businessImpact: body.businessImpact ?? null,
    expectedQps: body.expectedQps ?? null,
    latencyLimitMs: body.latencyLimitMs ?? null,
    accuracyThreshold: body.accuracyThreshold ?? null,
    isAccuracyAnswered: body.accuracyThreshold !== undefined,
    compliance: body.compliance ?? null,
    riskTier: body.riskTier ?? null,
    monitoringAreas: [...new Set(body.monitoringAreas ?? [])],
  };
}

function toWireUseCase(uc: UseCaseRecord, seenModels: ObservedFacts['seenModels']): UseCase {
  const s = uc.spec;
  return {
    id: uc.id,
    name: s.name,
    description: s.description,
    ownerTeam: s.ownerTeam,
    models: s.models,
    endpoints: s.endpoints,
    isLlm: s.isLlm,
    businessImpact: s.businessImpact,
    expectedQps: s.expectedQps,
    latencyLimitMs: s.latencyLimitMs,
    accuracyThreshold: s.accuracyThreshold,
    isAccuracyAnswered: s.isAccuracyAnswered,
    compliance: s.compliance,
    riskTier: s.riskTier ?? assessRiskTier(s),
    isRiskTierDeclared: s.riskTier !== null,
    monitoringAreas: requiredMonitoringAreas(s, isLlmUseCase(uc, { seenModels })),
    stage: uc.stage,
    isThroughIntake: uc.isThroughIntake,
    createdAt: new Date(uc.createdAtMs).toISOString(),
    updatedAt: new Date(uc.updatedAtMs).toISOString(),
    version: uc.version,
  };
}
