// OpenTelemetry GenAI metrics as an instrumented application sends them (docs/infrastructure.md, "GenAI client
// metrics"): the real OpenTelemetry JS SDK records gen_ai.client.token.usage and gen_ai.client.operation.duration
// histograms with the semantic-convention attributes and bucket advice, and its OTLP/HTTP exporters (protobuf and
// JSON) send them to a real Vigil. The stored token sums, call and error counts must equal what was recorded,
// across repeated cumulative exports (no double counting) and delta exports, and the API must show them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPMetricExporter as ProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { estimateQuantile } from '../src/analysis/infra/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const suffix = randomUUID().slice(0, 6);
// The semantic conventions' advised bucket boundaries (gen-ai-metrics.md).
const DURATION_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BOUNDS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

let s: TestServer;
const warnings: string[] = [];
before(async () => {
  s = await startTestServer({ listen: true });
  // The exporters log a partial success as a warning: collect them, there must be none.
  diag.setLogger(
    {
      error: (m) => warnings.push(m),
      warn: (m) => warnings.push(m),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
});
after(() => s.close());

type Exporter = PushMetricExporter;
function exporterFor(transport: 'protobuf' | 'json', temporality: 'cumulative' | 'delta'): Exporter {
  const options = {
    url: `${s.url}/v1/metrics`,
    headers: { authorization: s.auth.authorization },
    ...(temporality === 'delta' && { temporalityPreference: AggregationTemporality.DELTA }),
  };
  return transport === 'protobuf' ? new ProtoMetrics(options) : new JsonMetrics(options);
}

/** An instrumented LLM client: the two client histograms with the semconv names, units and bucket advice. */
function instrument(exporter: Exporter, service: string) {
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader],
  });
  const meter = provider.getMeter('genai-instrumentation');
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    advice: { explicitBucketBoundaries: TOKEN_BOUNDS },
  });
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BOUNDS },
  });
  const common = (model: string, provider: string) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': model,
    'server.address': `api.${provider}.example`,
    'server.port': 443,
  });
  /** One call as an instrumentation records it: input and output tokens, then the duration. */
  const call = (model: string, provider: string, input: number, output: number, seconds: number, error?: string) => {
    tokens.record(input, { ...common(model, provider), 'gen_ai.token.type': 'input' });
    tokens.record(output, { ...common(model, provider), 'gen_ai.token.type': 'output' });
    duration.record(seconds, { ...common(model, provider), ...(error && { 'error.type': error }) });
  };
  const exportNow = async () => {
    const { resourceMetrics } = await reader.collect();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export(resourceMetrics, resolve),
    );
    assert.equal(result.code, 0, result.error?.message);
    return resourceMetrics;
  };
  return { call, exportNow, meter, shutdown: () => provider.shutdown() };
}

const genAi = async (model: string) => {
  const res = await s.vigil.app.inject({
    url: `/api/v1/infra/genai?model=${model}&from=${Date.now() - 3_600_000}&to=${Date.now() + 120_000}`,
    headers: s.auth,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { quantiles: string; rows: Array<Record<string, any>> };
};

for (const transport of ['protobuf', 'json'] as const) {
  test(`${transport}: cumulative exports of the client histograms are stored once each, per service and LLM`, async () => {
    const model = `shop-${transport}-${suffix}`;
    const app = instrument(exporterFor(transport, 'cumulative'), model);
    app.call('gpt-4o', 'openai', 120, 30, 1.2);
    app.call('gpt-4o', 'openai', 80, 50, 0.3);
    app.call('gpt-4o', 'openai', 40, 0, 7, 'timeout');
    app.call('claude-sonnet', 'anthropic', 10, 5, 0.05);
    await app.exportNow();
    // Between exports: more calls; the cumulative data points now carry the totals since the start.
    app.call('gpt-4o', 'openai', 200, 70, 2.5);
    app.call('gpt-4o', 'openai', 1, 1, 0.015);
    await app.exportNow();
    await app.exportNow(); // a repeat with nothing new: adds nothing
    await app.shutdown(); // and the shutdown's final export: adds nothing either

    const summary = await genAi(model);
    const gpt = summary.rows.find((r) => r.llm === 'gpt-4o')!;
    const claude = summary.rows.find((r) => r.llm === 'claude-sonnet')!;
    assert.equal(summary.rows.length, 2);
    assert.deepEqual(
      [gpt.model, gpt.service, gpt.provider, gpt.inputTokens, gpt.outputTokens, gpt.calls, gpt.errors],
      [model, model, 'openai', 120 + 80 + 40 + 200 + 1, 30 + 50 + 0 + 70 + 1, 5, 1],
    );
    assert.deepEqual(
      [claude.provider, claude.inputTokens, claude.outputTokens, claude.calls, claude.errors],
      ['anthropic', 10, 5, 1, 0],
    );
    assert.ok(Math.abs(gpt.durationMean - (1.2 + 0.3 + 7 + 2.5 + 0.015) / 5) < 1e-9);
    // p95 from the buckets: the 5 durations fall in (0.01,0.02], (0.16,0.32], (0.64,1.28], (2.56,5.12],
    // (5.12,10.24]; rank 4.75 lies in the last one, 0.75 of the way through it.
    const buckets = DURATION_BOUNDS.map((le) => ({ le, count: 0 }));
    for (const d of [1.2, 0.3, 7, 2.5, 0.015]) buckets.find((b) => d <= b.le)!.count++;
    assert.ok(Math.abs(gpt.durationP95 - estimateQuantile(buckets, 0.95)!) < 1e-9);
    assert.ok(Math.abs(gpt.durationP95 - (5.12 + (10.24 - 5.12) * 0.75)) < 1e-9);
    assert.ok(Math.abs(gpt.durationP50 - (0.64 + (1.28 - 0.64) * 0.5)) < 1e-9); // rank 2.5: halfway in (0.64,1.28]
    assert.equal(gpt.serverRequests, null);
    assert.match(summary.quantiles, /estimated from the histogram buckets.*histogram_quantile/);
    assert.deepEqual(warnings, [], 'no partial success: every GenAI data point was stored');

    // The resources: one per LLM, with the Vigil model, apart from any host resource.
    const resources = (await s.vigil.app.inject({ url: '/api/v1/infra/resources', headers: s.auth })).json();
    const mine = resources.resources.filter((r: any) => r.model === model);
    assert.deepEqual(mine.map((r: any) => r.genAiModel).sort(), ['claude-sonnet', 'gpt-4o']);
    assert.ok(mine.every((r: any) => r.metrics.includes('genai.tokens.input')));
    const kind = async (k: string) =>
      (await s.vigil.app.inject({ url: `/api/v1/infra/resources?kind=${k}`, headers: s.auth }))
        .json()
        .resources.filter((r: any) => r.model === model).length;
    assert.deepEqual([await kind('genai'), await kind('infra')], [2, 0]);

    // Over time: the token series per bucket add up to the same totals.
    const from = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const ts = await s.vigil.app.inject({
      url: `/api/v1/infra/timeseries?metric=genai.tokens.input,genai.calls,genai.duration.p95&service=${model}&from=${from}&to=${from + 3_660_000}&step=60000`,
      headers: s.auth,
    });
    assert.equal(ts.statusCode, 200, ts.body);
    const gptKey = mine.find((r: any) => r.genAiModel === 'gpt-4o').key;
    const total = (metric: string) =>
      ts
        .json()
        .series.filter((x: any) => x.metric === metric && x.resource === gptKey)
        .flatMap((x: any) => x.points)
        .reduce((a: number, p: [number, number | null]) => a + (p[1] ?? 0), 0);
    assert.equal(total('genai.tokens.input'), 441);
    assert.equal(total('genai.calls'), 5);
    assert.equal(ts.json().series.find((x: any) => x.metric === 'genai.tokens.input').unit, '{token}');
  });
}

test('delta temporality: every export is an increase, summed exactly; the model-server histograms too', async () => {
  const model = `delta-shop-${suffix}`;
  const app = instrument(exporterFor('protobuf', 'delta'), model);
  app.call('gpt-4o-mini', 'openai', 100, 10, 0.2);
  // A model server's own histograms (same shape; semconv buckets for time to first token).
  const server = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
  };
  const requests = app.meter.createHistogram('gen_ai.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BOUNDS },
  });
  const ttft = app.meter.createHistogram('gen_ai.server.time_to_first_token', {
    unit: 's',
    advice: {
      explicitBucketBoundaries: [
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
      ],
    },
  });
  for (const [d, first] of [
    [0.15, 0.03],
    [0.3, 0.05],
    [0.5, 0.07],
    [0.9, 0.2],
  ] as const) {
    requests.record(d, server);
    ttft.record(first, server);
  }
  await app.exportNow();
  app.call('gpt-4o-mini', 'openai', 300, 30, 0.4, '429');
  await app.exportNow();
  await app.exportNow(); // an empty interval: no data points
  await app.shutdown();
  const [row] = (await genAi(model)).rows;
  assert.deepEqual([row!.inputTokens, row!.outputTokens, row!.calls, row!.errors], [400, 40, 2, 1]);
  assert.ok(Math.abs(row!.durationMean - 0.3) < 1e-9);
  assert.equal(row!.serverRequests, 4);
  assert.ok(Math.abs(row!.serverDurationMean - (0.15 + 0.3 + 0.5 + 0.9) / 4) < 1e-9);
  // TTFT buckets (0.02,0.04], (0.04,0.06], (0.06,0.08], (0.1,0.25]: rank 3.8 lies in the last, 0.8 of the way;
  // rank 2 is the top of (0.04,0.06].
  assert.ok(Math.abs(row!.ttftP95 - (0.1 + 0.15 * 0.8)) < 1e-9, `${row!.ttftP95}`);
  assert.ok(Math.abs(row!.ttftP50 - 0.06) < 1e-9, `${row!.ttftP50}`);
});

test('the answer to an export the SDK serializes: GenAI points stored (no partial success); what is not stored is counted with the reason', async () => {
  const model = `answer-${suffix}`;
  const exporter = exporterFor('json', 'cumulative');
  const app = instrument(exporter, model);
  app.call('gpt-4o', 'openai', 12, 3, 0.5);
  const resourceMetrics = await app.exportNow();
  await app.shutdown();
  const post = (payload: object | Buffer) =>
    s.vigil.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: { ...s.auth, 'content-type': 'application/json' },
      payload,
    });
  /** An OTLP/JSON export of `metrics` from this test's service. */
  const exportOf = (metrics: object[]) => ({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: model } }] },
        scopeMetrics: [{ metrics }],
      },
    ],
  });
  // The same export as the SDK's JSON serializer writes it, posted directly to read the answer.
  const res = await post(Buffer.from(JsonMetricsSerializer.serializeRequest(resourceMetrics)!));
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {});
  // A repeat of the same cumulative points: accepted, nothing double-counted.
  const [row] = (await genAi(model)).rows;
  assert.deepEqual([row!.inputTokens, row!.calls], [12, 1]);

  // Still not stored, each with why: a GenAI metric Vigil does not read, an exponential histogram, a token type
  // other than input/output.
  const now = `${BigInt(Date.now()) * 1_000_000n}`;
  const point = (attrs: Record<string, string>) => ({
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })),
    startTimeUnixNano: now,
    timeUnixNano: now,
    count: '1',
    sum: 5,
    bucketCounts: ['1', '0'],
    explicitBounds: [10],
  });
  const partial = await post(
    exportOf([
      {
        name: 'gen_ai.client.operation.time_to_first_chunk',
        histogram: { aggregationTemporality: 2, dataPoints: [point({})] },
      },
      {
        name: 'gen_ai.client.operation.duration',
        exponentialHistogram: { aggregationTemporality: 2, dataPoints: [{ count: '1' }] },
      },
      {
        name: 'gen_ai.client.token.usage',
        histogram: {
          aggregationTemporality: 1,
          dataPoints: [
            point({ 'gen_ai.token.type': 'total', 'gen_ai.request.model': 'gpt-4o' }),
            point({ 'gen_ai.token.type': 'input', 'gen_ai.request.model': 'gpt-4o' }),
          ],
        },
      },
      { name: 'http.server.requests', sum: { dataPoints: [{ asInt: '3', timeUnixNano: now }] } },
    ]),
  );
  assert.equal(partial.statusCode, 200);
  const { rejectedDataPoints, errorMessage } = partial.json().partialSuccess;
  assert.equal(rejectedDataPoints, 3);
  assert.match(errorMessage, /gen_ai\.client\.operation\.time_to_first_chunk dataPoints\[0\]: not stored/);
  assert.match(errorMessage, /exponentialHistogram\.dataPoints\[0\]: must be an explicit-bucket histogram/);
  assert.match(errorMessage, /gen_ai\.token\.type: "input" or "output" are stored; got "total"/);
  const [after] = (await genAi(model)).rows;
  assert.equal(after!.inputTokens, 12 + 5); // the delta input point was stored

  // A body of the wrong structure is refused whole, naming the field.
  const bad = await post(
    exportOf([
      {
        name: 'gen_ai.client.operation.duration',
        histogram: { dataPoints: [{ ...point({ 'gen_ai.request.model': 'x' }), explicitBounds: 'x' }] },
      },
    ]),
  );
  assert.equal(bad.statusCode, 400);
  assert.equal(
    bad.json().message,
    'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].explicitBounds: must be an array',
  );
});
