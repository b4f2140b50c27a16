import type { FastifyError, FastifyInstance } from 'fastify';
import { VigilError, toErrorBody } from '../errors/index.js';

/**
 * Maps every failure to the one error shape. Fastify's own errors (validation, body parsing, size)
 * become catalogue codes; anything unexpected is logged and answered as a bare 500.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | VigilError, req, reply) => {
    const vigil = toVigilError(err);
    if (vigil.statusCode >= 500 && vigil.code === 'VIGIL_ERR_INTERNAL') req.log.error({ err }, 'request failed');
    if (vigil.headers) for (const [k, v] of Object.entries(vigil.headers)) reply.header(k, v);
    return reply.code(vigil.statusCode).send(toErrorBody(vigil, req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    const err = new VigilError('VIGIL_ERR_NOT_FOUND', `${req.method} ${req.url.split('?')[0]}: no such route; see /api/v1/openapi.json`);
    return reply.code(404).send(toErrorBody(err, req.id));
  });
}

function toVigilError(err: FastifyError | VigilError): VigilError {
  if (err instanceof VigilError) return err;
  const e = err as FastifyError;
  if (e.validation) {
    const first = e.validation[0]!;
    const where = e.validationContext ?? 'body';
    const path = first.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
    const missing = (first.params as { missingProperty?: string }).missingProperty;
    const extra = (first.params as { additionalProperty?: string }).additionalProperty;
    const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues;
    const field = [where, path, missing ?? extra].filter(Boolean).join('.');
    let msg = `${field}: ${first.message ?? 'is invalid'}`;
    if (missing) msg = `${field}: is required`;
    if (extra) msg = `${field}: is not a known field`;
    if (allowed) msg += ` (${allowed.map((a) => JSON.stringify(a)).join(', ')})`;
    return new VigilError('VIGIL_ERR_VALIDATION', msg, e.validation.map((v) => ({ path: v.instancePath, message: v.message })));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new VigilError('VIGIL_ERR_MALFORMED_JSON', `body: ${e.message}; send a JSON object such as {"events": [...]}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VigilError('VIGIL_ERR_PAYLOAD_TOO_LARGE', 'body: larger than 5 MB; send fewer events per request (at most 1,000)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VigilError('VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type: ${e.message}; send application/json`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VigilError('VIGIL_ERR_VALIDATION', 'Content-Length: does not match the body');
  }
  if (e.statusCode === 404) return new VigilError('VIGIL_ERR_NOT_FOUND', e.message);
  if (e.statusCode === 405) return new VigilError('VIGIL_ERR_METHOD_NOT_ALLOWED', e.message);
  if (e.statusCode === 413) return new VigilError('VIGIL_ERR_PAYLOAD_TOO_LARGE', 'body: larger than 5 MB; send fewer events per request (at most 1,000)');
  if (e.statusCode === 415) return new VigilError('VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', `${e.message}; send application/json`);
  if (e.statusCode === 400 && e.code?.startsWith('FST_ERR_CTP')) return new VigilError('VIGIL_ERR_MALFORMED_JSON', `body: ${e.message}`);
  if (e.statusCode === 400) return new VigilError('VIGIL_ERR_VALIDATION', e.message);
  return new VigilError('VIGIL_ERR_INTERNAL', 'Internal Server Error');
}
