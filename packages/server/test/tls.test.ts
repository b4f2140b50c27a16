// TLS: --tls-cert / --tls-key serve HTTPS and OTLP/gRPC over TLS. The certificate is self-signed, made here
// with the system's openssl, and trusted by the clients explicitly (nothing is ever sent in clear).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { runCli } from './helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
let s: TestServer;
let grpcPort: number;

before(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  s = await startTestServer({ listen: true, env: { VIGIL_TLS_CERT: cert, VIGIL_TLS_KEY: key } });
  grpcPort = await s.vigil.otlpGrpc.listen('127.0.0.1', 0);
});
after(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: s.auth }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('HTTPS: the API answers over TLS with the given certificate; an untrusted client is refused by the handshake', async () => {
  assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const ok = await get(`${s.url}/api/v1/models`, readFileSync(cert));
  assert.equal(ok.status, 200);
  assert.ok(Array.isArray(JSON.parse(ok.body).models));
  await assert.rejects(get(`${s.url}/api/v1/models`), /self-signed|self signed/);
});

test('OTLP/gRPC over TLS: the real OpenTelemetry gRPC exporter with the certificate as its root delivers spans', async () => {
  const model = `tls-${randomUUID().slice(0, 8)}`;
  const metadata = new grpc.Metadata();
  metadata.set('authorization', s.auth.authorization);
  const exporter = new OTLPTraceExporter({
    url: `https://localhost:${grpcPort}`,
    credentials: grpc.credentials.createSsl(readFileSync(cert)),
    metadata,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': model }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider
    .getTracer('tls')
    .startSpan('chat', { attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 3 } })
    .end();
  await provider.forceFlush();
  await provider.shutdown();
  const res = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}`, headers: s.auth });
  assert.equal(res.json().events.length, 1);
});

test('the CLI reaches an https:// server whose certificate Node trusts (NODE_EXTRA_CA_CERTS), as the pipelines do', async () => {
  const out = await runCli(['gate', '--use-case', `missing-${randomUUID().slice(0, 6)}`, '--json'], {
    VIGIL_URL: s.url,
    VIGIL_API_KEY: s.adminKey,
    NODE_EXTRA_CA_CERTS: cert,
  });
  // An unknown use case is a 404 from the server: the TLS connection itself worked.
  assert.equal(out.code, 2, out.stderr);
  assert.match(out.stderr, /404 from \/api\/v1\/use-cases\//);
});

test('vigil serve: a certificate without its key is one clear configuration error, and the server says https when it listens', async () => {
  const bin = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
  const half = await runCli(['serve', '--tls-cert', cert, '--port', '0'], { VIGIL_DATA_DIR: join(dir, 'half') });
  assert.equal(half.code, 1);
  assert.match(half.stderr, /--tls-cert: TLS needs both a certificate and its key/);
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--tls-cert', cert, '--tls-key', key, '--otlp-grpc-port', '0'],
    {
      env: { ...process.env, VIGIL_DATA_DIR: join(dir, 'served'), VIGIL_ADMIN_KEY: s.adminKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening:\n${out}`)), 30_000);
      const check = () => {
        if (/listening on https:\/\//.test(out) && /OTLP\/gRPC listening on [\d.]+:\d+ \(TLS\)/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', () => reject(new Error(`exited:\n${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
