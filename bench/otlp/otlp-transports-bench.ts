/**
 * OTLP ingest throughput, spans/s, per transport — OTLP/HTTP JSON (the old path), OTLP/HTTP protobuf and
 * OTLP/gRPC — against `vigil serve` (bundled CLI, real SQLite), beside `POST /api/v1/events` with the same
 * calls as Vigil events. Each request carries 500 GenAI spans (the OTel batch processor sends up to 512), each
 * span one event; load from wrk (bench/wrk.ts) for HTTP, from grpc-js in this process for gRPC
 * (16 calls in flight). Prints one JSON object; bench/run.ts records it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { encodeOtlpRequest } from '../../packages/server/src/ingest/otlp-codec.js';
import { assertWrkInstalled, wrk, type WrkResult } from '../wrk.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const SPANS = 500;
const KEY = 'bench-admin-key-0123456789abcdef';
const T0 = Date.now() - 60_000;

const attr = (key: string, v: string | number) => ({
  key,
  value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
});
function traces(): Record<string, unknown> {
  const spans = Array.from({ length: SPANS }, (_, i) => ({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startTimeUnixNano: String(BigInt(T0 + i) * 1_000_000n),
    endTimeUnixNano: String(BigInt(T0 + i + 800) * 1_000_000n),
    attributes: [
      attr('gen_ai.operation.name', 'chat'),
      attr('gen_ai.provider.name', 'openai'),
      attr('gen_ai.request.model', 'gpt-4o-mini'),
      attr('gen_ai.usage.input_tokens', 1000 + i),
      attr('gen_ai.usage.output_tokens', 200),
      attr('vigil.tag.region', 'eu'),
    ],
    status: {},
  }));
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'barista-assistant')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  };
}
const events = {
  events: Array.from({ length: SPANS }, (_, i) => ({
    model: 'barista-assistant',
    modelType: 'llm',
    endpoint: 'chat gpt-4o-mini',
    timestamp: T0 + i,
    latencyMs: 800,
    llm: { provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 1000 + i, outputTokens: 200 },
    tags: { region: 'eu' },
  })),
};

async function startVigil(dataDir: string): Promise<{ child: ChildProcess; url: string; grpcPort: number }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/server/bin/vigil.js'),
      'serve',
      '--port',
      '0',
      '--otlp-grpc-port',
      '0',
      '--log-level',
      'info',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        VIGIL_ADMIN_KEY: KEY,
        VIGIL_DATA_DIR: dataDir,
        VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0',
        VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const http = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      const g = /OTLP\/gRPC listening on [\d.]+:(\d+)/.exec(out);
      if (http && g) resolve({ child, url: http[1]!, grpcPort: Number(g[1]) });
    });
    child.once('exit', () => reject(new Error(`exited: ${out}`)));
  });
}

function cannon(url: string, file: string, contentType: string, connections = 8): Promise<WrkResult> {
  return wrk({
    url,
    bodyFile: file,
    connections,
    durationS: DURATION_S,
    headers: { 'content-type': contentType, authorization: `Bearer ${KEY}` },
  });
}

async function grpcLoad(port: number, body: Buffer, inFlight = 16): Promise<{ callsPerS: number; failed: number }> {
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
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': 8 * 1024 * 1024,
  }) as unknown as {
    Export: (b: Buffer, md: grpc.Metadata, cb: (err: grpc.ServiceError | null) => void) => void;
    close(): void;
  };
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${KEY}`);
  const end = Date.now() + DURATION_S * 1000;
  let done = 0;
  let failed = 0;
  const worker = async () => {
    while (Date.now() < end) {
      const err = await new Promise<grpc.ServiceError | null>((r) => client.Export(body, md, r));
      if (err) failed++;
      else done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  client.close();
  return { callsPerS: done / ((Date.now() - started) / 1000), failed };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-otlp-bench-'));
const json = join(dir, 'traces.json');
const proto = join(dir, 'traces.pb');
const eventsFile = join(dir, 'events.json');
const body = traces();
writeFileSync(json, JSON.stringify(body));
const protoBytes = Buffer.from(encodeOtlpRequest('traces', body));
writeFileSync(proto, protoBytes);
writeFileSync(eventsFile, JSON.stringify(events));
assertWrkInstalled();
const vigil = await startVigil(join(dir, 'data'));
// Warm-up: the first requests compile code paths.
await cannon(`${vigil.url}/v1/traces`, json, 'application/json', 2);
// Two rounds in alternating order: the store grows as the runs go, and the shared host's speed drifts.
const runs: Array<{
  events: WrkResult;
  json: WrkResult;
  protobuf: WrkResult;
  grpc: { callsPerS: number; failed: number };
}> = [];
for (let round = 0; round < 2; round++) {
  const r = {} as (typeof runs)[number];
  const steps: Array<() => Promise<void>> = [
    async () => void (r.events = await cannon(`${vigil.url}/api/v1/events`, eventsFile, 'application/json')),
    async () => void (r.json = await cannon(`${vigil.url}/v1/traces`, json, 'application/json')),
    async () => void (r.protobuf = await cannon(`${vigil.url}/v1/traces`, proto, 'application/x-protobuf')),
    async () => void (r.grpc = await grpcLoad(vigil.grpcPort, protoBytes)),
  ];
  for (const step of round === 0 ? steps : [...steps].reverse()) await step();
  runs.push(r);
}
vigil.child.kill('SIGTERM');
await new Promise((r) => vigil.child.once('exit', r));
rmSync(dir, { recursive: true, force: true });

const perS = (c: WrkResult) => Math.round(c.requestsPerS * SPANS);
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const all = runs.flatMap((r) => [r.events, r.json, r.protobuf]);
process.stdout.write(
  `${JSON.stringify({
    durationS: DURATION_S,
    spansPerRequest: SPANS,
    bodyBytes: { json: Buffer.byteLength(JSON.stringify(body)), protobuf: protoBytes.length },
    eventsApiEventsPerS: mean(runs.map((r) => perS(r.events))),
    otlpHttpJsonSpansPerS: mean(runs.map((r) => perS(r.json))),
    otlpHttpProtobufSpansPerS: mean(runs.map((r) => perS(r.protobuf))),
    otlpGrpcSpansPerS: mean(runs.map((r) => r.grpc.callsPerS * SPANS)),
    perRound: runs.map((r) => ({
      events: perS(r.events),
      json: perS(r.json),
      protobuf: perS(r.protobuf),
      grpc: Math.round(r.grpc.callsPerS * SPANS),
      p99Ms: { events: r.events.latencyMs.p99, json: r.json.latencyMs.p99, protobuf: r.protobuf.latencyMs.p99 },
    })),
    non2xx: all.reduce((n, c) => n + c.non2xx, 0),
    errors: all.reduce((n, c) => n + c.errors, 0) + runs.reduce((n, r) => n + r.grpc.failed, 0),
  })}\n`,
);
