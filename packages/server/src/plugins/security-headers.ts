import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { VigilError } from '../errors/index.js';

/**
 * Security headers on every answer (helmet): a Content-Security-Policy the dashboard passes (own scripts and
 * styles only, no framing), nosniff, no referrer. HSTS and upgrade-insecure-requests only when the dashboard is
 * served over https (externalUrl), since a plain-http install would break on them. CORS is off unless origins
 * are configured. Rate limits: per route where a route asks (login), and per API key.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  opts: { isHttps: boolean; corsOrigins: string[]; keyRateLimitPerMinute: number },
): Promise<void> {
  // helmet itself, built once: @fastify/helmet rebuilt it (and re-parsed the CSP) for every request.
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: opts.isHttps ? [] : null,
      },
    },
    hsts: opts.isHttps ? { maxAge: 31_536_000 } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (req, reply, done) =>
    applyHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
  if (opts.corsOrigins.length > 0)
    await app.register(cors, {
      origin: opts.corsOrigins,
      credentials: false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new VigilError(
        'VIGIL_ERR_RATE_LIMITED',
        `More than ${ctx.max} requests in ${ctx.after}; retry after the Retry-After header`,
      ),
  });
  if (opts.keyRateLimitPerMinute > 0) {
    // Counted per key (the hash of the Authorization header, never the key itself) on every Bearer request.
    const limiter = app.createRateLimit({
      max: opts.keyRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => req.apiKey?.id ?? req.ip,
    });
    app.addHook('preHandler', async (req, reply) => {
      if (!req.apiKey || req.principal?.session) return;
      const r = await limiter(req);
      if (!r.isAllowed && r.isExceeded) {
        reply.header('retry-after', String(Math.ceil(r.ttlInSeconds ?? 60)));
        throw new VigilError(
          'VIGIL_ERR_RATE_LIMITED',
          `API key "${req.apiKey.name}": more than ${opts.keyRateLimitPerMinute} requests per minute; retry after the Retry-After header`,
        );
      }
    });
  }
}
