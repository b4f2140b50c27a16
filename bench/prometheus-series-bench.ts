/**
 * The size of /metrics for 100 models × 10 endpoints (1,000 pairs; every pair with calls, an error, cost and
 * tokens): series and bytes in the text format (classic latency buckets) and in the protobuf format (native
 * histograms), at the default metricsMaxSeries and with the budget raised to hold every pair. In-process
 * buildApp over a real SQLite file. Prints one JSON object; bench/run.ts records it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config/index.js';
import { PROMETHEUS_PROTO } from '../packages/server/src/telemetry/prometheus-proto-schema.js';

const KEY = 'bench-admin-key-0123456789abcdef';
const MODELS = 100;
const ENDPOINTS = 10;
const MetricFamily = protobuf.parse(PROMETHEUS_PROTO).root.lookupType('io.prometheus.client.MetricFamily');

async function measure(maxSeries: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-series-'));
  const config = loadConfig({
    VIGIL_DATA_DIR: dir,
    VIGIL_ADMIN_KEY: KEY,
    VIGIL_LOG_LEVEL: 'silent',
    VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0',
    // Capacity is measured: the per-key request limit (a guard against one runaway client) is off.
    VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '0',
    VIGIL_MAX_ENDPOINTS_PER_MODEL: '20',
    ...(maxSeries && { VIGIL_METRICS_MAX_SERIES: maxSeries }),
  });
  const vigil = await buildApp(config);
  await vigil.start();
  const auth = { authorization: `Bearer ${KEY}` };
  for (let m = 0; m < MODELS; m++) {
    const events = Array.from({ length: ENDPOINTS * 2 }, (_, k) => ({
      model: `model-${m}`,
      endpoint: `POST /v1/endpoint-${k % ENDPOINTS}`,
      latencyMs: 5 + ((m * 31 + k * 7) % 4000),
      costUsd: 0.001,
      llm: { inputTokens: 100, outputTokens: 20 },
      ...(k >= ENDPOINTS && { status: 'error', errorType: 'Timeout' }),
    }));
    await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: auth, payload: { events } });
  }
  const text = (await vigil.app.inject({ url: '/metrics', headers: auth })).body;
  const modelLines = text.split('\n').filter((l) => l.startsWith('vigil_model_'));
  const pb = await vigil.app.inject({
    url: '/metrics',
    headers: {
      ...auth,
      accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
    },
  });
  const reader = protobuf.Reader.create(pb.rawPayload);
  let nativeModelSeries = 0;
  while (reader.pos < reader.len) {
    const family = MetricFamily.toObject(MetricFamily.decodeDelimited(reader)) as { name: string; metric?: unknown[] };
    if (family.name.startsWith('vigil_model_')) nativeModelSeries += family.metric?.length ?? 0;
  }
  const use = (await vigil.app.inject({ url: '/api/v1/limits', headers: auth })).json() as {
    limits: Array<{ limit: string; sinceStart: number }>;
  };
  await vigil.app.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    metricsMaxSeries: config.metricsMaxSeries,
    textModelSeries: modelLines.length,
    textBytes: Buffer.byteLength(text),
    protobufModelSeries: nativeModelSeries,
    protobufBytes: pb.rawPayload.length,
    callsFoldedIntoOther: use.limits.find((l) => l.limit === 'metricsMaxSeries')?.sinceStart ?? null,
  };
}

const atDefault = await measure(undefined);
const allPairs = await measure('200000');
process.stdout.write(`${JSON.stringify({ models: MODELS, endpoints: ENDPOINTS, atDefault, allPairs })}\n`);
