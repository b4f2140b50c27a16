import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorLabel } from '../identity/index.js';
import type { AuditService } from '../audit/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes that are not configuration changes (telemetry, read-only computations), or that audit themselves
 * with before/after (logins, people, keys).
 */
const NOT_AUDITED_HERE = new Set([
  'POST /api/v1/events',
  'POST /api/v1/labels',
  'POST /v1/traces',
  'POST /v1/metrics',
  'POST /v1/logs',
  'POST /api/v1/models/:model/reference',
  'POST /api/v1/alerts/rules/preview',
  'POST /api/v1/roi/calculate',
  // A read-only computation whose sample text may itself hold personal data: never copied into the trail.
  'POST /api/v1/privacy/pii-policies/preview',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/users',
  'PATCH /api/v1/users/:id',
  'POST /api/v1/keys',
  'POST /api/v1/keys/:id/rotate',
  'DELETE /api/v1/keys/:id',
  'DELETE /api/v1/subjects/:id',
]);

/** Routes whose path parameters are personal data: the trail records them as "[subject]" (docs/gdpr.md). */
const PERSONAL_PARAMS = new Set(['GET /api/v1/subjects/:id', 'DELETE /api/v1/subjects/:id']);

const SECRET_FIELD =
  /secret|password|passwd|token|apikey|api_key|routingkey|integrationkey|authorization|credential|private/i;
const URL_FIELD = /url$|^url|webhook|endpoint/i;

/**
 * What a body looks like in the trail: secrets replaced by "[redacted]", URLs cut to their origin (a Slack
 * webhook's path is its secret), long strings shortened.
 */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactForAudit(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_FIELD.test(k)) out[k] = v === null || v === undefined || v === '' ? v : '[redacted]';
      else if (k === 'headers' && v && typeof v === 'object')
        out[k] = Object.fromEntries(Object.keys(v).map((h) => [h, '[redacted]']));
      else if (URL_FIELD.test(k) && typeof v === 'string') out[k] = urlOrigin(v);
      else out[k] = redactForAudit(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}…`;
  return value;
}

function urlOrigin(s: string): string {
  try {
    const u = new URL(s);
    return u.pathname === '/' && !u.search ? u.origin : `${u.origin}/…`;
  } catch {
    return '[not a URL]';
  }
}

/**
 * Every configuration change, approval, sign-off and incident action through the API becomes an audit entry
 * when its answer is sent: who, the route and its ids, the body (redacted), from where, success or failure.
 */
export function installAuditTrail(app: FastifyInstance, audit: AuditService): void {
  app.addHook('onResponse', async (req: FastifyRequest, reply) => {
    if (SAFE_METHODS.has(req.method)) return;
    const url = req.routeOptions.url;
    if (url === undefined || !(url.startsWith('/api/') || url.startsWith('/v1/'))) return;
    const action = `${req.method} ${url}`;
    // A refused attempt never reaches the service that audits itself: it is recorded here.
    const isRefused = reply.statusCode === 403;
    if (NOT_AUDITED_HERE.has(action) && !(isRefused && !url.startsWith('/api/v1/auth/'))) return;
    // Unauthenticated attempts are not configuration changes; the security signals count them.
    if (!req.principal) return;
    const params = PERSONAL_PARAMS.has(action)
      ? { id: '[subject]' }
      : (req.params as Record<string, string> | undefined);
    await audit.record({
      actor: actorLabel(req.principal),
      action,
      target: params && Object.keys(params).length ? JSON.stringify(params) : null,
      outcome: reply.statusCode < 400 ? 'success' : 'failure',
      sourceIp: req.ip,
      before: null,
      after: { status: reply.statusCode, body: redactForAudit(req.body ?? null) },
    });
  });
}
