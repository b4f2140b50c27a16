import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiKeyCreated, ApiKeyInput, ApiKeyList, ErrorBody, KeyRotateBody } from '@vigil/protocol';
import type { IdentityService } from '../../identity/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['identity'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/**
 * API keys: scopes (ingest — optionally only for listed models or use cases —, read, admin), expiry,
 * rotation with a grace period, last use. The secret is answered once; Vigil keeps its hash.
 * @example await app.register(keyRoutes, { identity });
 */
export const keyRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  app.get(
    '/api/v1/keys',
    { schema: { summary: 'API keys (never their secrets)', tags, response: { 200: ApiKeyList, ...errors } } },
    async () => ({ keys: await identity.listKeys() }),
  );

  app.post(
    '/api/v1/keys',
    { schema: { summary: 'Create an API key', tags, body: ApiKeyInput, response: { 201: ApiKeyCreated, ...errors } } },
    async (req, reply) => reply.code(201).send(await identity.createKey(req.body, req.principal, { ip: req.ip })),
  );

  app.post(
    '/api/v1/keys/:id/rotate',
    {
      schema: {
        summary: 'Rotate: a new secret with the same name, scope and limits; the old one ends after the grace',
        tags,
        params: IdParams,
        body: Type.Optional(KeyRotateBody),
        response: { 201: ApiKeyCreated, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await identity.rotateKey(req.params.id, req.body?.graceMinutes ?? 0, req.principal, { ip: req.ip })),
  );

  app.delete(
    '/api/v1/keys/:id',
    { schema: { summary: 'Revoke an API key', tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await identity.revokeKey(req.params.id, req.principal, { ip: req.ip });
      return reply.code(204).send(null);
    },
  );
};
