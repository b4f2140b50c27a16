// OTLP/HTTP ingest, fed by the real OpenTelemetry SDK and its OTLP/HTTP JSON exporter (not a hand-made payload).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { EVENT_BOUNDS } from '@vigil/protocol';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
let s: TestServer;
const suffix = randomUUID().slice(0, 6);
const SERVICE = `Barista Assistant ${suffix}`;
const MODEL = `barista-assistant-${suffix}`;

before(async () => {
  s = await startTestServer({ listen: true, now: () => T0 + 60_000 });
});
after(() => s.close());

const events = async (model: string): Promise<Obj[]> =>
  (await s.vigil.app.inject({ url: `/api/v1/events?model=${model}&limit=50`, headers: s.auth })).json().events;

test('spans exported by the OpenTelemetry SDK over OTLP/HTTP JSON become events: GenAI spans as LLM calls, vigil.model spans as model calls, the rest skipped', async () => {
  // A price for the request model: GenAI spans carry tokens, not a cost, so ingest prices them.
  const price = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/cost/prices',
    headers: s.auth,
    payload: {
      prices: [
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          inputPerMTok: 0.15,
          outputPerMTok: 0.6,
          validFrom: T0 - 86_400_000,
        },
      ],
    },
  });
  assert.equal(price.statusCode, 200, price.body);

  const exporter = new OTLPTraceExporter({
    url: `${s.url}/v1/traces`,
    headers: { authorization: s.auth.authorization },
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': SERVICE,
      'service.version': '2.1.0',
      'deployment.environment.name': 'prod',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('otlp-test');
  const chat = tracer.startSpan('chat gpt-4o-mini', {
    startTime: T0,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.response.finish_reasons': ['stop'],
      'vigil.tag.region': 'eu',
    },
  });
  chat.end(T0 + 850);
  const failed = tracer.startSpan('chat gpt-4o-mini', {
    startTime: T0 + 1000,
    attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'error.type': 'timeout' },
  });
  failed.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
  failed.end(T0 + 31_000);
  const recommend = tracer.startSpan('POST /v1/recommend', {
    startTime: T0 + 2000,
    attributes: {
      'vigil.model': `drink-recommender-${suffix}`,
      'vigil.model_type': 'classification',
      'http.request.method': 'POST',
      'http.route': '/v1/recommend',
      'vigil.request_id': 'req-42',
    },
  });
  recommend.end(T0 + 2012);
  tracer.startSpan('SELECT orders', { startTime: T0, attributes: { 'db.system.name': 'postgresql' } }).end(T0 + 3);
  await provider.forceFlush();
  await provider.shutdown();

  const llm = await events(MODEL);
  assert.equal(llm.length, 2);
  const ok = llm.find((e) => e.status === 'ok')!;
  assert.equal(ok.requestId, chat.spanContext().spanId, 'the span id is the request id, so labels can join by it');
  assert.equal(ok.timestamp, new Date(T0).toISOString());
  assert.equal(ok.endpoint, 'chat gpt-4o-mini');
  assert.equal(ok.priceVersion, 1);
  const e = ok.event;
  assert.deepEqual(
    [e.modelType, e.modelVersion, e.latencyMs, e.llm, e.tags],
    [
      'llm',
      '2.1.0',
      850,
      { provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 300, finishReason: 'stop' },
      { env: 'prod', region: 'eu' },
    ],
  );
  assert.ok(Math.abs(e.costUsd - (1200 * 0.15 + 300 * 0.6) / 1e6) < 1e-15);
  const bad = llm.find((x) => x.status === 'error')!;
  assert.deepEqual([bad.event.errorType, bad.event.latencyMs], ['timeout', 30_000]);

  const [rec] = await events(`drink-recommender-${suffix}`);
  assert.deepEqual(
    [rec.requestId, rec.endpoint, rec.event.modelType, rec.event.latencyMs, rec.event.llm],
    ['req-42', 'POST /v1/recommend', 'classification', 12, undefined],
  );
  // The database span is not an AI call: nothing stored under the service's model but the two LLM calls.
  await s.vigil.pipeline.flush();
  const models = (await s.vigil.app.inject({ url: '/api/v1/models', headers: s.auth })).json().models as Obj[];
  assert.ok(models.some((m) => m.model === MODEL && m.modelType === 'llm'));
});

const otlp = (payload: unknown, headers: Record<string, string> = {}) =>
  s.vigil.app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { ...s.auth, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });

const span = (name: string, attributes: Obj[]) => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  name,
  kind: 3,
  startTimeUnixNano: String(T0 * 1e6),
  endTimeUnixNano: String((T0 + 5) * 1e6),
  attributes,
  status: {},
});

test('partial success: an AI span that cannot become an event is counted and named; the others are stored', async () => {
  const res = await otlp({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `partial-${suffix}` } }] },
        scopeSpans: [
          {
            scope: { name: 'x' },
            spans: [
              span('good', [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }]),
              span('negative tokens', [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '-5' } }]),
            ],
          },
        ],
      },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.partialSuccess.rejectedSpans, 1);
  assert.match(body.partialSuccess.errorMessage, /spans\[1\] \(negative tokens\): llm\.inputTokens/);
  assert.equal((await events(`partial-${suffix}`)).length, 1);
});

test('prompt and response text recorded by the instrumentation (OpenLLMetry, OpenInference) become llm.prompt and llm.response, kept to the event bound', async () => {
  const sv = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const model = `assistant-text-${suffix}`;
  const long = 'x'.repeat(40_000);
  const res = await otlp({
    resourceSpans: [
      {
        resource: { attributes: [sv('service.name', model)] },
        scopeSpans: [
          {
            spans: [
              {
                ...span('openai.chat', [
                  sv('llm.request.model', 'gpt-4o-mini'),
                  sv('gen_ai.prompt.0.content', 'When does store 12 open?'),
                  sv('gen_ai.completion.0.content', 'Store 12 opens at 7am.'),
                ]),
                spanId: 'aaa19b7ec3c1b174',
              },
              {
                ...span('llm', [
                  sv('llm.model_name', 'gpt-4o-mini'),
                  sv('input.value', long),
                  sv('output.value', 'ok'),
                ]),
                spanId: 'bbb19b7ec3c1b174',
              },
            ],
          },
        ],
      },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  const stored = await events(model);
  const byId = new Map(stored.map((e) => [e.requestId, e.event.llm]));
  assert.deepEqual(
    [byId.get('aaa19b7ec3c1b174').prompt, byId.get('aaa19b7ec3c1b174').response],
    ['When does store 12 open?', 'Store 12 opens at 7am.'],
  );
  assert.equal(byId.get('bbb19b7ec3c1b174').prompt.length, EVENT_BOUNDS.maxLlmTextLength);
  assert.equal(byId.get('bbb19b7ec3c1b174').response, 'ok');
});
