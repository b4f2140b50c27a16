import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { VigilError } from '../errors/index.js';
import { MAX_BODY_BYTES } from './json-body-parser.js';

const gunzipAsync = promisify(gunzip);
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

/**
 * `application/x-protobuf` bodies (OTLP/HTTP's default encoding) as a Buffer, optionally gzip-compressed. The
 * 5 MB limit applies to the bytes on the wire and again to the decompressed body, as for JSON. Decoding the
 * message is the route's business (it knows which one it expects).
 */
export function installProtobufBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    PROTOBUF_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (req, raw, done) => {
      const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding === 'identity') return done(null, raw);
      if (encoding !== 'gzip')
        return done(
          new VigilError(
            'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE',
            `Content-Encoding: "${encoding}" is not supported; send gzip or no encoding`,
          ),
          undefined,
        );
      gunzipAsync(raw as Buffer, { maxOutputLength: MAX_BODY_BYTES }).then(
        (buf) => done(null, buf),
        (err: NodeJS.ErrnoException) =>
          done(
            err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError
              ? new VigilError(
                  'VIGIL_ERR_PAYLOAD_TOO_LARGE',
                  'body: larger than 5 MB once decompressed; export smaller batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE)',
                )
              : new VigilError('VIGIL_ERR_VALIDATION', 'body: Content-Encoding is gzip but the body is not valid gzip'),
            undefined,
          ),
      );
    },
  );
}
