import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  AdvanceInput,
  AdvanceResult,
  AuditList,
  CheckpointReport,
  ErrorBody,
  LoadTestInput,
  LoadTestList,
  LoadTestRecorded,
  SignoffInput,
  UseCase,
  UseCaseInput,
  UseCaseList,
} from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import type { Caller, UseCaseService } from '../../governance/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const tags = ['governance'];

/**
 * The AI use-case registry and intake workflow (`/api/v1/use-cases…`). The permission table says who may
 * write; a signed-in person is the recorded actor. Sign-offs need a person of the owning team, the go-live
 * approval an Executive.
 * @example await app.register(useCaseRoutes, { useCases: governance.useCases });
 */
export const useCaseRoutes: FastifyPluginAsyncTypebox<{ useCases: UseCaseService }> = async (app, { useCases }) => {
  const caller = (req: FastifyRequest): Caller => {
    const p = req.principal;
    return {
      apiKeyName: req.apiKey?.name ?? null,
      person:
        p?.kind === 'user' ? { username: p.name, displayName: p.displayName, roles: p.roles, teams: p.teams } : null,
    };
  };

  app.get(
    '/api/v1/use-cases',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'AI use cases',
        tags,
        response: { 200: UseCaseList, ...errors },
      },
    },
    async () => ({ useCases: await useCases.list() }),
  );

  app.post(
    '/api/v1/use-cases',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Register an AI use case (enters intake at "requirements")',
        tags,
        body: UseCaseInput,
        response: { 201: UseCase, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await useCases.create(req.body, caller(req))),
  );

  app.get(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'read' },
      schema: { summary: 'One AI use case', tags, params: IdParams, response: { 200: UseCase, ...errors } },
    },
    async (req) => useCases.get(req.params.id),
  );

  app.put(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the requirements of a use case (the stage moves only through …/advance)',
        tags,
        params: IdParams,
        body: UseCaseInput,
        response: { 200: UseCase, ...errors },
      },
    },
    async (req) => useCases.update(req.params.id, req.body, caller(req)),
  );

  app.delete(
    '/api/v1/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a use case (its audit trail stays)',
        tags,
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await useCases.delete(req.params.id, caller(req));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/use-cases/:id/checkpoints',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Intake checkpoints: computed from observed traffic, alert rules and SLOs, plus human sign-offs',
        tags,
        params: IdParams,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => useCases.checkpoints(req.params.id),
  );

  app.post(
    '/api/v1/use-cases/:id/checkpoints/:key',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Sign off a human checkpoint (runbook reviewed, team trained)',
        tags,
        params: Type.Object({ id: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) }),
        body: SignoffInput,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => useCases.signOff(req.params.id, req.params.key, req.body, caller(req)),
  );

  app.post(
    '/api/v1/use-cases/:id/load-tests',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Record a load-test window; the checkpoint reads the calls Vigil observed in it',
        tags,
        params: IdParams,
        body: LoadTestInput,
        response: {
          201: LoadTestRecorded,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const window = { fromMs: parseBodyTime('from', req.body.from), toMs: parseBodyTime('to', req.body.to) };
      return reply.code(201).send(await useCases.addLoadTest(req.params.id, window, req.body, caller(req)));
    },
  );

  app.post(
    '/api/v1/use-cases/:id/advance',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Move a use case to another stage; refused (409) with the missing checkpoints listed',
        tags,
        params: IdParams,
        body: AdvanceInput,
        response: { 200: AdvanceResult, ...errors },
      },
    },
    async (req) => useCases.advance(req.params.id, req.body, caller(req)),
  );

  app.post(
    '/api/v1/use-cases/:id/approve',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Go-live approval by a signed-in Executive (the CTO)',
        description:
          'Refused unless the use case is in production_readiness with every other checkpoint green, and unless the caller is a person with the Executive role.',
        tags,
        params: IdParams,
        body: SignoffInput,
        response: { 200: CheckpointReport, ...errors },
      },
    },
    async (req) => useCases.approve(req.params.id, req.body, caller(req)),
  );

  app.get(
    '/api/v1/use-cases/:id/load-tests',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Recorded load-test windows, each with the calls observed and whether it meets the expected QPS',
        tags,
        params: IdParams,
        response: { 200: LoadTestList, ...errors },
      },
    },
    async (req) => useCases.loadTests(req.params.id),
  );

  app.get(
    '/api/v1/use-cases/:id/audit',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Audit trail of a use case, oldest first (kept after deletion)',
        tags,
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }) }),
        response: { 200: AuditList, ...errors },
      },
    },
    async (req) => ({ entries: await useCases.audit(req.params.id, req.query.limit) }),
  );
};

/** A body time: ISO-8601 (checked by the schema) or epoch ms. */
function parseBodyTime(field: string, v: string | number): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms))
    throw new VigilError('VIGIL_ERR_VALIDATION', `body.${field}: "${v}" is not a time; use ISO-8601 or epoch ms`);
  return ms;
}
