/**
 * OTLP metrics: what an export holds (docs/otlp.md, "Metrics"). Pure. Reading every metric once checks the body
 * is an ExportMetricsServiceRequest before anything is stored. What is stored is chosen elsewhere: host and
 * container metrics (hostmetrics, kubeletstats) become infrastructure metrics (otlp-infra-metrics.ts), the
 * OpenTelemetry GenAI metrics become client-reported aggregates per service and LLM (otlp-genai-metrics.ts,
 * docs/infrastructure.md). They are not events: a data point is an aggregate over many calls (a count, a sum and
 * buckets), so it cannot become events without inventing per-call values, and the event rollups are rebuilt
 * from the event log. Every other metric (an application's HTTP or runtime metrics) is not Vigil's and is
 * accepted without being stored, as non-AI spans are.
 */
import { field, list, readAttributes } from './otlp-attributes.js';

export interface OtlpMetricsSummary {
  /** Data points in the export. */
  dataPoints: number;
}

const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/**
 * Reads an ExportMetricsServiceRequest (OTLP/JSON shape). Throws a `TypeError` naming the field when the body
 * is not one (→ 400).
 * @example summarizeOtlpMetrics(body).dataPoints // 3
 */
export function summarizeOtlpMetrics(body: unknown): OtlpMetricsSummary {
  const out: OtlpMetricsSummary = { dataPoints: 0 };
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TypeError('body: must be a JSON object (an OTLP ExportMetricsServiceRequest)');
  list(body, 'resourceMetrics', 'body').forEach((rm: unknown, r) => {
    readAttributes(
      field(field(rm, 'resource', `resourceMetrics[${r}]`), 'attributes', `resourceMetrics[${r}].resource`),
      `resourceMetrics[${r}].resource.attributes`,
    );
    list(rm, 'scopeMetrics', `resourceMetrics[${r}]`).forEach((sm: unknown, s) => {
      list(sm, 'metrics', `resourceMetrics[${r}].scopeMetrics[${s}]`).forEach((metric: unknown, m) => {
        const where = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
        const name = field(metric, 'name', where);
        if (typeof name !== 'string') throw new TypeError(`${where}.name: must be a string`);
        for (const kind of DATA_KINDS) {
          const data = field(metric, kind, where);
          if (data !== undefined && data !== null) {
            const points = list(data, 'dataPoints', `${where}.${kind}`);
            points.forEach((dp, i) => field(dp, 'attributes', `${where}.${kind}.dataPoints[${i}]`));
            out.dataPoints += points.length;
          }
        }
      });
    });
  });
  return out;
}
