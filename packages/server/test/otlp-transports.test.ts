// OTLP as SDKs send it: the real OpenTelemetry JS exporters for traces, metrics and logs over all three
// transports (http/protobuf — the SDKs' default —, http/json and gRPC, gzip on some) against a real Vigil
// listening on HTTP and OTLP/gRPC. The same spans sent three ways must become the same events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as HttpJsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraces } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as GrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter as HttpJsonLogs } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogs } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as GrpcLogs } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPMetricExporter as HttpJsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as GrpcMetrics } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { decodeOtlpResponse, encodeOtlpRequest } from '../src/ingest/otlp-codec.js';
import protobuf from 'protobufjs';
import { hashApiKey } from '../src/plugins/auth.js';

type Obj = Record<string, any>;
type Transport = 'http/protobuf' | 'http/json' | 'grpc';
const TRANSPORTS: Transport[] = ['http/protobuf', 'http/json', 'grpc'];
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const suffix = randomUUID().slice(0, 6);
let s: TestServer;
let grpcUrl: string;

before(async () => {
  s = await startTestServer({ listen: true, now: () => T0 + 60_000 });
  grpcUrl = `http://127.0.0.1:${await s.vigil.otlpGrpc.listen('127.0.0.1', 0)}`;
});
after(() => s.close());

const metadata = () => {
  const m = new grpc.Metadata();
  m.set('authorization', s.auth.authorization);
  return m;
};
const httpOptions = (signal: string, gzip: boolean) => ({
  url: `${s.url}/v1/${signal}`,
  headers: { authorization: s.auth.authorization },
  ...(gzip && { compression: 'gzip' as never }),
});
const slug = (t: Transport) => t.replace(/[^a-z]/g, '-');

function traceExporter(t: Transport) {
  if (t === 'grpc') return new GrpcTraces({ url: grpcUrl, metadata: metadata(), compression: 'gzip' as never });
  if (t === 'http/protobuf') return new ProtoTraces(httpOptions('traces', true));
  return new HttpJsonTraces(httpOptions('traces', false));
}

const events = async (model: string): Promise<Obj[]> =>
  (await s.vigil.app.inject({ url: `/api/v1/events?model=${model}&limit=50`, headers: s.auth })).json().events;

/** The same calls, as GenAI, OpenInference and OpenLLMetry instrumentations describe them, plus a non-AI span. */
async function exportSpans(t: Transport): Promise<string> {
  const model = `chat-${slug(t)}-${suffix}`;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': model, 'service.version': '3.0.1' }),
    spanProcessors: [new SimpleSpanProcessor(traceExporter(t))],
  });
  const tracer = provider.getTracer('otlp-transports');
  tracer
    .startSpan('chat gpt-4o-mini', {
      startTime: T0,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.response.finish_reasons': ['stop'],
        'vigil.request_id': 'genai-1',
        'vigil.tag.region': 'eu',
      },
    })
    .end(T0 + 850);
  tracer
    .startSpan('ChatCompletion', {
      startTime: T0 + 1000,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'claude-3-5-sonnet',
        'llm.provider': 'anthropic',
        'llm.token_count.prompt': 40,
        'llm.token_count.completion': 7,
        'vigil.request_id': 'openinference-1',
      },
    })
    .end(T0 + 1400);
  const failed = tracer.startSpan('openai.chat', {
    startTime: T0 + 2000,
    attributes: {
      'llm.vendor': 'OpenAI',
      'llm.request.model': 'gpt-3.5-turbo',
      'llm.usage.prompt_tokens': 12,
      'llm.usage.completion_tokens': 0,
      'error.type': 'RateLimitError',
      'vigil.request_id': 'openllmetry-1',
    },
  });
  failed.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  failed.end(T0 + 2100);
  // Not AI calls: an OpenInference CHAIN step and a database query are skipped.
  tracer.startSpan('chain', { startTime: T0, attributes: { 'openinference.span.kind': 'CHAIN' } }).end(T0 + 5);
  tracer.startSpan('SELECT 1', { startTime: T0, attributes: { 'db.system.name': 'postgresql' } }).end(T0 + 1);
  await provider.forceFlush();
  await provider.shutdown();
  return model;
}

test('traces: the same GenAI, OpenInference and OpenLLMetry spans over http/protobuf, http/json and gRPC become the same events', async () => {
  const stored: Record<string, Obj[]> = {};
  for (const t of TRANSPORTS) {
    const model = await exportSpans(t);
    const list = await events(model);
    assert.equal(list.length, 3, `${t}: three AI spans stored, the chain step and the query skipped`);
    stored[t] = list
      .map((e) => ({ requestId: e.requestId, status: e.status, endpoint: e.endpoint, ...e.event, model: undefined }))
      .sort((a, b) => a.requestId.localeCompare(b.requestId));
  }
  const byId = Object.fromEntries(stored['http/protobuf']!.map((e) => [e.requestId, e]));
  assert.deepEqual(
    [byId['genai-1'].llm, byId['genai-1'].latencyMs, byId['genai-1'].modelVersion, byId['genai-1'].tags],
    [
      { provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 300, finishReason: 'stop' },
      850,
      '3.0.1',
      { region: 'eu' },
    ],
  );
  assert.deepEqual(byId['openinference-1'].llm, {
    provider: 'anthropic',
    requestModel: 'claude-3-5-sonnet',
    inputTokens: 40,
    outputTokens: 7,
  });
  assert.deepEqual(
    [byId['openllmetry-1'].llm, byId['openllmetry-1'].status, byId['openllmetry-1'].errorType],
    [
      { provider: 'OpenAI', requestModel: 'gpt-3.5-turbo', inputTokens: 12, outputTokens: 0 },
      'error',
      'RateLimitError',
    ],
  );
  const strip = (list: Obj[]) => list.map(({ timestamp: _t, ...rest }) => rest);
  assert.deepEqual(strip(stored['http/json']!), strip(stored['http/protobuf']!), 'JSON and protobuf decode alike');
  assert.deepEqual(strip(stored.grpc!), strip(stored['http/protobuf']!), 'gRPC and HTTP decode alike');
});

test('logs: GenAI log events over the three transports become events; application logs are skipped', async () => {
  for (const t of TRANSPORTS) {
    const model = `events-${slug(t)}-${suffix}`;
    const exporter =
      t === 'grpc'
        ? new GrpcLogs({ url: grpcUrl, metadata: metadata() })
        : t === 'http/protobuf'
          ? new ProtoLogs(httpOptions('logs', false))
          : new HttpJsonLogs(httpOptions('logs', true));
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'shop', 'deployment.environment.name': 'prod' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('genai-events');
    logger.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      timestamp: T0 + 5000,
      severityNumber: SeverityNumber.INFO,
      attributes: {
        'vigil.model': model,
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 20,
        'gen_ai.client.operation.duration': 1.25,
        'vigil.request_id': `log-${t}`,
      },
    });
    logger.emit({ timestamp: T0, severityNumber: SeverityNumber.INFO, body: 'user logged in' });
    await provider.forceFlush();
    await provider.shutdown();
    const [e, ...more] = await events(model);
    assert.equal(more.length, 0, `${t}: one event, the application log skipped`);
    assert.deepEqual(
      [e!.requestId, e!.timestamp, e!.event.latencyMs, e!.event.llm, e!.event.tags],
      [
        `log-${t}`,
        new Date(T0 + 5000).toISOString(),
        1250,
        { provider: 'openai', requestModel: 'gpt-4o', inputTokens: 10, outputTokens: 20 },
        { env: 'prod' },
      ],
      t,
    );
  }
});

test('metrics: GenAI metrics over the three transports are stored, each application counted once; a data point that names no model is answered as rejected, with why', async () => {
  const service = `shop-${suffix}`;
  for (const t of TRANSPORTS) {
    const exporter =
      t === 'grpc'
        ? new GrpcMetrics({ url: grpcUrl, metadata: metadata() })
        : t === 'http/protobuf'
          ? new ProtoMetrics(httpOptions('metrics', true))
          : new HttpJsonMetrics(httpOptions('metrics', false));
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      readers: [reader],
    });
    const meter = provider.getMeter('genai');
    const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
    tokens.record(120, { 'gen_ai.token.type': 'input', 'gen_ai.request.model': 'gpt-4o' });
    tokens.record(30, { 'gen_ai.token.type': 'output', 'gen_ai.request.model': 'gpt-4o' });
    meter
      .createHistogram('gen_ai.client.operation.duration', { unit: 's' })
      .record(1.2, { 'gen_ai.request.model': 'gpt-4o' });
    meter.createCounter('http.server.requests').add(3);
    const { resourceMetrics } = await reader.collect();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export(resourceMetrics, resolve),
    );
    assert.equal(result.code, 0, `${t}: ${result.error?.message}`);
    await provider.shutdown();
  }
  // Three applications (one provider per transport), each counted once: 3 × 120 input tokens, 3 calls.
  const [resource, ...others] = (await s.vigil.store.infra.listResources({})).filter((r) => r.service === service);
  assert.equal(others.length, 0);
  assert.deepEqual([resource!.model, resource!.genAiModel], [service, 'gpt-4o']);
  const total = async (metric: string) =>
    (
      await s.vigil.store.infra.readMinutes({
        metric,
        from: 0,
        to: Date.now() + 120_000,
        resourceKeys: [resource!.key],
      })
    ).reduce((a, m) => a + m.sum, 0);
  assert.deepEqual(
    [await total('genai.tokens.input'), await total('genai.tokens.output'), await total('genai.duration.count')],
    [360, 90, 3],
  );
  // What the exporters were told, read directly: JSON and protobuf answers. A data point without attributes on
  // a resource without service.name names no model.
  const body = {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'gen_ai.client.token.usage',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [{ count: '2', sum: 150, bucketCounts: ['0', '2'], explicitBounds: [100] }],
                },
              },
              { name: 'http.server.requests', sum: { dataPoints: [{ asInt: '3' }, { asInt: '4' }] } },
            ],
          },
        ],
      },
    ],
  };
  const json = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/metrics',
    headers: { ...s.auth, 'content-type': 'application/json' },
    payload: body,
  });
  assert.equal(json.statusCode, 200);
  assert.equal(json.json().partialSuccess.rejectedDataPoints, 1);
  assert.match(
    json.json().partialSuccess.errorMessage,
    /^gen_ai\.client\.token\.usage dataPoints\[0\]: vigil\.model: set it \(or service\.name\)/,
  );
  const proto = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/metrics',
    headers: { ...s.auth, 'content-type': 'application/x-protobuf' },
    payload: Buffer.from(encodeOtlpRequest('metrics', body)),
  });
  assert.equal(proto.headers['content-type'], 'application/x-protobuf');
  assert.equal(decodeOtlpResponse('metrics', proto.rawPayload).partialSuccess.rejectedDataPoints, 1);
});

test('errors in the encoding of the request: protobuf garbage is 400 with a google.rpc.Status; gRPC answers INVALID_ARGUMENT, UNAUTHENTICATED and PERMISSION_DENIED', async () => {
  const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
  const res = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { ...s.auth, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
    payload: gzipSync(garbage),
  });
  assert.equal(res.statusCode, 400);
  assert.equal(res.headers['content-type'], 'application/x-protobuf');
  const Status = new protobuf.Type('Status')
    .add(new protobuf.Field('code', 1, 'int32'))
    .add(new protobuf.Field('message', 2, 'string'));
  const status = Status.toObject(Status.decode(res.rawPayload)) as { code: number; message: string };
  assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
  assert.match(status.message, /^body: not a protobuf ExportTraceServiceRequest/);
  const anonymous = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/logs',
    headers: { 'content-type': 'application/x-protobuf' },
    payload: Buffer.alloc(0),
  });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(Status.toObject(Status.decode(anonymous.rawPayload)).code, grpc.status.UNAUTHENTICATED);
  const json = await s.vigil.app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { ...s.auth, 'content-type': 'application/json' },
    payload: { resourceSpans: 5 },
  });
  assert.equal(json.statusCode, 400);
  assert.match(json.json().message, /^body\.resourceSpans: must be an array/);
  assert.deepEqual(
    (
      await s.vigil.app.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { ...s.auth, 'content-type': 'application/json' },
        payload: {},
      })
    ).json(),
    {},
    'an empty export is accepted',
  );

  const Client = grpc.makeGenericClientConstructor(
    {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    'TraceService',
  );
  const client = new Client(grpcUrl.replace('http://', ''), grpc.credentials.createInsecure());
  const call = (body: Buffer, md: grpc.Metadata) =>
    new Promise<grpc.ServiceError | null>((resolve) =>
      (client as any).Export(body, md, (err: grpc.ServiceError | null) => resolve(err)),
    );
  const bad = await call(garbage, metadata());
  assert.equal(bad?.code, grpc.status.INVALID_ARGUMENT);
  assert.match(bad!.details, /not a protobuf ExportTraceServiceRequest/);
  assert.equal((await call(Buffer.alloc(0), new grpc.Metadata()))?.code, grpc.status.UNAUTHENTICATED);
  const readKey = `read-${randomUUID()}`;
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name: `reader-${suffix}`,
    role: 'read',
    hash: hashApiKey(readKey),
    createdAtMs: T0,
    revokedAtMs: null,
  });
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${readKey}`);
  assert.equal((await call(Buffer.alloc(0), md))?.code, grpc.status.PERMISSION_DENIED);
  assert.equal(await call(Buffer.alloc(0), metadata()), null, 'an empty export is accepted');
  client.close();
});
