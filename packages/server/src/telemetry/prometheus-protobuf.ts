import protobuf from 'protobufjs';
import type { Registry } from 'prom-client';
import { PROMETHEUS_PROTO } from './prometheus-proto-schema.js';
import type { LatencyHistogram } from './latency-histogram.js';

const root = protobuf.parse(PROMETHEUS_PROTO, { keepCase: false }).root;
const MetricFamily = root.lookupType('io.prometheus.client.MetricFamily');
const TYPE = { counter: 0, gauge: 1, summary: 2, untyped: 3, histogram: 4 } as const;

interface JsonMetric {
  name: string;
  help: string;
  type: keyof typeof TYPE;
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
}

const labelPairs = (labels: Record<string, string | number>) =>
  Object.entries(labels).map(([name, value]) => ({ name, value: String(value) }));

/**
 * The registry as the protobuf exposition format (length-delimited io.prometheus.client.MetricFamily messages),
 * with the model-call latency as native histograms (schema 3) and prom-client's own histograms as classic ones.
 * @example reply.type(PROTOBUF_CONTENT_TYPE).send(await renderProtobufExposition(registry, latency))
 */
export async function renderProtobufExposition(registry: Registry, latency: LatencyHistogram): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const write = (family: Record<string, unknown>) =>
    chunks.push(MetricFamily.encodeDelimited(MetricFamily.fromObject(family)).finish());
  for (const m of (await registry.getMetricsAsJSON()) as unknown as JsonMetric[]) {
    if (m.name === latency.name) continue;
    if (m.type === 'histogram') write(classicHistogramFamily(m));
    else if (m.type === 'counter' || m.type === 'gauge')
      write({
        name: m.name,
        help: m.help,
        type: TYPE[m.type],
        metric: m.values.map((v) => ({ label: labelPairs(v.labels), [m.type]: { value: v.value } })),
      });
  }
  write({
    name: latency.name,
    help: latency.help,
    type: TYPE.histogram,
    metric: [...latency.all.values()].map((s) => ({
      label: labelPairs(s.labels),
      histogram: { sampleCount: s.count, sampleSum: s.sum, ...s.native() },
    })),
  });
  return Buffer.concat(chunks);
}

/** prom-client's histogram values (`_bucket` with le, `_sum`, `_count`) regrouped per label set. */
function classicHistogramFamily(m: JsonMetric): Record<string, unknown> {
  const byLabels = new Map<
    string,
    { labels: Record<string, string | number>; buckets: Array<{ le: number; n: number }>; sum: number; count: number }
  >();
  for (const v of m.values) {
    const { le, ...labels } = v.labels;
    const key = JSON.stringify(labels);
    let h = byLabels.get(key);
    if (!h) byLabels.set(key, (h = { labels, buckets: [], sum: 0, count: 0 }));
    if (v.metricName?.endsWith('_bucket') && le !== '+Inf') h.buckets.push({ le: Number(le), n: v.value });
    else if (v.metricName?.endsWith('_sum')) h.sum = v.value;
    else if (v.metricName?.endsWith('_count')) h.count = v.value;
  }
  return {
    name: m.name,
    help: m.help,
    type: TYPE.histogram,
    metric: [...byLabels.values()].map((h) => ({
      label: labelPairs(h.labels),
      histogram: {
        sampleCount: h.count,
        sampleSum: h.sum,
        bucket: h.buckets.map((b) => ({ upperBound: b.le, cumulativeCount: b.n })),
      },
    })),
  };
}
