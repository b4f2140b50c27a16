import { VigilError } from '../errors/index.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import type { OtlpPartialSuccess, OtlpSignal } from './otlp-codec.js';
import { convertOtlpLogs } from './otlp-logs.js';
import { summarizeOtlpMetrics } from './otlp-metrics.js';
import { mapOtlpInfraMetrics } from './otlp-infra-metrics.js';
import { mapOtlpGenAiMetrics } from './otlp-genai-metrics.js';
import type { InfraMetricStore } from '../storage/index.js';
import { convertOtlpTraces, type OtlpConversion } from './otlp-traces.js';

const MAX_EVENTS_PER_COMMIT = 1000;
/** Reasons listed in a partial-success message; the count covers them all. */
const MAX_REASONS = 5;

/**
 * OTLP export handling shared by OTLP/HTTP (JSON and protobuf) and OTLP/gRPC: the body in the OTLP/JSON shape
 * in, the partial success out (null = everything taken). AI spans and log records become events through the
 * ingest pipeline; infrastructure metrics and GenAI metrics are recorded in the infra store; a return means they
 * are committed.
 */
export interface OtlpService {
  export(
    signal: OtlpSignal,
    body: unknown,
    keyId: string | null,
    /** For an ingest key limited to models: the models it may send (others are refused per span). */
    allowedModels?: ReadonlySet<string> | null,
  ): Promise<OtlpPartialSuccess | null>;
}

/**
 * @example
 * const otlp = createOtlpService({ pipeline, infra: store.infra });
 * const partial = await otlp.export('traces', decodeOtlpProtobuf('traces', bytes), key.id);
 */
export function createOtlpService(deps: { pipeline: IngestPipeline; infra: InfraMetricStore }): OtlpService {
  async function ingest(
    conversion: OtlpConversion,
    keyId: string | null,
    allowedModels: ReadonlySet<string> | null,
  ): Promise<OtlpPartialSuccess | null> {
    const problems = conversion.rejected.map((r) => `${r.span}: ${r.message}`);
    for (let i = 0; i < conversion.events.length; i += MAX_EVENTS_PER_COMMIT) {
      const { body } = await deps.pipeline.ingestEvents(
        conversion.events.slice(i, i + MAX_EVENTS_PER_COMMIT),
        undefined,
        keyId,
        allowedModels,
      );
      // The pipeline names the event field ("events[3].llm.inputTokens: …"); say which span it came from.
      for (const r of body.rejected)
        problems.push(`${conversion.sources[i + r.index]}: ${r.message.replace(/^events\[\d+\]\./, '')}`);
    }
    if (problems.length === 0) return null;
    return { rejected: problems.length, errorMessage: problems.slice(0, MAX_REASONS).join('; ') };
  }

  return {
    async export(signal, body, keyId, allowedModels = null) {
      try {
        if (signal === 'traces') return await ingest(convertOtlpTraces(body), keyId, allowedModels);
        if (signal === 'logs') return await ingest(convertOtlpLogs(body), keyId, allowedModels);
        summarizeOtlpMetrics(body);
        // Host and container metrics, and the GenAI metrics as client-reported aggregates, are stored before the
        // answer, in one transaction.
        const genAi = mapOtlpGenAiMetrics(body, allowedModels);
        const points = [...mapOtlpInfraMetrics(body), ...genAi.points];
        if (points.length > 0) await deps.infra.record(points);
        if (genAi.rejected.length === 0) return null;
        return {
          rejected: genAi.rejected.length,
          errorMessage: genAi.rejected
            .slice(0, MAX_REASONS)
            .map((r) => `${r.where}: ${r.message}`)
            .join('; '),
        };
      } catch (err) {
        if (err instanceof TypeError) throw new VigilError('VIGIL_ERR_VALIDATION', err.message);
        throw err;
      }
    },
  };
}
