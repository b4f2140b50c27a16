/**
 * OTLP metrics: what an export holds (docs/otlp.md, "Metrics"). Pure. Vigil's data model is one event per
 * model call, committed before the answer; a metric data point is an aggregate over many calls (a count, a
 * sum and buckets), so it cannot become events without inventing per-call values, and adding it to the
 * rollups directly would bypass the event log that crash recovery replays. So data points are counted and
 * answered, not stored: GenAI client metrics (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`)
 * are reported back as rejected with a message that says to export traces (or GenAI log events), which carry
 * the same facts per call; every other metric (an application's HTTP or runtime metrics) is not Vigil's and is
 * accepted without being stored, as non-AI spans are.
 */
import { field, list, readAttributes } from './otlp-attributes.js';

export interface OtlpMetricsSummary {
  /** Data points in the export. */
  dataPoints: number;
  /** Data points of GenAI metrics (gen_ai.*), by metric name. */
  genAi: Map<string, number>;
}

const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/**
 * Reads an ExportMetricsServiceRequest (OTLP/JSON shape). Throws a `TypeError` naming the field when the body
 * is not one (→ 400).
 * @example summarizeOtlpMetrics(body).genAi.get('gen_ai.client.token.usage') // 2
 */
export function summarizeOtlpMetrics(body: unknown): OtlpMetricsSummary {
  const out: OtlpMetricsSummary = { dataPoints: 0, genAi: new Map() };
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
        let points = 0;
        for (const kind of DATA_KINDS) {
          const data = field(metric, kind, where);
          if (data !== undefined && data !== null) points += list(data, 'dataPoints', `${where}.${kind}`).length;
        }
        out.dataPoints += points;
        if (name.startsWith('gen_ai.')) out.genAi.set(name, (out.genAi.get(name) ?? 0) + points);
      });
    });
  });
  return out;
}
