import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/index.js';
import {
  generateApiKey,
  hashSecret,
  hasAdminSet,
  routeNeed,
  SCOPE_PERMISSIONS,
  type IdentityService,
  type Permission,
  type Principal,
  type RouteNeed,
  SESSION_COOKIE,
} from '../identity/index.js';
import type { ApiKeyRecord, KeyRole, KeyStore } from '../storage/index.js';

/** The access a route declares in its own config when the permission table has no line for it (legacy). */
export type RouteAuth = 'public' | 'ingest' | 'read' | 'admin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    shedLoad?: boolean;
  }
  interface FastifyRequest {
    /** Who is asking (set for every route that needs credentials, and on public routes when some were sent). */
    principal?: Principal;
    /** The API key, when the principal is one (kept for the ingest path's per-key limits). */
    apiKey?: ApiKeyRecord;
    /** For an ingest key limited to models or use cases: the models it may send. */
    allowedModels?: ReadonlySet<string>;
  }
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/v1/') || url.startsWith('/metrics');
}

const LEGACY: Record<RouteAuth, RouteNeed | 'admin'> = {
  public: 'public',
  ingest: 'telemetry.ingest',
  read: 'telemetry.read',
  admin: 'admin',
};

/** What a request needs, from the permission table (identity/permissions.ts), else the route's own config. */
export function needOf(req: FastifyRequest): RouteNeed | 'admin' {
  const listed = routeNeed(req.method === 'HEAD' ? 'GET' : req.method, req.routeOptions.url);
  if (listed !== 'unlisted') return listed;
  const declared = req.routeOptions.config?.auth;
  if (declared) return LEGACY[declared];
  // The dashboard's static files are public; an API route nobody listed needs admin (deny by default).
  return isApiPath(req.url) ? 'admin' : 'public';
}

export function hasNeed(p: Principal, need: RouteNeed | 'admin'): boolean {
  if (need === 'public' || need === 'authenticated') return true;
  if (need === 'admin') return hasAdminSet(p);
  return p.permissions.has(need as Permission);
}

export function readSessionCookie(req: FastifyRequest): string | undefined {
  const v = req.cookies?.[SESSION_COOKIE];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Who is asking and may they: a Bearer API key (automation, the SDK) or the dashboard's session cookie
 * (HttpOnly, SameSite=Strict). A write over a session must carry the session's CSRF token in `x-csrf-token`
 * (synchronizer token: the server keeps it with the session) and, when the browser sends one, an Origin of this
 * host. Every answer is checked against the one permission table.
 */
export function installAuth(
  app: FastifyInstance,
  deps: {
    identity: IdentityService;
    modelsOfUseCases: (ids: readonly string[]) => Promise<string[]>;
  },
): void {
  async function resolve(req: FastifyRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Authorization: use the form "Bearer <api key>"');
      const p = await deps.identity.authenticateKey(m[1]!, { ip: req.ip });
      if (!p) throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Authorization: unknown, expired or revoked API key');
      return p;
    }
    const token = readSessionCookie(req);
    if (!token) return null;
    const p = await deps.identity.authenticateSession(token);
    if (!p) throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Session expired or ended; sign in again');
    return p;
  }

  const allowedModels = (key: ApiKeyRecord) => modelsAllowedFor(key, deps.modelsOfUseCases);
  app.addHook('onRequest', async (req) => {
    const need = needOf(req);
    if (need === 'public') {
      // Public routes still learn who is asking when credentials come along (logout, the demo banner).
      req.principal = (await resolve(req).catch(() => null)) ?? undefined;
      return;
    }
    const p = await resolve(req);
    if (!p)
      throw new VigilError(
        'VIGIL_ERR_UNAUTHORIZED',
        'Authorization: missing; send "Authorization: Bearer <api key>" or sign in to the dashboard',
      );
    if (p.session && !SAFE_METHODS.has(req.method)) checkCsrf(req, p);
    // Known before the permission check, so the audit trail records a refused attempt with its actor.
    req.principal = p;
    if (!hasNeed(p, need)) {
      if (p.kind === 'key') deps.identity.recordKeyRefused();
      const who =
        p.kind === 'key' ? `API key "${p.name}" has scope ${p.key!.role}` : `${p.name} has roles ${p.roles.join(', ')}`;
      throw new VigilError(
        'VIGIL_ERR_FORBIDDEN',
        `${who}; this route needs ${need === 'admin' ? 'admin' : `permission ${need}`}`,
      );
    }
    if (p.key) req.apiKey = p.key;
    const allowed = p.key ? await allowedModels(p.key) : null;
    if (allowed) req.allowedModels = allowed;
  });
}

function checkCsrf(req: FastifyRequest, p: Principal): void {
  const sent = req.headers['x-csrf-token'];
  const expected = Buffer.from(p.session!.csrfToken);
  const got = Buffer.from(typeof sent === 'string' ? sent : '');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw new VigilError(
      'VIGIL_ERR_FORBIDDEN',
      'CSRF: a write over a session needs the x-csrf-token header from GET /api/v1/auth/session',
    );
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.headers.host)
      throw new VigilError('VIGIL_ERR_FORBIDDEN', `CSRF: a write over a session from origin ${origin} is refused`);
  }
}

/** For an ingest key limited to models or use cases: the models it may send; null when it is not limited. */
export async function modelsAllowedFor(
  key: ApiKeyRecord,
  modelsOfUseCases: (ids: readonly string[]) => Promise<string[]>,
): Promise<ReadonlySet<string> | null> {
  if (key.role !== 'ingest' || ((key.models?.length ?? 0) === 0 && (key.useCases?.length ?? 0) === 0)) return null;
  return new Set([...(key.models ?? []), ...(await modelsOfUseCases(key.useCases ?? []))]);
}

/**
 * Resolves an `Authorization` header value to its key (expiry checked, last use recorded): null when absent,
 * unknown, expired or revoked; throws VIGIL_ERR_UNAUTHORIZED when it is not "Bearer <key>". For the OTLP/gRPC
 * server, which reads the same header from the call's metadata.
 */
export function createKeyResolver(
  identity: IdentityService,
): (authorization: string | undefined, ip?: string | null) => Promise<ApiKeyRecord | null> {
  return async (header, ip = null) => {
    if (!header) return null;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Authorization: use the form "Bearer <api key>"');
    return (await identity.authenticateKey(m[1]!, { ip }))?.key ?? null;
  };
}

/** May a key of this scope send telemetry (the permission table's telemetry.ingest)? */
export function grantsIngest(role: KeyRole): boolean {
  return SCOPE_PERMISSIONS[role].includes('telemetry.ingest');
}

/** Creates the first admin key when none exists and none is configured. Returns it so the caller prints it once. */
export async function ensureAdminKey(
  keys: KeyStore,
  configured: string | undefined,
  nowMs: number,
): Promise<string | null> {
  if (configured) return null;
  if ((await keys.countActiveAdmins()) > 0) return null;
  const key = generateApiKey();
  await keys.create({
    id: randomUUID(),
    name: 'initial admin',
    role: 'admin',
    hash: hashSecret(key),
    createdAtMs: nowMs,
    revokedAtMs: null,
  });
  return key;
}

/** Kept for callers that hash keys themselves (the demo's simulator key, tests). */
export const hashApiKey = hashSecret;
export { generateApiKey };
