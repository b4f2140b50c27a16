// Infrastructure metrics over OTLP as the Collector's receivers shape them (docs/infrastructure.md): the real
// OpenTelemetry JS SDK and its http/protobuf metric exporter send hostmetrics (system.cpu.utilization {cpu,
// state}, system.memory.usage {state} as a non-monotonic sum, system.filesystem.usage {device, mountpoint,
// state}, system.disk.io and system.network.io {device, direction} as cumulative counters) and kubeletstats
// (k8s.pod.cpu.utilization, k8s.pod.memory.usage, k8s.pod.network.io {interface, direction}) plus the
// k8s_cluster receiver's k8s.container.restarts, with their resource attributes. A 2xx means stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const suffix = randomUUID().slice(0, 6);
let s: TestServer;
before(async () => {
  s = await startTestServer({ listen: true });
});
after(() => s.close());

/** One collector export: a meter provider whose resource is the receiver's, observing `state` once. */
async function exportOnce(resource: Record<string, string>, observe: (meter: any, state: any) => void, state: any) {
  const exporter = new OTLPMetricExporter({
    url: `${s.url}/v1/metrics`,
    headers: { authorization: s.auth.authorization },
  });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes(resource), readers: [reader] });
  observe(provider.getMeter('otelcol/hostmetricsreceiver'), state);
  for (const step of state.steps) {
    Object.assign(state, step);
    const { resourceMetrics } = await reader.collect();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export(resourceMetrics, resolve),
    );
    assert.equal(result.code, 0, result.error?.message);
  }
  await provider.shutdown();
}

const sumOf = async (metric: string, key: string) =>
  (await s.vigil.store.infra.readMinutes({ metric, from: 0, to: Date.now() + 120_000, resourceKeys: [key] })).reduce(
    (a, c) => a + c.sum,
    0,
  );

test('hostmetrics and kubeletstats exports through the OTel SDK exporter are stored per resource', async () => {
  const host = `gpu-node-${suffix}`;
  await exportOnce(
    { 'host.name': host, 'os.type': 'linux' },
    (meter, st) => {
      meter.createObservableGauge('system.cpu.utilization', { unit: '1' }).addCallback((o: any) => {
        for (const cpu of ['cpu0', 'cpu1']) {
          o.observe(st.user, { cpu, state: 'user' });
          o.observe(0.1, { cpu, state: 'system' });
          o.observe(1 - st.user - 0.1, { cpu, state: 'idle' });
        }
      });
      meter.createObservableUpDownCounter('system.memory.usage', { unit: 'By' }).addCallback((o: any) => {
        o.observe(st.mem, { state: 'used' });
        o.observe(8e9 - st.mem, { state: 'free' });
      });
      meter.createObservableUpDownCounter('system.filesystem.usage', { unit: 'By' }).addCallback((o: any) => {
        o.observe(4e9, { device: '/dev/sda1', mode: 'rw', mountpoint: '/', type: 'ext4', state: 'used' });
        o.observe(1e9, { device: '/dev/sdb1', mode: 'rw', mountpoint: '/data', type: 'ext4', state: 'used' });
        o.observe(9e9, { device: '/dev/sda1', mode: 'rw', mountpoint: '/', type: 'ext4', state: 'free' });
      });
      meter.createObservableCounter('system.network.io', { unit: 'By' }).addCallback((o: any) => {
        o.observe(st.rx, { device: 'eth0', direction: 'receive' });
        o.observe(st.rx / 2, { device: 'eth0', direction: 'transmit' });
      });
      meter.createObservableCounter('system.disk.io', { unit: 'By' }).addCallback((o: any) => {
        o.observe(st.rx * 3, { device: 'sda', direction: 'write' });
      });
      meter.createCounter('http.server.requests').add(3); // an application metric: not infrastructure
    },
    {
      steps: [
        { user: 0.5, mem: 3e9, rx: 1000 },
        { user: 0.7, mem: 5e9, rx: 4000 },
      ],
    },
  );
  const pod = `chat-api-${suffix}`;
  await exportOnce(
    {
      'service.name': `chat-api-${suffix}`,
      'k8s.pod.name': pod,
      'k8s.namespace.name': 'ai',
      'k8s.node.name': host,
      'vigil.model': `gpt-${suffix}`,
    },
    (meter, st) => {
      meter.createObservableGauge('k8s.pod.cpu.utilization', { unit: '1' }).addCallback((o: any) => o.observe(st.cpu));
      meter.createObservableGauge('k8s.pod.memory.usage', { unit: 'By' }).addCallback((o: any) => o.observe(2e9));
      meter.createObservableCounter('k8s.pod.network.io', { unit: 'By' }).addCallback((o: any) => {
        o.observe(st.rx, { interface: 'eth0', direction: 'receive' });
      });
      meter
        .createObservableGauge('k8s.container.restarts', { unit: '{restart}' })
        .addCallback((o: any) => o.observe(st.restarts));
    },
    {
      steps: [
        { cpu: 0.25, rx: 10, restarts: 1 },
        { cpu: 0.35, rx: 70, restarts: 3 },
      ],
    },
  );

  const resources = await s.vigil.store.infra.listResources({});
  const node = resources.find((r) => r.host === host && r.pod === null)!;
  assert.deepEqual(node.metrics, ['cpu.utilization', 'disk.io', 'filesystem.usage', 'memory.usage', 'network.io']);
  const k8s = resources.find((r) => r.pod === pod)!;
  assert.deepEqual(
    [k8s.service, k8s.host, k8s.namespace, k8s.model],
    [`chat-api-${suffix}`, host, 'ai', `gpt-${suffix}`],
  );
  assert.deepEqual(k8s.metrics, ['cpu.utilization', 'memory.usage', 'network.io', 'restarts']);

  const cpu = await s.vigil.store.infra.readMinutes({
    metric: 'cpu.utilization',
    from: 0,
    to: Date.now() + 60_000,
    resourceKeys: [node.key],
  });
  // Non-idle states summed per CPU, CPUs averaged: 0.5 + 0.1, then 0.7 + 0.1 twice (the provider's shutdown
  // exports the last state once more).
  assert.equal(
    cpu.reduce((a, c) => a + c.count, 0),
    3,
  );
  assert.equal(Math.round(cpu.reduce((a, c) => a + c.sum, 0) * 100) / 100, 2.2);
  assert.equal(cpu.at(-1)!.last.toFixed(2), '0.80');
  const mem = await s.vigil.store.infra.readMinutes({
    metric: 'memory.usage',
    from: 0,
    to: Date.now() + 60_000,
    resourceKeys: [node.key],
  });
  assert.equal(mem.at(-1)!.last, 5e9); // state=used only
  assert.equal(await sumOf('filesystem.usage', node.key), 3 * 5e9); // used on both devices, three exports
  // cumulative counters started with the exporter: every increase counted once, the repeat adds nothing (rx 4000 + tx 2000; disk 12000)
  assert.equal(await sumOf('network.io', node.key), 6000);
  assert.equal(await sumOf('disk.io', node.key), 12000);
  assert.equal(await sumOf('network.io', k8s.key), 70);
  assert.equal(await sumOf('restarts', k8s.key), 3);
});

test('GET /api/v1/infra/resources and /timeseries answer what was stored, linked to the model', async () => {
  const host = `web-${suffix}`;
  const T = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000; // a whole hour, an hour ago
  await s.vigil.store.infra.record(
    [0, 1, 2].flatMap((i) => [
      {
        resource: { service: `svc-${suffix}`, host, pod: null, container: null, namespace: null, model: `m-${suffix}` },
        metric: 'cpu.utilization',
        kind: 'gauge' as const,
        series: '',
        time: T + i * 60_000 + 1000,
        startTime: 0,
        value: 0.2 * (i + 1),
      },
      {
        resource: { service: `svc-${suffix}`, host, pod: null, container: null, namespace: null, model: `m-${suffix}` },
        metric: 'network.io',
        kind: 'delta' as const,
        series: 'eth0|receive',
        time: T + i * 60_000 + 1000,
        startTime: 0,
        value: 6000,
      },
    ]),
  );
  const res = await s.vigil.app.inject({ url: `/api/v1/infra/resources`, headers: s.auth });
  assert.equal(res.statusCode, 200);
  const r = res.json().resources.find((x: any) => x.host === host);
  assert.equal(r.model, `m-${suffix}`);
  const ts = await s.vigil.app.inject({
    url: `/api/v1/infra/timeseries?metric=cpu.utilization,network.io&service=svc-${suffix}&from=${T}&to=${T + 180_000}&step=60000`,
    headers: s.auth,
  });
  assert.equal(ts.statusCode, 200);
  const body = ts.json();
  const cpu = body.series.find((x: any) => x.metric === 'cpu.utilization');
  assert.deepEqual(
    cpu.points.map((p: any) => Math.round(p[1] * 10) / 10),
    [0.2, 0.4, 0.6],
  );
  const net = body.series.find((x: any) => x.metric === 'network.io');
  assert.equal(net.unit, 'By/s');
  assert.deepEqual(
    net.points.map((p: any) => p[1]),
    [100, 100, 100],
  ); // 6000 B in 60 s
  const wide = await s.vigil.app.inject({
    url: `/api/v1/infra/timeseries?metric=cpu.utilization&from=${T}&to=${T + 180_000}&step=180000`,
    headers: s.auth,
  });
  const one = wide.json().series.find((x: any) => x.resource === r.key);
  assert.equal(Math.round(one.points[0][1] * 10) / 10, 0.4); // the bucket's average
  const bad = await s.vigil.app.inject({ url: `/api/v1/infra/timeseries?metric=cpu`, headers: s.auth });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /querystring\.metric: "cpu" is not one of/);
});
