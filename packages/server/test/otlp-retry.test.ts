// The OTLP specification's retryable answers: an overloaded Vigil answers OTLP/HTTP with 503 + Retry-After
// (a google.rpc.Status UNAVAILABLE for protobuf requests), and the real OpenTelemetry protobuf exporter waits,
// retries and delivers once there is room, so nothing it was asked to send is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startTestServer } from './helpers/test-server.js';

test('over its in-flight limit OTLP/HTTP answers 503 + Retry-After (UNAVAILABLE for protobuf); the real exporter retries and delivers', async () => {
  const s = await startTestServer({ listen: true, env: { VIGIL_MAX_IN_FLIGHT: '1' } });
  try {
    // A request whose body never finishes holds the one slot.
    const holder = await new Promise<ReturnType<typeof connect>>((resolve) => {
      const sock = connect(Number(new URL(s.url).port), '127.0.0.1', () => {
        sock.write(
          `POST /v1/traces HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.auth.authorization}\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n\n`,
        );
        resolve(sock);
      });
    });
    await new Promise((r) => setTimeout(r, 200));

    const proto = await fetch(`${s.url}/v1/traces`, {
      method: 'POST',
      headers: { ...s.auth, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    assert.equal(proto.status, 503);
    assert.equal(proto.headers.get('retry-after'), '1');
    assert.equal(proto.headers.get('content-type'), 'application/x-protobuf');
    const Status = new protobuf.Type('Status')
      .add(new protobuf.Field('code', 1, 'int32'))
      .add(new protobuf.Field('message', 2, 'string'));
    const status = Status.toObject(Status.decode(new Uint8Array(await proto.arrayBuffer()))) as {
      code: number;
      message: string;
    };
    assert.equal(status.code, grpc.status.UNAVAILABLE);
    assert.match(status.message, /server busy/);
    const json = await fetch(`${s.url}/v1/logs`, {
      method: 'POST',
      headers: { ...s.auth, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 503);
    assert.equal(json.headers.get('retry-after'), '1');
    assert.equal(((await json.json()) as { code: string }).code, 'VIGIL_ERR_OVERLOADED');

    // The real exporter meets the same answer, waits and retries; the slot frees up while it waits.
    const inner = new OTLPTraceExporter({
      url: `${s.url}/v1/traces`,
      headers: { authorization: s.auth.authorization },
      timeoutMillis: 20_000,
    });
    const results: number[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) =>
        inner.export(spans, (r) => {
          results.push(r.code);
          done(r);
        }),
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush(),
    };
    const model = `retry-${Date.now()}`;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': model }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const started = Date.now();
    setTimeout(() => holder.destroy(), 1500);
    provider
      .getTracer('otlp-retry')
      .startSpan('chat', {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 10,
          'gen_ai.usage.output_tokens': 2,
        },
      })
      .end();
    await provider.forceFlush();
    await provider.shutdown();
    assert.deepEqual(results, [0], 'one export, which succeeded');
    assert.ok(Date.now() - started >= 1400, 'it was refused while the slot was held, and retried');
    const stored = await fetch(`${s.url}/api/v1/events?model=${model}`, { headers: s.auth });
    const body = (await stored.json()) as { events: Array<{ event: { llm: { inputTokens: number } } }> };
    assert.equal(body.events.length, 1, 'the span was stored once');
    assert.equal(body.events[0]!.event.llm.inputTokens, 10);
  } finally {
    await s.close();
  }
});
