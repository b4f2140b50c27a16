import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import {
  decodeOtlpProtobuf,
  encodeOtlpResponse,
  encodeRpcStatus,
  grpcCodeForStatus,
  otlpJsonResponse,
  rejectedField,
  type OtlpService,
  type OtlpSignal,
} from '../../ingest/index.js';

/** The body parser for it is plugins/protobuf-body-parser.ts (installed by app.ts). */
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

/** A protobuf request gets its error in protobuf too: the spec's google.rpc.Status, same status code. */
async function protobufErrors(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || !isProtobuf(req) || typeof payload !== 'string') return payload;
  let message = payload;
  try {
    message = (JSON.parse(payload) as { message?: string }).message ?? payload;
  } catch {
    // Not our error shape: send the text as the message.
  }
  reply.header('content-type', PROTOBUF);
  return Buffer.from(encodeRpcStatus(grpcCodeForStatus(reply.statusCode), message));
}

/**
 * OTLP/HTTP at the paths OpenTelemetry exporters use (`OTEL_EXPORTER_OTLP_ENDPOINT=http://vigil:8080`), in
 * both encodings (`http/protobuf`, the SDKs' default, and `http/json`), gzip or not. The answer is in the
 * request's encoding, errors included (a `google.rpc.Status` for protobuf), with the specification's
 * retryable statuses (429, 503 + Retry-After). AI spans and log records become events and take the same path
 * as `POST /api/v1/events`: 200 only after they are committed (docs/otlp.md). The body is the OTLP/JSON
 * object or the protobuf bytes, so it is checked by the OTLP service, not a route schema.
 * @example await app.register(otlpRoutes, { otlp: createOtlpService({ pipeline, infra: store.infra }) });
 */
export const otlpRoutes: FastifyPluginAsyncTypebox<{ otlp: OtlpService }> = async (app, { otlp }) => {
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
              ? 'Host and container metrics (hostmetrics, kubeletstats receivers) are stored as infrastructure metrics (docs/infrastructure.md); other data points are counted, not stored; GenAI client metrics are answered as rejected with the reason (send traces or GenAI log events).'
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
        const partial = await otlp.export(signal, body, req.apiKey?.id ?? null, req.allowedModels ?? null);
        if (!protobuf) return otlpJsonResponse(signal, partial);
        // The protobuf answer is bytes, which Fastify sends as they are; the schema above describes the JSON one.
        const bytes: unknown = Buffer.from(encodeOtlpResponse(signal, partial));
        return reply.type(PROTOBUF).send(bytes as { partialSuccess?: never });
      },
    );
  }
};
