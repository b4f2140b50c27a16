// Exports to Datadog, Splunk HEC, New Relic, CloudWatch and OTLP, configured through the API, against loopback
// receivers that check each vendor's documented format, headers and auth and answer a retryable error first
// (429 or 5xx). And: one destination's outage delays nobody else, and it catches up once it is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Incident } from '../src/storage/index.js';
import { decodeOtlpProtobuf } from '../src/ingest/otlp-codec.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  at: number;
}
interface Receiver {
  url: string;
  requests: Received[];
  /** Answers to give, in order; then 2xx. */
  failures: Array<{ status: number; headers?: Record<string, string>; body?: string }>;
  /** Answer this to everything while set (an outage). */
  down: { status: number; headers?: Record<string, string> } | null;
  ok: { status: number; type: string; body: string };
  server: Server;
}

async function receiver(ok: Receiver['ok']): Promise<Receiver> {
  const r = { requests: [], failures: [], down: null, ok } as unknown as Receiver;
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      r.requests.push({ path: req.url!, headers: req.headers, raw, at: Date.now() });
      const answer = r.down ?? r.failures.shift();
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        return res.end((answer as { body?: string }).body ?? '{"error":"try again"}');
      }
      res.writeHead(r.ok.status, { 'content-type': r.ok.type });
      res.end(r.ok.body);
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  return r;
}

const T = Date.now();
const MINUTE = 60_000;
const minuteStart = Math.floor((T - 3 * MINUTE) / MINUTE) * MINUTE;
const model = `export-${randomUUID().slice(0, 8)}`;
let s: TestServer;
const rx: Record<string, Receiver> = {};

before(async () => {
  s = await startTestServer({
    listen: true,
    env: {
      VIGIL_EXPORT_INTERVAL_MS: '300',
      VIGIL_EXPORT_SETTLE_MS: '0',
      VIGIL_EXTERNAL_URL: 'https://vigil.example.com',
    },
  });
  rx.datadog = await receiver({ status: 202, type: 'application/json', body: '{"errors":[]}' });
  rx.splunk = await receiver({ status: 200, type: 'application/json', body: '{"text":"Success","code":0}' });
  rx.newrelic = await receiver({ status: 202, type: 'application/json', body: '{"requestId":"abc"}' });
  rx.cloudwatch = await receiver({ status: 200, type: 'application/x-amz-json-1.0', body: '{}' });
  rx.otlp = await receiver({ status: 200, type: 'application/x-protobuf', body: '' });
  // Each vendor's retryable answer, once.
  rx.datadog.failures.push({
    status: 429,
    headers: { 'retry-after': '1' },
    body: '{"errors":["Rate limit exceeded"]}',
  });
  rx.splunk.failures.push({ status: 503, body: '{"text":"Server is busy","code":9}' });
  rx.newrelic.failures.push({ status: 500 });
  rx.cloudwatch.failures.push({
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: '{"__type":"Throttling","message":"Rate exceeded"}',
  });
  rx.otlp.failures.push({ status: 503, headers: { 'retry-after': '1' } });
});
after(async () => {
  await s.close();
  for (const r of Object.values(rx)) r.server.close();
});

const api = (method: string, url: string, payload?: unknown) =>
  s.vigil.app.inject({
    method: method as 'GET',
    url,
    headers: s.auth,
    ...(payload !== undefined && { payload: payload as Obj }),
  });

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      const seen = Object.entries(rx).map(([k, r]) => `${k}: ${r.requests.map((q) => q.path).join(' ')}`);
      throw new Error(`timed out waiting for ${what}\n${seen.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function incident(over: Partial<Incident>): Incident {
  return {
    id: `inc-${randomUUID().slice(0, 8)}`,
    groupKey: randomUUID(),
    title: `${model} p95 latency above 2 s`,
    area: 'API Performance',
    severity: 'critical',
    model,
    endpoint: 'POST /a',
    team: 'devops',
    participants: [],
    status: 'open',
    openedAt: Date.now(),
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: 1200,
    isCustomerFacing: true,
    runbook: null,
    links: [],
    ruleIds: [],
    fingerprints: [],
    pagedChannels: [],
    escalation: null,
    ...over,
  };
}

const splunkObjects = (raw: Buffer): Obj[] =>
  raw
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

test('every vendor gets per-model metrics and incident events in its documented format, after one retried failure', async () => {
  const bodies: Obj = {
    datadog: {
      name: 'dd',
      kind: 'datadog',
      settings: { url: rx.datadog.url, apiKey: 'dd-key-0123456789abcdef', tags: ['env:test'] },
    },
    splunk: {
      name: 'splunk',
      kind: 'splunk',
      settings: { url: rx.splunk.url, token: 'hec-token-0123456789', metricsIndex: 'vigil_metrics', index: 'vigil' },
    },
    newrelic: {
      name: 'nr',
      kind: 'newrelic',
      settings: {
        apiKey: 'NRAK-0123456789ABCDEF',
        accountId: '1234567',
        metricUrl: `${rx.newrelic.url}/metric/v1`,
        eventUrl: `${rx.newrelic.url}/v1/accounts/{accountId}/events`,
      },
    },
    cloudwatch: {
      name: 'cw',
      kind: 'cloudwatch',
      settings: {
        region: 'eu-west-1',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        endpoint: rx.cloudwatch.url,
      },
    },
    otlp: {
      name: 'otlp',
      kind: 'otlp',
      settings: { url: rx.otlp.url, headers: { authorization: 'Bearer otlp-secret-0123456789' } },
    },
  };
  // Three minutes ago: 3 calls on POST /a (one error, cost and tokens) and 1 on GET /b.
  const events = [
    {
      model,
      endpoint: 'POST /a',
      timestamp: minuteStart + 1000,
      latencyMs: 100,
      costUsd: 0.01,
      llm: { inputTokens: 10, outputTokens: 5 },
    },
    {
      model,
      endpoint: 'POST /a',
      timestamp: minuteStart + 2000,
      latencyMs: 300,
      costUsd: 0.02,
      llm: { inputTokens: 20, outputTokens: 7 },
    },
    {
      model,
      endpoint: 'POST /a',
      timestamp: minuteStart + 3000,
      latencyMs: 900,
      status: 'error',
      errorType: 'Timeout',
    },
    { model, endpoint: 'GET /b', timestamp: minuteStart + 4000, latencyMs: 40 },
  ];
  assert.equal((await api('POST', '/api/v1/events', { events })).statusCode, 200);
  // In the rollups before the destinations exist: their first cycle exports closed minutes already flushed.
  await s.vigil.pipeline.flush();
  const ids: Record<string, string> = {};
  for (const [kind, body] of Object.entries(bodies)) {
    const res = await api('POST', '/api/v1/exports', body);
    assert.equal(res.statusCode, 201, res.body);
    ids[kind] = res.json().destination.id;
  }
  // Secrets are masked in answers, and a masked value sent back keeps the stored one.
  const listed = (await api('GET', '/api/v1/exports')).json().destinations as Obj[];
  const dd = listed.find((d) => d.id === ids.datadog)!;
  assert.equal(dd.settings.apiKey, '…cdef');
  assert.equal(listed.find((d) => d.id === ids.otlp)!.settings.headers.authorization, '…6789');
  assert.equal(listed.find((d) => d.id === ids.cloudwatch)!.settings.secretAccessKey, '…EKEY');
  const renamed = await api('PUT', `/api/v1/exports/${ids.datadog}`, {
    ...bodies.datadog,
    name: 'dd',
    settings: dd.settings,
  });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal((await s.vigil.exports.getDestination(ids.datadog!))!.settings.apiKey, 'dd-key-0123456789abcdef');
  const bad = await api('POST', '/api/v1/exports', { name: 'x', kind: 'splunk', settings: { url: 'ftp://x' } });
  assert.equal(bad.statusCode, 400);

  const inc = incident({});
  await s.vigil.store.alerting.createIncident(inc);
  assert.equal((await api('POST', `/api/v1/incidents/${inc.id}/acknowledge`, {})).statusCode, 200);
  assert.equal((await api('POST', `/api/v1/incidents/${inc.id}/resolve`, { cause: 'scaled up' })).statusCode, 200);

  const has = (r: Receiver, path: RegExp, text: string) =>
    r.requests.some((q) => path.test(q.path) && q.raw.toString('latin1').includes(text) && q.at > 0);
  await until(
    'every destination delivered metrics and all three incident transitions',
    () =>
      has(rx.datadog!, /^\/api\/v2\/series$/, model) &&
      rx.datadog!.requests.filter((q) => q.path === '/api/v1/events' && q.raw.includes(inc.id)).length === 3 &&
      has(rx.splunk!, /collector\/event/, '"metric"') &&
      has(rx.splunk!, /collector\/event/, '"resolved"') &&
      has(rx.newrelic!, /^\/metric\/v1$/, model) &&
      has(rx.newrelic!, /events$/, '"resolved"') &&
      has(rx.cloudwatch!, /^\/$/, model) &&
      has(rx.cloudwatch!, /^\/$/, 'IncidentTransitions') &&
      rx.otlp!.requests.some((q) => q.path === '/v1/metrics' && q.raw.includes(model)) &&
      rx.otlp!.requests.some((q) => q.path === '/v1/logs' && q.raw.includes('vigil.incident.resolved')),
  );

  // Datadog: v2 series with DD-API-KEY; counts with their 60 s interval, seconds timestamps, key:value tags.
  const ddSeries = rx.datadog!.requests.filter((q) => q.path === '/api/v2/series' && q.raw.includes(model));
  assert.equal(ddSeries[0]!.headers['dd-api-key'], 'dd-key-0123456789abcdef');
  assert.equal(ddSeries[0]!.headers['content-type'], 'application/json');
  const series = ddSeries.flatMap((q) => JSON.parse(q.raw.toString()).series as Obj[]);
  const calls = series.find((x) => x.metric === 'vigil.calls' && x.tags.includes('endpoint:POST /a'))!;
  assert.deepEqual(calls, {
    metric: 'vigil.calls',
    type: 1,
    interval: 60,
    points: [{ timestamp: minuteStart / 1000, value: 3 }],
    tags: [`model:${model}`, 'endpoint:POST /a', 'env:test'],
  });
  const p95 = series.find((x) => x.metric === 'vigil.latency.p95' && x.tags.includes('endpoint:POST /a'))!;
  assert.equal(p95.type, 3);
  assert.equal(p95.unit, 'second');
  // Vigil's own p95 of the minute (the dashboard's sketch quantile), in seconds: within the calls' range.
  assert.ok(p95.points[0].value >= 0.1 && p95.points[0].value <= 0.91, `p95 ${p95.points[0].value}`);
  assert.equal(
    series.find((x) => x.metric === 'vigil.errors' && x.tags.includes('endpoint:POST /a'))!.points[0].value,
    1,
  );
  assert.ok(Math.abs(series.find((x) => x.metric === 'vigil.cost_usd')!.points[0].value - 0.03) < 1e-12);
  assert.equal(series.find((x) => x.metric === 'vigil.tokens.input')!.points[0].value, 30);
  const ddEvents = rx
    .datadog!.requests.filter((q) => q.path === '/api/v1/events')
    .map((q) => JSON.parse(q.raw.toString()));
  const own = ddEvents.filter((e) => e.aggregation_key === inc.id);
  assert.deepEqual(
    own.map((e) => e.alert_type),
    ['error', 'info', 'success'],
  );
  assert.equal(own[0].source_type_name, 'vigil');
  assert.equal(own[0].date_happened, Math.floor(inc.openedAt / 1000));
  assert.match(own[0].text, new RegExp(`https://vigil.example.com/incidents/${inc.id}`));
  assert.equal(rx.datadog!.requests[0]!.path, '/api/v2/series', 'the first request was answered 429 and retried');

  // Splunk HEC: Authorization: Splunk <token>, gzip, concatenated JSON objects; multi-metric events.
  const hec = rx.splunk!.requests.filter((q) => q.raw.includes(model));
  assert.ok(hec.every((q) => q.headers.authorization === 'Splunk hec-token-0123456789'));
  assert.equal(hec[0]!.headers['content-encoding'], 'gzip');
  const objects = hec.flatMap((q) => splunkObjects(q.raw));
  const metric = objects.find((o) => o.event === 'metric' && o.fields.endpoint === 'POST /a')!;
  assert.equal(metric.time, minuteStart / 1000);
  assert.equal(metric.index, 'vigil_metrics');
  assert.equal(metric.fields.model, model);
  assert.equal(metric.fields['metric_name:vigil.calls'], 3);
  assert.equal(metric.fields['metric_name:vigil.errors'], 1);
  const hecEvents = objects.filter((o) => o.sourcetype === 'vigil:incident' && o.event.incidentId === inc.id);
  assert.deepEqual(
    hecEvents.map((o) => [o.event.transition, o.index]),
    [
      ['opened', 'vigil'],
      ['acknowledged', 'vigil'],
      ['resolved', 'vigil'],
    ],
  );

  // New Relic: Metric API array of {common, metrics} (ms timestamps, interval.ms), Event API flat objects.
  const nrMetrics = rx.newrelic!.requests.filter((q) => q.path === '/metric/v1' && q.raw.includes(model));
  assert.equal(nrMetrics[0]!.headers['api-key'], 'NRAK-0123456789ABCDEF');
  assert.equal(nrMetrics[0]!.headers['content-encoding'], 'gzip');
  const blocks = JSON.parse(nrMetrics[0]!.raw.toString()) as Obj[];
  assert.deepEqual(blocks[0]!.common, { attributes: { 'service.name': 'vigil' } });
  assert.deepEqual(
    blocks[0]!.metrics.find((m: Obj) => m.name === 'vigil.calls' && m.attributes.endpoint === 'GET /b'),
    {
      name: 'vigil.calls',
      type: 'count',
      value: 1,
      timestamp: minuteStart,
      'interval.ms': 60_000,
      attributes: { model, endpoint: 'GET /b' },
    },
  );
  const nrEvents = rx
    .newrelic!.requests.filter((q) => q.path === '/v1/accounts/1234567/events')
    .flatMap((q) => JSON.parse(q.raw.toString()) as Obj[])
    .filter((e) => e.incidentId === inc.id);
  assert.deepEqual(
    nrEvents.map((e) => [e.eventType, e.transition, e.timestamp]),
    [
      ['VigilIncident', 'opened', Math.floor(inc.openedAt / 1000)],
      ['VigilIncident', 'acknowledged', nrEvents[1]!.timestamp],
      ['VigilIncident', 'resolved', nrEvents[2]!.timestamp],
    ],
  );

  // CloudWatch: SigV4-signed AWS JSON 1.0 PutMetricData from the AWS SDK, namespace Vigil, Model/Endpoint.
  const cw = rx.cloudwatch!.requests.filter((q) => q.raw.includes(model));
  assert.equal(cw[0]!.headers['x-amz-target'], 'GraniteServiceVersion20100801.PutMetricData');
  assert.equal(cw[0]!.headers['content-type'], 'application/x-amz-json-1.0');
  assert.match(
    String(cw[0]!.headers.authorization),
    /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/monitoring\/aws4_request, SignedHeaders=[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
  );
  const put = JSON.parse(cw[0]!.raw.toString()) as Obj;
  assert.equal(put.Namespace, 'Vigil');
  const cwCalls = put.MetricData.find(
    (m: Obj) => m.MetricName === 'Calls' && m.Dimensions.some((d: Obj) => d.Value === 'POST /a'),
  );
  assert.deepEqual(cwCalls.Dimensions, [
    { Name: 'Model', Value: model },
    { Name: 'Endpoint', Value: 'POST /a' },
  ]);
  assert.deepEqual([cwCalls.Value, cwCalls.Unit, cwCalls.Timestamp], [3, 'Count', minuteStart / 1000]);
  assert.ok(put.MetricData.some((m: Obj) => m.MetricName === 'LatencyP95' && m.Unit === 'Seconds'));
  assert.equal(
    rx.cloudwatch!.requests[0]!.headers['amz-sdk-request'],
    'attempt=1; max=1',
    "the SDK's own retries are off",
  );

  // OTLP: protobuf with the configured headers; counts as delta monotonic sums, quantiles as gauges; incidents as logs.
  const otlpMetrics = rx.otlp!.requests.filter((q) => q.path === '/v1/metrics' && q.raw.includes(model));
  assert.equal(otlpMetrics[0]!.headers.authorization, 'Bearer otlp-secret-0123456789');
  assert.equal(otlpMetrics[0]!.headers['content-type'], 'application/x-protobuf');
  const decoded = decodeOtlpProtobuf('metrics', otlpMetrics[0]!.raw) as Obj;
  const otlpCalls = decoded.resourceMetrics[0].scopeMetrics[0].metrics.find((m: Obj) => m.name === 'vigil.calls');
  assert.equal(otlpCalls.sum.aggregationTemporality, 1);
  assert.equal(otlpCalls.sum.isMonotonic, true);
  const point = otlpCalls.sum.dataPoints.find((p: Obj) =>
    p.attributes.some((a: Obj) => a.value.stringValue === 'POST /a'),
  );
  assert.deepEqual(
    [point.asDouble, point.startTimeUnixNano, point.timeUnixNano],
    [3, String(BigInt(minuteStart) * 1_000_000n), String(BigInt(minuteStart + MINUTE) * 1_000_000n)],
  );
  const logs = rx
    .otlp!.requests.filter((q) => q.path === '/v1/logs')
    .flatMap((q) => (decodeOtlpProtobuf('logs', q.raw) as Obj).resourceLogs[0].scopeLogs[0].logRecords as Obj[])
    .filter((l) => l.attributes.some((a: Obj) => a.value.stringValue === inc.id));
  assert.deepEqual(
    logs.map((l) => l.eventName),
    ['vigil.incident.opened', 'vigil.incident.acknowledged', 'vigil.incident.resolved'],
  );

  // Status page data and /metrics counters: the first delivery of each needed two attempts.
  for (const [kind, id] of Object.entries(ids)) {
    const deliveries = (await api('GET', `/api/v1/exports/${id}/deliveries?limit=200`)).json().deliveries as Obj[];
    const first = deliveries.at(-1)!;
    assert.deepEqual([first.ok, first.attempts >= 2], [true, true], `${kind}: ${JSON.stringify(first)}`);
  }
  const status = ((await api('GET', '/api/v1/exports')).json().destinations as Obj[]).find(
    (d) => d.id === ids.splunk,
  )!.status;
  assert.ok(status.batchesOk >= 2 && status.itemsSent > 0 && status.lastError === null, JSON.stringify(status));
  assert.ok(status.lagSeconds < 120, `lag ${status.lagSeconds}`);
  const metrics = (await api('GET', '/metrics')).body;
  assert.match(
    metrics,
    /vigil_export_batches_total\{destination="dd",kind="datadog",what="metrics",outcome="ok"\} [1-9]/,
  );
  assert.match(metrics, /vigil_export_attempts_total\{destination="nr",kind="newrelic"\} [2-9]/);
  assert.match(metrics, /vigil_export_lag_seconds\{destination="cw",kind="cloudwatch"\} \d/);
  const tested = await api('POST', `/api/v1/exports/${ids.splunk}/test`);
  assert.deepEqual([tested.statusCode, tested.json().delivery.ok, tested.json().delivery.what], [200, true, 'test']);
  for (const id of Object.values(ids)) assert.equal((await api('DELETE', `/api/v1/exports/${id}`)).statusCode, 204);
});

test("one destination's outage delays nothing else, and it catches up when it is back", async () => {
  const downModel = `outage-${randomUUID().slice(0, 8)}`;
  const healthy = await receiver({ status: 202, type: 'application/json', body: '{}' });
  const broken = await receiver({ status: 202, type: 'application/json', body: '{}' });
  broken.down = { status: 503, headers: { 'retry-after': '1' } };
  try {
    const create = async (name: string, url: string) =>
      (
        await api('POST', '/api/v1/exports', {
          name,
          kind: 'datadog',
          settings: { url, apiKey: `key-${name}-0123456789` },
        })
      ).json().destination.id as string;
    const events = [0, 1, 2].map((i) => ({
      model: downModel,
      timestamp: minuteStart - i * MINUTE + 500,
      latencyMs: 10 + i,
    }));
    assert.equal((await api('POST', '/api/v1/events', { events })).statusCode, 200);
    await s.vigil.pipeline.flush();
    const started = Date.now();
    const downId = await create('down', broken.url);
    const upId = await create('up', healthy.url);
    const delivered = (r: Receiver) =>
      r.requests.filter((q) => q.path === '/api/v2/series' && q.raw.includes(downModel));
    await until('the healthy destination delivered', () => delivered(healthy).length > 0, 10_000);
    const upAt = delivered(healthy)[0]!.at;
    assert.ok(upAt - started < 5_000, `healthy destination waited ${upAt - started} ms`);
    assert.ok(broken.requests.length >= 1, 'the broken one was tried');
    const downStatus = ((await api('GET', '/api/v1/exports')).json().destinations as Obj[]).find(
      (d) => d.id === downId,
    )!;
    assert.equal(downStatus.status.lastSuccessAt, null);
    await until('the broken destination failed twice', () => broken.requests.length >= 2, 10_000);
    // Back up: the retries still running (or the next cycle) deliver every minute it missed.
    broken.down = null;
    await until(
      'the broken destination caught up',
      () => delivered(broken).some((q) => q.headers['dd-api-key'] === 'key-down-0123456789'),
      30_000,
    );
    const minutes = new Set(
      delivered(broken)
        .slice(-1)
        .flatMap((q) => JSON.parse(q.raw.toString()).series as Obj[])
        .filter((x) => x.metric === 'vigil.calls')
        .map((x) => x.points[0].timestamp),
    );
    assert.deepEqual([...minutes].sort(), [0, 1, 2].map((i) => (minuteStart - i * MINUTE) / 1000).sort());
    for (const id of [downId, upId]) await api('DELETE', `/api/v1/exports/${id}`);
  } finally {
    healthy.server.close();
    broken.server.close();
  }
});
