import { randomUUID } from 'node:crypto';
import type { VigilEvent } from './event-types.js';

/** Fields every event from the middleware carries, plus how to name the endpoint and the request. */
export interface HttpMeta extends Omit<
  VigilEvent,
  'endpoint' | 'latencyMs' | 'status' | 'errorType' | 'requestId' | 'timestamp'
> {
  /** Overrides the endpoint name, e.g. to keep ids out of it. Return undefined to use the default. */
  resolveEndpoint?: (req: any) => string | undefined;
  /** Reuse an incoming id (e.g. the X-Request-Id header) as the event's requestId. Default: a new UUID. */
  resolveRequestId?: (req: any) => string | undefined;
}

/** What the Express/Connect middleware reads from the Node request, structurally (no Express types needed). */
export interface NodeLikeRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  /** Set by the middleware: pass it back to your client to attach labels later. */
  vigilRequestId?: string;
}

export interface NodeLikeResponse {
  statusCode: number;
  writableFinished?: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

type Record = (event: VigilEvent) => string;

export type ConnectMiddleware = (req: NodeLikeRequest, res: NodeLikeResponse, next: (err?: unknown) => void) => void;

export interface FastifyHooks {
  onRequest(request: FastifyLikeRequest, reply: unknown, done: () => void): void;
  onResponse(request: FastifyLikeRequest, reply: { statusCode: number }, done: () => void): void;
}
const MAX_ENDPOINT = 256;

/** Express/Connect `(req, res, next)`; see Vigil.middleware(). */
export function createMiddleware(record: Record, meta: HttpMeta): ConnectMiddleware {
  const { resolveEndpoint, resolveRequestId, ...fields } = meta;
  return function vigilMiddleware(req: NodeLikeRequest, res: NodeLikeResponse, next: (err?: unknown) => void): void {
    try {
      const start = performance.now();
      const requestId = pickRequestId(resolveRequestId, req);
      req.vigilRequestId = requestId;
      let isDone = false;
      const done = (): void => {
        if (isDone) return;
        isDone = true;
        // 'close' without 'finish': the client went away before the response was complete.
        const isAborted = res.writableFinished === false;
        // Express sets req.route while routing; it names the pattern ("/users/:id"), not the raw path.
        const route = req.route?.path !== undefined ? `${req.baseUrl ?? ''}${String(req.route.path)}` : undefined;
        record({
          ...fields,
          requestId,
          endpoint: nameEndpoint(resolveEndpoint, req, req.method, route, req.originalUrl ?? req.url),
          latencyMs: performance.now() - start,
          ...statusOf(res.statusCode, isAborted),
        });
      };
      res.once('finish', done);
      res.once('close', done);
    } catch {
      // Monitoring must never break the request it watches.
    }
    next();
  };
}

/** Structural subset of a Fastify request (v3 to v5). */
export interface FastifyLikeRequest {
  method: string;
  url: string;
  routeOptions?: { url?: string };
  routerPath?: string;
  raw?: { aborted?: boolean };
}

/** onRequest/onResponse hooks for Fastify; see Vigil.fastifyHooks(). */
export function createFastifyHooks(record: Record, meta: HttpMeta): FastifyHooks {
  const { resolveEndpoint, resolveRequestId, ...fields } = meta;
  const started = new WeakMap<object, { start: number; requestId: string }>();
  return {
    onRequest(request: FastifyLikeRequest, _reply: unknown, done: () => void): void {
      try {
        started.set(request, { start: performance.now(), requestId: pickRequestId(resolveRequestId, request) });
      } catch {
        // as above: never break the request
      }
      done();
    },
    onResponse(request: FastifyLikeRequest, reply: { statusCode: number }, done: () => void): void {
      try {
        const begun = started.get(request);
        if (begun) {
          const route = request.routeOptions?.url ?? request.routerPath;
          record({
            ...fields,
            requestId: begun.requestId,
            endpoint: nameEndpoint(resolveEndpoint, request, request.method, route, request.url),
            latencyMs: performance.now() - begun.start,
            ...statusOf(reply.statusCode, false),
          });
        }
      } catch {
        // as above
      }
      done();
    },
  };
}

function pickRequestId(resolve: HttpMeta['resolveRequestId'], req: unknown): string {
  const given = resolve?.(req);
  return typeof given === 'string' && given !== '' ? given.slice(0, 128) : randomUUID();
}

function nameEndpoint(
  resolve: HttpMeta['resolveEndpoint'],
  req: unknown,
  method: string | undefined,
  route: string | undefined,
  url: string | undefined,
): string {
  const custom = resolve?.(req);
  if (typeof custom === 'string' && custom !== '') return custom.slice(0, MAX_ENDPOINT);
  const path = route ?? (url ?? '/').split('?')[0];
  return `${method ?? 'GET'} ${path}`.slice(0, MAX_ENDPOINT);
}

function statusOf(statusCode: number, isAborted: boolean): Pick<VigilEvent, 'status' | 'errorType'> {
  if (statusCode >= 500) return { status: 'error', errorType: 'http_5xx' };
  if (isAborted) return { status: 'error', errorType: 'client_aborted' };
  return { status: 'ok' };
}
