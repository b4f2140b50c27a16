/**
 * Export throughput and lag per destination kind: Vigil (in-process buildApp, real SQLite) with 100 models ×
 * 10 endpoints of calls over the last 5 closed minutes (~40,000 metric points), exporting at once to loopback
 * receivers of all five kinds that accept everything (so the figure is Vigil's side: collecting, encoding,
 * compressing, sending). Reports, per destination, the time from its creation until every minute was delivered,
 * points/s, requests, and the lag of its last delivery (now − end of the newest minute delivered). Prints one
 * JSON object; bench/run.ts records it.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config/index.js';

const KEY = 'bench-admin-key-0123456789abcdef';
const MODELS = 100;
const ENDPOINTS = 10;
const MINUTES = 5;
const MINUTE = 60_000;

const servers: Server[] = [];
async function receiver(status: number, type: string, body: string): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-export-bench-'));
const vigil = await buildApp(
  loadConfig({
    VIGIL_DATA_DIR: dir,
    VIGIL_ADMIN_KEY: KEY,
    VIGIL_LOG_LEVEL: 'silent',
    VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0',
    // Capacity is measured: the per-key request limit (a guard against one runaway client) is off.
    VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '0',
    VIGIL_MAX_ENDPOINTS_PER_MODEL: '20',
    VIGIL_EXPORT_INTERVAL_MS: '200',
    VIGIL_EXPORT_SETTLE_MS: '0',
  }),
);
await vigil.start();
const auth = { authorization: `Bearer ${KEY}` };
const end = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = end - MINUTES * MINUTE;
for (let m = 0; m < MODELS; m++) {
  const events = [];
  for (let t = 0; t < MINUTES; t++)
    for (let e = 0; e < ENDPOINTS; e++)
      events.push({
        model: `model-${m}`,
        endpoint: `POST /v1/endpoint-${e}`,
        timestamp: start + t * MINUTE + e,
        latencyMs: 50 + ((m + e * 13) % 900),
        costUsd: 0.002,
        llm: { inputTokens: 300, outputTokens: 60 },
      });
  await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: auth, payload: { events } });
}
await vigil.pipeline.flush();

const rx = {
  datadog: await receiver(202, 'application/json', '{"errors":[]}'),
  splunk: await receiver(200, 'application/json', '{"text":"Success","code":0}'),
  newrelic: await receiver(202, 'application/json', '{"requestId":"x"}'),
  cloudwatch: await receiver(200, 'application/x-amz-json-1.0', '{}'),
  otlp: await receiver(200, 'application/x-protobuf', ''),
};
const bodies = {
  datadog: { kind: 'datadog', settings: { url: rx.datadog.url, apiKey: 'bench-dd-key-0123456789' } },
  splunk: { kind: 'splunk', settings: { url: rx.splunk.url, token: 'bench-hec-token-0123' } },
  newrelic: {
    kind: 'newrelic',
    settings: {
      apiKey: 'bench-nr-key-0123456789',
      accountId: '1',
      metricUrl: `${rx.newrelic.url}/metric/v1`,
      eventUrl: `${rx.newrelic.url}/e`,
    },
  },
  cloudwatch: {
    kind: 'cloudwatch',
    settings: {
      region: 'eu-west-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'bench-secret-0123456789',
      endpoint: rx.cloudwatch.url,
    },
  },
  otlp: { kind: 'otlp', settings: { url: rx.otlp.url } },
};
const created: Record<string, { id: string; at: number }> = {};
for (const [name, body] of Object.entries(bodies)) {
  const res = await vigil.app.inject({
    method: 'POST',
    url: '/api/v1/exports',
    headers: auth,
    payload: { name, ...body },
  });
  created[name] = { id: res.json().destination.id, at: Date.now() };
}
const results: Record<string, unknown> = {};
const deadline = Date.now() + 120_000;
while (Object.keys(results).length < Object.keys(created).length && Date.now() < deadline) {
  for (const [name, { id, at }] of Object.entries(created)) {
    if (results[name]) continue;
    const state = await vigil.store.exports.getState(id);
    if (state?.metricsThroughMs !== null && state !== null && state.metricsThroughMs >= end) {
      const seconds = (Date.now() - at) / 1000;
      const deliveries = await vigil.store.exports.listDeliveries(id, 200);
      results[name] = {
        points: state.itemsSent,
        seconds: +seconds.toFixed(2),
        pointsPerS: Math.round(state.itemsSent / seconds),
        requests: rx[name as keyof typeof rx].requests(),
        lastDeliveryLagS: deliveries[0]?.lagMs != null ? +(deliveries[0].lagMs / 1000).toFixed(2) : null,
        failed: state.batchesFailed,
      };
    }
  }
  await new Promise((r) => setTimeout(r, 50));
}
await vigil.app.close();
for (const s of servers) s.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ models: MODELS, endpoints: ENDPOINTS, minutes: MINUTES, settleMs: 0, intervalMs: 200, destinations: results })}\n`,
);
