import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/index.js';
import type { ApiKeyRecord, KeyRole, KeyStore } from '../storage/index.js';

/** Who may call a route: `public` needs no key; otherwise a key whose role grants it. */
export type RouteAuth = 'public' | 'ingest' | 'read' | 'admin';

const GRANTS: Record<KeyRole, ReadonlySet<RouteAuth>> = {
  admin: new Set(['public', 'ingest', 'read', 'admin']),
  ingest: new Set(['public', 'ingest']),
  read: new Set(['public', 'read']),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    shedLoad?: boolean;
  }
  interface FastifyRequest {
    apiKey?: ApiKeyRecord;
  }
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/v1/') || url.startsWith('/metrics');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return `vgl_${randomBytes(24).toString('base64url')}`;
}

/** Does a key of this role grant a route that needs `need`? */
export function grantsAccess(role: KeyRole, need: RouteAuth): boolean {
  return GRANTS[role].has(need);
}

/**
 * Resolves an `Authorization` header value to its key: null when absent, unknown or revoked; throws
 * VIGIL_ERR_UNAUTHORIZED when it is not of the form "Bearer <key>". Used by the HTTP hook and the OTLP/gRPC
 * server (which reads the same header from the call's metadata).
 */
export function createKeyResolver(deps: {
  keys: KeyStore;
  adminKey?: string;
}): (authorization: string | undefined) => Promise<ApiKeyRecord | null> {
  const adminHash = deps.adminKey ? Buffer.from(hashApiKey(deps.adminKey), 'hex') : undefined;
  const configuredAdmin: ApiKeyRecord = {
    id: 'configured-admin',
    name: 'VIGIL_ADMIN_KEY',
    role: 'admin',
    createdAtMs: 0,
    revokedAtMs: null,
  };
  const cache = new Map<string, { key: ApiKeyRecord | null; at: number }>();

  return async function resolve(header: string | undefined): Promise<ApiKeyRecord | null> {
    if (!header) return null;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Authorization: use the form "Bearer <api key>"');
    const hash = hashApiKey(m[1]!);
    if (adminHash && timingSafeEqual(Buffer.from(hash, 'hex'), adminHash)) return configuredAdmin;
    // A short cache keeps key look-ups off the ingest hot path; revocation takes effect within 5 s.
    const hit = cache.get(hash);
    if (hit && Date.now() - hit.at < 5000) return hit.key;
    const key = await deps.keys.findActiveByHash(hash);
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { key, at: Date.now() });
    return key;
  };
}

/**
 * Bearer API keys, stored only as SHA-256 hashes (keys are 192-bit random, so a fast hash is enough).
 * The configured admin key, when set, is accepted without being stored. API routes without an `auth`
 * config require an admin key: access is denied unless a route says otherwise.
 */
export function installAuth(app: FastifyInstance, deps: { keys: KeyStore; adminKey?: string }): void {
  const resolveHeader = createKeyResolver(deps);
  const resolve = (req: FastifyRequest) => resolveHeader(req.headers.authorization);

  app.addHook('onRequest', async (req) => {
    // The dashboard's static files are public; any API route that forgot to declare its access needs admin.
    const need: RouteAuth = req.routeOptions.config?.auth ?? (isApiPath(req.url) ? 'admin' : 'public');
    if (need === 'public') return;
    const key = await resolve(req);
    if (!key) {
      throw new VigilError(
        'VIGIL_ERR_UNAUTHORIZED',
        req.headers.authorization
          ? 'Authorization: unknown or revoked API key'
          : 'Authorization: missing; send "Authorization: Bearer <api key>"',
      );
    }
    if (!GRANTS[key.role].has(need))
      throw new VigilError(
        'VIGIL_ERR_FORBIDDEN',
        `API key "${key.name}" has role ${key.role}; this route needs ${need}`,
      );
    req.apiKey = key;
  });
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
    hash: hashApiKey(key),
    createdAtMs: nowMs,
    revokedAtMs: null,
  });
  return key;
}
