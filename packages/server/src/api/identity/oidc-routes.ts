import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { VigilError } from '../../errors/index.js';
import { ErrorBody, OidcLoginInfo, OidcSettingsAnswer, OidcSettingsInput } from '@vigil/protocol';
import {
  actorLabel,
  OIDC_PENDING_COOKIE,
  SESSION_COOKIE,
  sessionCookieOptions,
  type OidcLogin,
} from '../../identity/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['identity'];

export interface OidcRouteOptions {
  sso: OidcLogin;
  sessionTtlMs: number;
  isSecure: (req: FastifyRequest) => boolean;
}

/**
 * Single sign-on: the login page asks GET /api/v1/auth/oidc whether to show "Sign in with <provider>";
 * GET /auth/oidc/login sends the browser to the provider, GET /auth/oidc/callback signs it in and goes to the
 * dashboard (or back to the login page with the reason). The settings are read and written over the API.
 * @example await app.register(oidcRoutes, { sso, sessionTtlMs, isSecure });
 */
export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRouteOptions> = async (app, opts) => {
  const { sso } = opts;
  // The pending login must survive the provider's cross-site redirect back (SameSite=Lax), only on /auth/oidc.
  const pendingCookie = (req: FastifyRequest, maxAgeSec: number) => ({
    path: '/auth/oidc',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: opts.isSecure(req),
    maxAge: maxAgeSec,
  });

  app.get(
    '/api/v1/auth/oidc',
    {
      schema: {
        summary: 'Whether single sign-on is on, and the provider name the login page shows',
        tags,
        security: [],
        response: { 200: OidcLoginInfo },
      },
    },
    async () => sso.info(),
  );

  app.get(
    '/api/v1/auth/oidc/settings',
    {
      schema: {
        summary: 'Single sign-on settings (the client secret masked)',
        tags,
        response: { 200: OidcSettingsAnswer, ...errors },
      },
    },
    async () => ({ settings: await sso.readSettings() }),
  );

  app.put(
    '/api/v1/auth/oidc/settings',
    {
      schema: {
        summary: 'Set single sign-on: provider, client, redirect URL, claim-to-role and team mapping',
        tags,
        body: OidcSettingsInput,
        response: { 200: OidcSettingsAnswer, ...errors },
      },
    },
    async (req) => ({ settings: await sso.writeSettings(req.body, actorLabel(req.principal), { ip: req.ip }) }),
  );

  app.get(
    '/auth/oidc/login',
    { schema: { summary: 'Start single sign-on: redirects to the provider', tags, security: [] } },
    async (req, reply) => {
      try {
        const { url, cookie } = await sso.begin();
        reply.setCookie(OIDC_PENDING_COOKIE, cookie, pendingCookie(req, 600));
        return reply.redirect(url, 302);
      } catch (err) {
        // Not configured, or the provider cannot be reached or is refused: back to the login page with why.
        if (!(err instanceof VigilError)) req.log.error({ err }, 'single sign-on: login start failed');
        const message = err instanceof VigilError ? err.message : 'Internal Server Error';
        return reply.redirect(`/?sso_error=${encodeURIComponent(message.slice(0, 300))}`, 302);
      }
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        summary: 'Where the provider sends the browser back: signs in and opens the dashboard',
        tags,
        security: [],
        querystring: Type.Object({}, { additionalProperties: Type.String({ maxLength: 4096 }) }),
      },
    },
    async (req, reply) => {
      reply.setCookie(OIDC_PENDING_COOKIE, '', pendingCookie(req, 0));
      try {
        const s = await sso.complete(new URL(req.url, 'http://callback'), req.cookies?.[OIDC_PENDING_COOKIE], {
          ip: req.ip,
        });
        reply.setCookie(
          SESSION_COOKIE,
          s.token,
          sessionCookieOptions({ isSecure: opts.isSecure(req), maxAgeSec: Math.floor(opts.sessionTtlMs / 1000) }),
        );
        return reply.redirect('/', 302);
      } catch (err) {
        // Back to the login page, which shows why (the audit trail has the entry); an unexpected failure is
        // logged and never shown.
        if (!(err instanceof VigilError)) req.log.error({ err }, 'single sign-on: callback failed');
        const message = err instanceof VigilError ? err.message : 'Internal Server Error';
        return reply.redirect(`/?sso_error=${encodeURIComponent(message.slice(0, 300))}`, 302);
      }
    },
  );
};
