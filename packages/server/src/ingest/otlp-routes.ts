import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import { convertOtlpTraces } from './otlp-traces.js';

const MAX_EVENTS_PER_COMMIT = 1000;

const ExportTraceServiceResponse = Type.Object({
  partialSuccess: Type.Optional(
    Type.Object({
      rejectedSpans: Type.Integer({ description: 'AI spans that could not become events.' }),
      errorMessage: Type.String({ description: 'Why, for the first few; each names the span and the field.' }),
    }),
  ),
});

/**
 * OTLP/HTTP traces at the path OpenTelemetry exporters use: point `OTEL_EXPORTER_OTLP_ENDPOINT` at Vigil with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json` and an ingest key in `OTEL_EXPORTER_OTLP_HEADERS`. AI spans become
 * events (docs/otlp.md) and take the same path as `POST /api/v1/events`: 200 only after they are committed.
 */
export function registerOtlpRoutes(app: FastifyInstance, deps: { pipeline: IngestPipeline }): void {
  app.addContentTypeParser('application/x-protobuf', (_req, _payload, done) => {
    done(
      new VigilError(
        'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE',
        'Content-Type application/x-protobuf: OTLP protobuf is not supported yet; set OTEL_EXPORTER_OTLP_PROTOCOL=http/json (OTLP/HTTP JSON)',
      ),
      undefined,
    );
  });

  app.post(
    '/v1/traces',
    {
      config: { auth: 'ingest', shedLoad: true, validatesItems: true },
      schema: {
        summary: 'OTLP/HTTP JSON trace export: AI spans become events',
        description:
          'An OTLP ExportTraceServiceRequest (JSON encoding, gzip accepted). Spans with a vigil.model attribute (span or resource) or gen_ai.* attributes become events; other spans are skipped. See docs/otlp.md for the mapping.',
        tags: ['ingest'],
        response: {
          200: ExportTraceServiceResponse,
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
    async (req) => {
      let conversion;
      try {
        conversion = convertOtlpTraces(req.body);
      } catch (err) {
        if (err instanceof TypeError) throw new VigilError('VIGIL_ERR_VALIDATION', err.message);
        throw err;
      }
      const problems = conversion.rejected.map((r) => `${r.span}: ${r.message}`);
      for (let i = 0; i < conversion.events.length; i += MAX_EVENTS_PER_COMMIT) {
        const { body } = await deps.pipeline.ingestEvents(
          conversion.events.slice(i, i + MAX_EVENTS_PER_COMMIT),
          undefined,
          req.apiKey?.id ?? null,
          req.allowedModels ?? null,
        );
        // The pipeline names the event field ("events[3].llm.inputTokens: …"); say which span it came from.
        for (const r of body.rejected)
          problems.push(`${conversion.sources[i + r.index]}: ${r.message.replace(/^events\[\d+\]\./, '')}`);
      }
      if (problems.length === 0) return {};
      return { partialSuccess: { rejectedSpans: problems.length, errorMessage: problems.slice(0, 5).join('; ') } };
    },
  );
}
