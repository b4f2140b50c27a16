import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, PiiPolicy, PiiPolicyList, PiiPolicyView, PiiPreviewBody, PiiPreviewResult } from '@vigil/protocol';
import type { PiiPolicyService } from '../../governance/index.js';
import { actorName } from '../http/actor-name.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['privacy'];
const UseCaseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/**
 * Personal-data policies (docs/privacy.md): the default and one per use case, which its models' events follow
 * before they are stored. Everyone with governance read sees them; InfoSec and Admin change them.
 * @example await app.register(piiPolicyRoutes, { pii });
 */
export const piiPolicyRoutes: FastifyPluginAsyncTypebox<{ pii: PiiPolicyService }> = async (app, { pii }) => {
  app.get(
    '/api/v1/privacy/pii-policies',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The default personal-data policy and the use cases with a policy of their own',
        tags,
        response: { 200: PiiPolicyList, ...errors },
      },
    },
    async () => pii.list(),
  );

  app.put(
    '/api/v1/privacy/pii-policies/default',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the default personal-data policy (events of models in no use case with a policy)',
        tags,
        body: PiiPolicy,
        response: { 200: PiiPolicyView, ...errors },
      },
    },
    async (req) => pii.putDefault(req.body, actorName(req)),
  );

  app.put(
    '/api/v1/privacy/pii-policies/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Set a use case's personal-data policy (its models' events follow it)",
        tags,
        params: UseCaseParams,
        body: PiiPolicy,
        response: { 200: PiiPolicyView, ...errors },
      },
    },
    async (req) => pii.putUseCase(req.params.id, req.body, actorName(req)),
  );

  app.delete(
    '/api/v1/privacy/pii-policies/use-cases/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Remove a use case's policy (its models then follow the default)",
        tags,
        params: UseCaseParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await pii.deleteUseCase(req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/privacy/pii-policies/preview',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'What a policy finds in a sample text and what it would store (nothing is saved)',
        tags,
        body: PiiPreviewBody,
        response: { 200: PiiPreviewResult, ...errors },
      },
    },
    async (req) => pii.preview(req.body.text, req.body.policy),
  );
};
