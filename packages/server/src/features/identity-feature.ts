import cookie from '@fastify/cookie';
import { sessionRoutes } from '../api/identity/session-routes.js';
import { userRoutes } from '../api/identity/user-routes.js';
import { keyRoutes } from '../api/identity/key-routes.js';
import { auditRoutes } from '../api/audit/audit-routes.js';
import { createAuditService, type AuditService } from '../audit/index.js';
import { oidcRoutes } from '../api/identity/oidc-routes.js';
import { checkTarget, createGuardedFetch } from '../alerting/index.js';
import { createIdentityService, createOidcLogin, type IdentityService } from '../identity/index.js';
import type { SecretBox } from '../secrets/index.js';
import { installAuth } from '../plugins/auth.js';
import { installAuditTrail } from '../plugins/audit-trail.js';
import { installSecurityHeaders } from '../plugins/security-headers.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * People, roles, API keys and the audit trail: security headers, CORS and rate limits, the session cookie,
 * the permission check on every route, the audit hook, and their routes. Installed before every other
 * feature so its hooks cover their routes.
 * @example const identity = await registerIdentityFeature(ctx); features.push(identity);
 */
export async function registerIdentityFeature(
  ctx: FeatureContext,
  deps: { box: SecretBox },
): Promise<
  FeatureLifecycle & {
    identity: IdentityService;
    audit: AuditService;
    /** The models of these use cases (ingest keys limited to use cases). */
    modelsOfUseCases: (ids: readonly string[]) => Promise<string[]>;
  }
> {
  const { app, store, config, now } = ctx;
  const audit = createAuditService({
    store: store.audit,
    now,
    retentionDays: config.auditRetentionDays,
    log: app.log,
  });
  const sessionTtlMs = config.sessionTtlHours * 3_600_000;
  const identity = createIdentityService({
    users: store.users,
    keys: store.keys,
    audit,
    now,
    signals: ctx.signals,
    options: {
      sessionTtlMs,
      maxLoginFailures: config.maxLoginFailures,
      loginWindowMs: config.loginWindowMinutes * 60_000,
      adminKey: config.adminKey,
    },
  });
  await installSecurityHeaders(app, {
    isHttps: config.externalUrl?.startsWith('https://') === true,
    corsOrigins: config.corsOrigins
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    keyRateLimitPerMinute: config.keyRateLimitPerMinute,
  });
  await app.register(cookie);
  const modelsOfUseCases = async (ids: readonly string[]) => {
    const models: string[] = [];
    for (const id of ids) models.push(...((await store.governance.getUseCase(id))?.spec.models ?? []));
    return models;
  };
  installAuth(app, { identity, modelsOfUseCases });
  installAuditTrail(app, audit);
  const sso = createOidcLogin({
    users: store.users,
    identity,
    audit,
    box: deps.box,
    allowHttp: config.allowLoopbackTargets,
    checkTarget: (url) => checkTarget(url, { allowLoopback: config.allowLoopbackTargets }),
    fetch: createGuardedFetch({ allowLoopback: config.allowLoopbackTargets }),
    now,
  });
  await app.register(sessionRoutes, {
    identity,
    sessionTtlMs,
    cookieSecure: config.cookieSecure,
    externalUrl: config.externalUrl,
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
    // A person who came through single sign-on leaves the provider's session too, when that is set.
    endSessionUrl: async (p) =>
      p.kind === 'user' && (await store.users.findUserById(p.id))?.oidcSubject ? sso.endSessionUrl() : null,
  });
  await app.register(oidcRoutes, {
    sso,
    sessionTtlMs,
    isSecure: (req) =>
      config.cookieSecure === 'always' ||
      (config.cookieSecure === 'auto' &&
        (req.protocol === 'https' || config.externalUrl?.startsWith('https://') === true)),
  });
  await app.register(userRoutes, { identity });
  await app.register(keyRoutes, { identity });
  await app.register(auditRoutes, { audit });
  let timer: NodeJS.Timeout | undefined;
  return {
    identity,
    audit,
    modelsOfUseCases,
    start() {
      // Expired sessions and audit entries past retention go once an hour.
      const sweep = async () => {
        try {
          await identity.pruneSessions();
          await audit.prune(now());
        } catch (err) {
          app.log.error({ err }, 'identity: sweep failed');
        }
      };
      void sweep();
      timer = setInterval(() => void sweep(), 3_600_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
