import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/index.js';
import { DEPTH_SCAN_MIN_BYTES, REQUEST_BOUNDS, isJsonDeeperThan, isValueDeeperThan } from './request-bounds.js';

const gunzipAsync = promisify(gunzip);
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const rawJson = new WeakMap<FastifyRequest, string>();

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON text the body was parsed from (for checks cheaper on one string than on every item). */
    readonly rawJson: string | undefined;
  }
}

function tooDeep(limit: number): VigilError {
  return new VigilError(
    'VIGIL_ERR_VALIDATION',
    `body: nested deeper than ${limit.toLocaleString('en-US')} levels; send flatter JSON (docs/errors.md, "Bounds")`,
  );
}

/**
 * JSON bodies, optionally gzip-compressed (Content-Encoding: gzip). The 5 MB limit applies to the
 * bytes on the wire and again to the decompressed body, so a small gzip bomb is refused, not inflated.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.decorateRequest('rawJson', {
    getter(this: FastifyRequest) {
      return rawJson.get(this);
    },
  });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (req, raw, done) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const finish = (buf: Buffer) => {
      let text = buf.toString('utf8');
      // A byte-order mark is not JSON; the parser skips it, and so must anyone reusing the text.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (buf.length >= DEPTH_SCAN_MIN_BYTES && isJsonDeeperThan(text, REQUEST_BOUNDS.maxParseDepth))
        return done(tooDeep(REQUEST_BOUNDS.maxParseDepth), undefined);
      rawJson.set(req, text);
      parseJson(req, text, (err, body) => {
        if (err) return done(err, undefined);
        if (!req.routeOptions.config?.validatesItems && isValueDeeperThan(body, REQUEST_BOUNDS.maxBodyDepth))
          return done(tooDeep(REQUEST_BOUNDS.maxBodyDepth), undefined);
        done(null, body);
      });
    };
    if (encoding === 'identity') return finish(raw as Buffer);
    if (encoding !== 'gzip') {
      return done(
        new VigilError(
          'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE',
          `Content-Encoding: "${encoding}" is not supported; send gzip or no encoding`,
        ),
        undefined,
      );
    }
    gunzipAsync(raw as Buffer, { maxOutputLength: MAX_BODY_BYTES }).then(finish, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return done(
          new VigilError(
            'VIGIL_ERR_PAYLOAD_TOO_LARGE',
            'body: larger than 5 MB once decompressed; send fewer events per request',
          ),
          undefined,
        );
      }
      done(
        new VigilError('VIGIL_ERR_MALFORMED_JSON', 'body: Content-Encoding is gzip but the body is not valid gzip'),
        undefined,
      );
    });
  });
}
