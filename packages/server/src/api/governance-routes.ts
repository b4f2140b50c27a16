import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  AdvanceInput,
  AdvanceResult,
  AuditList,
  LoadTestRecorded,
  RoiCalculateBody,
  UseCaseList,
  CheckpointReport,
  ErrorBody,
  LoadTestInput,
  RoiResponse,
  SignoffInput,
  UseCase,
  UseCaseInput,
  type Actor,
  type CheckpointReport as CheckpointReportT,
  type UseCase as UseCaseT,
  type UseCaseStage,
} from '@vigil/protocol';
import type { FeatureContext, FeatureLifecycle } from '../app.js';
import { VigilError } from '../errors/index.js';
import {
  APPROVAL_CHECKPOINT,
  HUMAN_CHECKPOINTS,
  assessRiskTier,
  calculateRoi,
  computeCheckpoints,
  isGoLiveReady,
  isLlmUseCase,
  nextStage,
  parseRoiInput,
  planTransition,
  requiredMonitoringAreas,
  RoiInputError,
  type AuditRecord,
  type ObservedFacts,
  type UseCaseRecord,
  type UseCaseSpec,
} from '../governance/index.js';
import type { Store } from '../storage/index.js';
import { gatherFacts, readSeenModels } from './governance-facts.js';
import { registerScorecardRoute } from './governance-scorecard-route.js';
import { scheduleCoverageSnapshots } from './coverage-snapshot-job.js';
import { registerLoadTestListRoute } from './governance-load-tests-route.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

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

export function toWireUseCase(uc: UseCaseRecord, seenModels: ObservedFacts['seenModels']): UseCaseT {
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

/** Computes the checkpoint report of one use case from what the stores hold now. */
export async function buildCheckpointReport(
  store: Store,
  uc: UseCaseRecord,
  nowMs: number,
): Promise<CheckpointReportT> {
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

function parseTime(field: string, v: string | number): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms))
    throw new VigilError('VIGIL_ERR_VALIDATION', `body.${field}: "${v}" is not a time; use ISO-8601 or epoch ms`);
  return ms;
}

/**
 * Governance: AI use-case registry and intake workflow (`/api/v1/use-cases…`), the ROI calculator
 * (`/api/v1/roi/calculate`) and the success-metrics scorecard (`/api/v1/scorecard`); in the background, the
 * daily coverage snapshot behind the coverage trend. Writes need an admin key; the acting person is given as
 * `actor` in the body and recorded in the audit trail (not verified: user identity and RBAC are not built yet).
 */
export function registerGovernanceFeature(ctx: FeatureContext): FeatureLifecycle {
  const { app, store, now } = ctx;
  registerRoiRoute(app);
  registerUseCaseRoutes(app, store, now);
  registerScorecardRoute(app, store, now);
  registerLoadTestListRoute(app, store, now);
  let stopSnapshots: (() => Promise<void>) | undefined;
  return {
    start() {
      stopSnapshots = scheduleCoverageSnapshots(store, { now, log: app.log });
    },
    async stop() {
      await stopSnapshots?.();
    },
  };
}

function registerRoiRoute(app: FastifyInstance): void {
  app.post(
    '/api/v1/roi/calculate',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'ROI calculator over the deck inputs, with the arithmetic shown and stated figures checked',
        description:
          'Body: one scenario, or `scenarios: [...]` merged over the top-level fields. See docs/governance.md.',
        tags: ['governance'],
        body: RoiCalculateBody,
        response: { 200: RoiResponse, ...errors },
      },
    },
    async (req) => {
      try {
        return { scenarios: parseRoiInput(req.body).map(calculateRoi) };
      } catch (err) {
        if (err instanceof RoiInputError) throw new VigilError('VIGIL_ERR_VALIDATION', `body.${err.message}`);
        throw err;
      }
    },
  );
}

function registerUseCaseRoutes(app: FastifyInstance, store: Store, now: () => number): void {
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

  function audit(
    uc: { id: string },
    req: FastifyRequest,
    action: string,
    actor: Actor | null | undefined,
    details: unknown,
    atMs: number,
  ): AuditRecord {
    return { useCaseId: uc.id, atMs, action, actor: actor ?? null, apiKeyName: req.apiKey?.name ?? null, details };
  }

  app.get(
    '/api/v1/use-cases',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'AI use cases',
        tags: ['governance'],
        response: { 200: UseCaseList, ...errors },
      },
    },
    async () => {
      const [list, seen] = await Promise.all([gov.listUseCases(), readSeenModels(store)]);
      return { useCases: list.map((uc) => toWireUseCase(uc, seen)) };
    },
  );

  app.post(
    '/api/v1/use-cases',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Register an AI use case (enters intake at "requirements")',
        tags: ['governance'],
        body: UseCaseInput,
        response: { 201: UseCase, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as UseCaseInput;
      const at = now();
      const stage: UseCaseStage = body.stage ?? 'requirements';
      if (stage === 'retired')
        throw new VigilError('VIGIL_ERR_VALIDATION', 'body.stage: a use case cannot be created retired');
      const uc: UseCaseRecord = {
        id: body.id ?? slugify(body.name),
        spec: toSpec(body),
        stage,
        isThroughIntake: stage === 'requirements',
        createdAtMs: at,
        updatedAtMs: at,
        specChangedAtMs: at,
        version: 1,
      };
      const created = await gov.createUseCase(
        uc,
        audit(uc, req, 'created', body.actor, { stage, isThroughIntake: uc.isThroughIntake, spec: uc.spec }, at),
      );
      if (!created)
        throw new VigilError(
          'VIGIL_ERR_CONFLICT',
          `body.id: use case "${uc.id}" already exists; choose another id or PUT /api/v1/use-cases/${uc.id}`,
        );
      return reply.code(201).send(toWireUseCase(uc, await readSeenModels(store)));
    },
  );

  app.get(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'One AI use case',
        tags: ['governance'],
        params: IdParams,
        response: { 200: UseCase, ...errors },
      },
    },
    async (req) => toWireUseCase(await load((req.params as { id: string }).id), await readSeenModels(store)),
  );

  app.put(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the requirements of a use case (the stage moves only through …/advance)',
        tags: ['governance'],
        params: IdParams,
        body: UseCaseInput,
        response: { 200: UseCase, ...errors },
      },
    },
    async (req) => {
      const uc = await load((req.params as { id: string }).id);
      const body = req.body as UseCaseInput;
      if (body.id !== undefined && body.id !== uc.id)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.id: "${body.id}" differs from the path id "${uc.id}"; ids cannot change`,
        );
      if (body.stage !== undefined && body.stage !== uc.stage)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.stage: change the stage with POST /api/v1/use-cases/${uc.id}/advance`,
        );
      const at = now();
      const spec = toSpec(body);
      const isChanged = JSON.stringify(spec) !== JSON.stringify(uc.spec);
      const next: UseCaseRecord = {
        ...uc,
        spec,
        updatedAtMs: at,
        specChangedAtMs: isChanged ? at : uc.specChangedAtMs,
        version: uc.version + 1,
      };
      const ok = await gov.updateUseCase(
        next,
        uc.version,
        audit(uc, req, 'updated', body.actor, { before: uc.spec, after: spec }, at),
      );
      if (!ok)
        throw new VigilError('VIGIL_ERR_CONFLICT', `use case "${uc.id}" changed concurrently; read it again and retry`);
      return toWireUseCase(next, await readSeenModels(store));
    },
  );

  app.delete(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a use case (its audit trail stays)',
        tags: ['governance'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const uc = await load((req.params as { id: string }).id);
      await gov.deleteUseCase(uc.id, audit(uc, req, 'deleted', null, { stage: uc.stage, spec: uc.spec }, now()));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/use-cases/:id/checkpoints',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Intake checkpoints: computed from observed traffic, alert rules and SLOs, plus human sign-offs',
        tags: ['governance'],
        params: IdParams,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => buildCheckpointReport(store, await load((req.params as { id: string }).id), now()),
  );

  app.post(
    '/api/v1/use-cases/:id/checkpoints/:key',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Sign off a human checkpoint (runbook reviewed, team trained)',
        tags: ['governance'],
        params: Type.Object({ id: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) }),
        body: SignoffInput,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => {
      const { id, key } = req.params as { id: string; key: string };
      const uc = await load(id);
      if (key === APPROVAL_CHECKPOINT)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `params.key: go-live approval goes through POST /api/v1/use-cases/${id}/approve`,
        );
      if (!(HUMAN_CHECKPOINTS as readonly string[]).includes(key)) {
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `params.key: "${key}" is not a human checkpoint; use one of ${HUMAN_CHECKPOINTS.join(', ')} (the others are computed)`,
        );
      }
      if (uc.stage === 'retired') throw new VigilError('VIGIL_ERR_CONFLICT', `use case "${id}" is retired`);
      const body = req.body as { actor: Actor; note?: string };
      const at = now();
      await gov.addSignoff(
        {
          useCaseId: id,
          key,
          actor: body.actor,
          apiKeyName: req.apiKey?.name ?? null,
          atMs: at,
          note: body.note ?? null,
        },
        audit(uc, req, 'signed_off', body.actor, { key, note: body.note ?? null }, at),
      );
      return buildCheckpointReport(store, uc, now());
    },
  );

  app.post(
    '/api/v1/use-cases/:id/load-tests',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Record a load-test window; the checkpoint reads the calls Vigil observed in it',
        tags: ['governance'],
        params: IdParams,
        body: LoadTestInput,
        response: {
          201: LoadTestRecorded,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const uc = await load((req.params as { id: string }).id);
      const body = req.body as { from: string | number; to: string | number; actor?: Actor; note?: string };
      const fromMs = parseTime('from', body.from);
      const toMs = parseTime('to', body.to);
      if (toMs - fromMs < 60_000)
        throw new VigilError('VIGIL_ERR_VALIDATION', 'body.to: the window must be at least one minute after "from"');
      const at = now();
      const id = await gov.addLoadTest(
        {
          useCaseId: uc.id,
          fromMs,
          toMs,
          actor: body.actor ?? null,
          apiKeyName: req.apiKey?.name ?? null,
          atMs: at,
          note: body.note ?? null,
        },
        audit(
          uc,
          req,
          'load_test_recorded',
          body.actor,
          { fromMs, toMs, expectedQps: uc.spec.expectedQps, note: body.note ?? null },
          at,
        ),
      );
      return reply.code(201).send({ id, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
    },
  );

  app.post(
    '/api/v1/use-cases/:id/advance',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Move a use case to another stage; refused (409) with the missing checkpoints listed',
        tags: ['governance'],
        params: IdParams,
        body: AdvanceInput,
        response: { 200: AdvanceResult, ...errors },
      },
    },
    async (req) => {
      const uc = await load((req.params as { id: string }).id);
      const body = req.body as { to: UseCaseStage; actor?: Actor; reason?: string };
      const at = now();
      const report = await buildCheckpointReport(store, uc, at);
      const plan = planTransition(uc.stage, body.to, report.checkpoints);
      if (!plan.isAllowed) {
        await gov.appendAudit(
          audit(
            uc,
            req,
            'advance_refused',
            body.actor,
            { from: uc.stage, to: body.to, reason: plan.reason, missing: plan.missing },
            at,
          ),
        );
        throw new VigilError(
          'VIGIL_ERR_CONFLICT',
          `cannot move "${uc.id}" from ${uc.stage} to ${body.to}: ${plan.reason}${plan.missing.length ? ` — missing: ${plan.missing.join('; ')}` : ''}`,
          { from: uc.stage, to: body.to, missing: plan.missing },
        );
      }
      const next: UseCaseRecord = { ...uc, stage: body.to, updatedAtMs: at, version: uc.version + 1 };
      const ok = await gov.updateUseCase(
        next,
        uc.version,
        audit(uc, req, 'advanced', body.actor, { from: uc.stage, to: body.to, reason: body.reason ?? plan.reason }, at),
      );
      if (!ok)
        throw new VigilError('VIGIL_ERR_CONFLICT', `use case "${uc.id}" changed concurrently; read it again and retry`);
      return {
        useCase: toWireUseCase(next, await readSeenModels(store)),
        checkpoints: await buildCheckpointReport(store, next, now()),
      };
    },
  );

  app.post(
    '/api/v1/use-cases/:id/approve',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Go-live approval by the CTO role (admin key; actor.role must be "cto")',
        description:
          'Refused unless the use case is in production_readiness with every other checkpoint green. The actor is recorded, not verified.',
        tags: ['governance'],
        params: IdParams,
        body: SignoffInput,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => {
      const uc = await load((req.params as { id: string }).id);
      const body = req.body as { actor: Actor; note?: string };
      const at = now();
      const refuse = async (
        code: 'VIGIL_ERR_FORBIDDEN' | 'VIGIL_ERR_CONFLICT',
        message: string,
        missing: string[] = [],
      ) => {
        await gov.appendAudit(audit(uc, req, 'approval_refused', body.actor, { reason: message, missing }, at));
        throw new VigilError(code, message, missing.length ? { missing } : undefined);
      };
      if (body.actor.role !== 'cto')
        return refuse(
          'VIGIL_ERR_FORBIDDEN',
          `body.actor.role: go-live approval needs the CTO role ("cto"), got "${body.actor.role}"`,
        );
      if (uc.stage !== 'production_readiness')
        return refuse(
          'VIGIL_ERR_CONFLICT',
          `use case "${uc.id}" is at stage ${uc.stage}; approval happens in production_readiness`,
        );
      const report = await buildCheckpointReport(store, uc, at);
      const missing = report.checkpoints
        .filter((c) => !c.isMet && c.key !== APPROVAL_CHECKPOINT)
        .flatMap((c) => c.missing.map((m) => `${c.key}: ${m}`));
      if (missing.length)
        return refuse(
          'VIGIL_ERR_CONFLICT',
          `cannot approve "${uc.id}": checkpoints not met — ${missing.join('; ')}`,
          missing,
        );
      await gov.addSignoff(
        {
          useCaseId: uc.id,
          key: APPROVAL_CHECKPOINT,
          actor: body.actor,
          apiKeyName: req.apiKey?.name ?? null,
          atMs: at,
          note: body.note ?? null,
        },
        audit(uc, req, 'approved', body.actor, { note: body.note ?? null }, at),
      );
      return buildCheckpointReport(store, uc, now());
    },
  );

  app.get(
    '/api/v1/use-cases/:id/audit',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Audit trail of a use case, oldest first (kept after deletion)',
        tags: ['governance'],
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }) }),
        response: { 200: AuditList, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const entries = await gov.listAudit(id, (req.query as { limit: number }).limit);
      if (entries.length === 0 && !(await gov.getUseCase(id)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `use case "${id}" has no audit trail`);
      return {
        entries: entries.map((e) => ({
          id: e.id ?? 0,
          useCaseId: e.useCaseId,
          at: new Date(e.atMs).toISOString(),
          action: e.action,
          actor: e.actor,
          apiKeyName: e.apiKeyName,
          details: e.details,
        })),
      };
    },
  );
}
