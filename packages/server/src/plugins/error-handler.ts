import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError, toErrorBody } from '../errors/index.js';
import { FINITE_KEYWORD } from './request-bounds.js';
import type { StoreHealth } from './store-health.js';

/** Longest path parameter (a model slug, an id); Fastify's `maxParamLength`. */
export const MAX_PARAM_LENGTH = 256;

/**
 * Node's answer to a request it could not parse (bad request line, headers over 16 KB, a timeout), written
 * straight to the socket in the one error shape: Fastify never sees these requests. Pass as the
 * `clientErrorHandler` Fastify option.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const vigil =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new VigilError('VIGIL_ERR_REQUEST_TIMEOUT', 'request: not received in time; send the whole request at once')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new VigilError('VIGIL_ERR_HEADERS_TOO_LARGE', 'headers: larger than 16 KB; send fewer or shorter headers')
        : new VigilError('VIGIL_ERR_MALFORMED_REQUEST', `request: not valid HTTP/1.1 (${err.code ?? 'parse error'})`);
  const body = JSON.stringify(toErrorBody(vigil, randomUUID()));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${vigil.statusCode} ${toErrorBody(vigil, '').error}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Errors Fastify raises before routing (a URL that cannot be decoded, an over-long path parameter), in the one
 * error shape. Pass as the `frameworkErrors` Fastify option.
 */
export function answerFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  let vigil: VigilError;
  if (err.code === 'FST_ERR_BAD_URL')
    vigil = new VigilError(
      'VIGIL_ERR_MALFORMED_REQUEST',
      'url: cannot be decoded (a "%" must start a valid escape such as %20); encode the path and query string',
    );
  else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    vigil = new VigilError(
      'VIGIL_ERR_VALIDATION',
      `params: a path segment is longer than ${MAX_PARAM_LENGTH} characters`,
    );
  else {
    req.log.error({ err }, 'request failed before routing');
    vigil = new VigilError('VIGIL_ERR_INTERNAL', 'Internal Server Error');
  }
  void reply.code(vigil.statusCode).send(toErrorBody(vigil, req.id));
}

/**
 * Maps every failure to the one error shape. Fastify's own errors (validation, body parsing, size)
 * become catalogue codes; anything unexpected is logged and answered as a bare 500.
 */
export function installErrorHandling(app: FastifyInstance, deps: { health?: StoreHealth } = {}): void {
  app.setErrorHandler((err: FastifyError | VigilError, req, reply) => {
    // A full, read-only or corrupt store is the server's state, not a bug: 503 + Retry-After, writes paused.
    const vigil = deps.health?.report(err) ? deps.health.notReady() : toVigilError(err, req);
    if (vigil.statusCode >= 500 && vigil.code === 'VIGIL_ERR_INTERNAL') req.log.error({ err }, 'request failed');
    if (vigil.headers) for (const [k, v] of Object.entries(vigil.headers)) reply.header(k, v);
    return reply.code(vigil.statusCode).send(toErrorBody(vigil, req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const err = new VigilError(
      'VIGIL_ERR_NOT_FOUND',
      `${req.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}: no such route; see /api/v1/openapi.json`,
    );
    return reply.code(404).send(toErrorBody(err, req.id));
  });
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/**
 * Ajv answers a failed union (anyOf) with the first error of every branch, the first branch's first. For a
 * union told apart by `kind` (a maintenance window's schedule), the error that names the right field is the
 * one of the branch the body's `kind` selects: a weekly schedule with a bad duration is not "startsAt: is required".
 */
function pickValidationIssue(issues: readonly ValidationIssue[], req: FastifyRequest, where: string): ValidationIssue {
  const union = issues.find((i) => i.keyword === 'anyOf');
  const schema = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[where];
  const data = (req as unknown as Record<string, unknown>)[where];
  if (!union || !schema || !union.schemaPath.startsWith('#/')) return issues[0]!;
  const dig = (root: unknown, keys: string[]) =>
    keys.reduce<unknown>(
      (node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined),
      root,
    );
  const branches = dig(schema, union.schemaPath.slice(2).split('/'));
  const kind = dig(data, [...union.instancePath.split('/').filter(Boolean), 'kind']);
  if (!Array.isArray(branches) || kind === undefined) return issues[0]!;
  const index = branches.findIndex((b) => dig(b, ['properties', 'kind', 'const']) === kind);
  return issues.find((i) => index >= 0 && i.schemaPath.startsWith(`${union.schemaPath}/${index}/`)) ?? issues[0]!;
}

function toVigilError(err: FastifyError | VigilError, req: FastifyRequest): VigilError {
  if (err instanceof VigilError) return err;
  const e = err as FastifyError;
  if (e.validation) {
    const first = pickValidationIssue(e.validation, req, e.validationContext ?? 'body');
    const where = e.validationContext ?? 'body';
    const path = first.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
    const missing = (first.params as { missingProperty?: string }).missingProperty;
    const extra = (first.params as { additionalProperty?: string }).additionalProperty;
    const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues;
    const field = [where, path, missing ?? extra].filter(Boolean).join('.');
    let msg = `${field}: ${first.message ?? 'is invalid'}`;
    if (missing) msg = `${field}: is required`;
    if (first.keyword === FINITE_KEYWORD) msg = `${field}: must be a finite number (docs/errors.md, "Bounds")`;
    if (extra) msg = `${field}: is not a known field`;
    if (allowed) msg += ` (${allowed.map((a) => JSON.stringify(a)).join(', ')})`;
    // Too many items in a batch endpoint's top-level array: the client splits the batch rather than fixing a field.
    const isBatchTooLarge =
      first.keyword === 'maxItems' &&
      where === 'body' &&
      /^\/[^/]+$/.test(first.instancePath) &&
      req.routeOptions.config?.validatesItems === true;
    return new VigilError(
      isBatchTooLarge ? 'VIGIL_ERR_BATCH_TOO_LARGE' : 'VIGIL_ERR_VALIDATION',
      msg,
      e.validation.map((v) => ({ path: v.instancePath, message: v.message })),
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new VigilError(
        'VIGIL_ERR_MALFORMED_JSON',
        `body: ${e.message}; send a JSON object such as {"events": [...]}`,
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VigilError(
        'VIGIL_ERR_PAYLOAD_TOO_LARGE',
        'body: larger than 5 MB; send fewer events per request (at most 1,000)',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VigilError('VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type: ${e.message}; send application/json`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VigilError('VIGIL_ERR_VALIDATION', 'Content-Length: does not match the body');
  }
  if (e.statusCode === 404) return new VigilError('VIGIL_ERR_NOT_FOUND', e.message);
  if (e.statusCode === 405) return new VigilError('VIGIL_ERR_METHOD_NOT_ALLOWED', e.message);
  if (e.statusCode === 413)
    return new VigilError(
      'VIGIL_ERR_PAYLOAD_TOO_LARGE',
      'body: larger than 5 MB; send fewer events per request (at most 1,000)',
    );
  if (e.statusCode === 415)
    return new VigilError('VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', `${e.message}; send application/json`);
  if (e.statusCode === 400 && e.code?.startsWith('FST_ERR_CTP'))
    return new VigilError('VIGIL_ERR_MALFORMED_JSON', `body: ${e.message}`);
  if (e.statusCode === 400) return new VigilError('VIGIL_ERR_VALIDATION', e.message);
  return new VigilError('VIGIL_ERR_INTERNAL', 'Internal Server Error');
}
