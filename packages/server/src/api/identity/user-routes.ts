import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, UserInput, UserList, UserOne, UserPatch } from '@vigil/protocol';
import type { IdentityService } from '../../identity/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['identity'];

/**
 * People: list, add (local password or SSO-only), change roles, teams or password, disable.
 * @example await app.register(userRoutes, { identity });
 */
export const userRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  app.get(
    '/api/v1/users',
    { schema: { summary: 'People with accounts', tags, response: { 200: UserList, ...errors } } },
    async () => ({ users: await identity.listUsers() }),
  );

  app.post(
    '/api/v1/users',
    { schema: { summary: 'Add a person', tags, body: UserInput, response: { 201: UserOne, ...errors } } },
    async (req, reply) =>
      reply.code(201).send({ user: await identity.addUser(req.body, req.principal, { ip: req.ip }) }),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        summary: 'Change roles, teams, password or display name, or disable (ends their sessions)',
        tags,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: UserPatch,
        response: { 200: UserOne, ...errors },
      },
    },
    async (req) => ({ user: await identity.updateUser(req.params.id, req.body, req.principal, { ip: req.ip }) }),
  );
};
