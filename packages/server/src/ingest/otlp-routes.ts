import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import { MAX_BODY_BYTES } from '../plugins/json-body-parser.js';
import {
  decodeOtlpProtobuf,
  encodeOtlpResponse,
  encodeRpcStatus,
  otlpJsonResponse,
  rejectedField,
  type OtlpSignal,
} from './otlp-codec.js';
import { grpcCodeForStatus } from './otlp-grpc-codes.js';
import type { OtlpService } from './otlp-service.js';

const gunzipAsync = promisify(gunzip);
const PROTOBUF = 'application/x-protobuf';

const SIGNALS: Array<{ signal: OtlpSignal; path: string; what: string; items: string }> = [
  { signal: 'traces', path: '/v1/traces', what: 'ExportTraceServiceRequest', items: 'AI spans' },
  { signal: 'metrics', path: '/v1/metrics', what: 'ExportMetricsServiceRequest', items: 'GenAI metric data points' },
  { signal: 'logs', path: '/v1/logs', what: 'ExportLogsServiceRequest', items: 'AI log records' },
];

const isProtobuf = (req: FastifyRequest) =>
  String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith(PROTOBUF);

/**
 * OTLP/HTTP at the paths OpenTelemetry exporters use (`OTEL_EXPORTER_OTLP_ENDPOINT=http://vigil:8080`), in
 * both encodings (`http/protobuf`, the SDKs' default, and `http/json`), gzip or not. The answer is in the
 * request's encoding, errors included (a `google.rpc.Status` for protobuf), with the specification's
 * retryable statuses (429, 503 + Retry-After). AI spans and log records become events and take the same path
 * as `POST /api/v1/events`: 200 only after they are committed (docs/otlp.md).
 */
export function registerOtlpRoutes(app: FastifyInstance, deps: { otlp: OtlpService }): void {
  app.addContentTypeParser(PROTOBUF, { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (req, raw, done) => {
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
  });

  // A protobuf request gets its error in protobuf too: the spec's google.rpc.Status, same status code.
  const protobufErrors = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 400 || !isProtobuf(req) || typeof payload !== 'string') return payload;
    let message = payload;
    try {
      message = (JSON.parse(payload) as { message?: string }).message ?? payload;
    } catch {
      // Not our error shape: send the text as the message.
    }
    reply.header('content-type', PROTOBUF);
    return Buffer.from(encodeRpcStatus(grpcCodeForStatus(reply.statusCode), message));
  };

  for (const { signal, path, what, items } of SIGNALS) {
    app.post(
      path,
      {
        config: { auth: 'ingest', shedLoad: true, validatesItems: true },
        onSend: protobufErrors,
        schema: {
          summary: `OTLP/HTTP ${signal} export (protobuf or JSON, gzip accepted)`,
          description: `An OTLP ${what}, Content-Type application/x-protobuf or application/json. ${
            signal === 'metrics'
              ? 'Data points are counted, not stored; GenAI client metrics are answered as rejected with the reason (send traces or GenAI log events).'
              : `${items} (GenAI, OpenInference, OpenLLMetry attributes or vigil.model) become events; others are skipped.`
          } See docs/otlp.md.`,
          tags: ['ingest'],
          response: {
            200: Type.Object({
              partialSuccess: Type.Optional(
                Type.Object({
                  [rejectedField(signal)]: Type.Integer({ description: `${items} that could not be stored.` }),
                  errorMessage: Type.String({ description: 'Why, for the first few; each names the item.' }),
                }),
              ),
            }),
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            413: ErrorBody,
            415: ErrorBody,
            429: ErrorBody,
            503: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        const protobuf = isProtobuf(req);
        let body: unknown = req.body;
        if (protobuf) {
          try {
            body = decodeOtlpProtobuf(signal, req.body as Buffer);
          } catch (err) {
            throw new VigilError('VIGIL_ERR_VALIDATION', (err as Error).message);
          }
        }
        const partial = await deps.otlp.export(signal, body, req.apiKey?.id ?? null);
        if (!protobuf) return otlpJsonResponse(signal, partial);
        return reply.type(PROTOBUF).send(Buffer.from(encodeOtlpResponse(signal, partial)));
      },
    );
  }
}
