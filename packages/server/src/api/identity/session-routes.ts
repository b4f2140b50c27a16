import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, LoginBody, SessionView } from '@vigil/protocol';
import { SESSION_COOKIE, sessionCookieOptions, type IdentityService, type Principal } from '../../identity/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };
const tags = ['identity'];

export interface SessionRouteOptions {
  identity: IdentityService;
  sessionTtlMs: number;
  cookieSecure: 'auto' | 'always' | 'never';
  externalUrl?: string;
  loginRateLimitPerMinute: number;
  /** The provider's end-session URL for a person signed in through single sign-on, when Vigil ends it too. */
  endSessionUrl?: (principal: Principal) => Promise<string | null>;
}

/**
 * Dashboard sign-in: POST /api/v1/auth/login (password, or an admin/read API key) sets the session cookie;
 * GET /api/v1/auth/session says who is signed in and hands out the CSRF token; POST /api/v1/auth/logout ends it.
 * @example await app.register(sessionRoutes, { identity, sessionTtlMs, cookieSecure: 'auto', … });
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRouteOptions> = async (app, opts) => {
  const isSecure = (req: FastifyRequest) =>
    opts.cookieSecure === 'always' ||
    (opts.cookieSecure === 'auto' && (req.protocol === 'https' || opts.externalUrl?.startsWith('https://') === true));

  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: opts.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Sign in to the dashboard (sets an HttpOnly session cookie)',
        tags,
        security: [],
        body: LoginBody,
        response: { 200: SessionView, ...errors },
      },
    },
    async (req, reply) => {
      const origin = { ip: req.ip };
      const body = req.body;
      const s =
        'apiKey' in body
          ? await opts.identity.loginWithKey(body.apiKey, origin)
          : await opts.identity.login(body.username, body.password, origin);
      reply.setCookie(
        SESSION_COOKIE,
        s.token,
        sessionCookieOptions({ isSecure: isSecure(req), maxAgeSec: Math.floor(opts.sessionTtlMs / 1000) }),
      );
      return present(s.principal);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        summary: 'Who is signed in, with the CSRF token writes over the session need',
        tags,
        response: { 200: SessionView, ...errors },
      },
    },
    async (req) => present(req.principal!),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        summary: 'End the session',
        description:
          "204 when the session is over. 200 with `endSessionUrl` when the person signed in through single sign-on and Vigil is set to end the provider's session too: the browser goes there next (docs/identity.md).",
        tags,
        security: [],
        response: { 200: Type.Object({ endSessionUrl: Type.String() }), 204: Type.Null() },
      },
    },
    async (req, reply: FastifyReply) => {
      const token = req.cookies?.[SESSION_COOKIE];
      const endSessionUrl = req.principal ? await opts.endSessionUrl?.(req.principal) : null;
      if (token) await opts.identity.logout(token, req.principal, { ip: req.ip });
      reply.setCookie(SESSION_COOKIE, '', sessionCookieOptions({ isSecure: isSecure(req), maxAgeSec: 0 }));
      return endSessionUrl ? reply.code(200).send({ endSessionUrl }) : reply.code(204).send(null);
    },
  );
};

function present(p: Principal) {
  return {
    principal: {
      kind: p.kind,
      id: p.id,
      name: p.kind === 'user' ? p.displayName : p.name,
      roles: p.roles,
      teams: p.teams,
      permissions: [...p.permissions].sort(),
    },
    csrfToken: p.session?.csrfToken ?? null,
    expiresAt: p.session ? new Date(p.session.expiresAtMs).toISOString() : null,
  };
}
