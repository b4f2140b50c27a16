// Prometheus remote-write as Prometheus itself sends it (docs/infrastructure.md): the Debian `prometheus` binary,
// in agent mode, scrapes a local endpoint in node_exporter / kube-state-metrics text format every second and
// remote-writes (protobuf + snappy) to Vigil's /api/v1/write with a Bearer key. The series land in the
// infrastructure store: CPU busy/total seconds from node_cpu_seconds_total, memory from MemTotal − MemAvailable,
// network and restarts as increases. Skipped (with the reason) where no prometheus binary is installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;
let s: TestServer;
before(async () => {
  s = await startTestServer({ listen: true });
});
after(() => s.close());

test(
  'Prometheus remote-writes node_exporter series scraped from a local endpoint; Vigil stores them',
  { skip: !hasPrometheus && 'no prometheus binary' },
  async () => {
    let scrapes = 0;
    const exporter: Server = createServer((_req, res) => {
      scrapes++;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        [
          '# TYPE node_cpu_seconds_total counter',
          `node_cpu_seconds_total{cpu="0",mode="idle"} ${100 + scrapes * 0.5}`,
          `node_cpu_seconds_total{cpu="0",mode="user"} ${50 + scrapes * 0.3}`,
          `node_cpu_seconds_total{cpu="0",mode="system"} ${10 + scrapes * 0.2}`,
          '# TYPE node_memory_MemTotal_bytes gauge',
          'node_memory_MemTotal_bytes 8e+09',
          '# TYPE node_memory_MemAvailable_bytes gauge',
          'node_memory_MemAvailable_bytes 6e+09',
          '# TYPE node_network_receive_bytes_total counter',
          `node_network_receive_bytes_total{device="eth0"} ${5000 + scrapes * 1000}`,
          '# TYPE kube_pod_container_status_restarts_total counter',
          `kube_pod_container_status_restarts_total{namespace="ai",pod="chat-1",container="app"} ${scrapes}`,
          '',
        ].join('\n'),
      );
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', r));
    const port = (exporter.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
    const token = s.auth.authorization.replace(/^Bearer /, '');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }
scrape_configs:
  - job_name: chat-api
    static_configs: [{ targets: ['127.0.0.1:${port}'] }]
remote_write:
  - url: ${s.url}/api/v1/write
    authorization: { credentials: '${token}' }
    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }
`,
    );
    const prom: ChildProcess = spawn(
      'prometheus',
      [
        '--enable-feature=agent',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.agent.path=${join(dir, 'wal')}`,
        '--web.listen-address=127.0.0.1:0',
      ],
      { stdio: 'ignore' },
    );
    try {
      const key = JSON.stringify(['chat-api', '127.0.0.1', '', '']);
      const sum = async (metric: string, k = key) =>
        (
          await s.vigil.store.infra.readMinutes({ metric, from: 0, to: Date.now() + 120_000, resourceKeys: [k] })
        ).reduce((a, c) => a + c.sum, 0);
      const deadline = Date.now() + 40_000;
      while (Date.now() < deadline && (await sum('network.io')) < 2000) await new Promise((r) => setTimeout(r, 250));
      const net = await sum('network.io');
      assert.ok(net >= 2000 && net % 1000 === 0, `network.io increases counted once each: ${net}`);
      // busy (user + system) is half of all CPU seconds in every scrape interval
      assert.equal(Math.round(((await sum('cpu.busy_seconds')) / (await sum('cpu.total_seconds'))) * 1000) / 1000, 0.5);
      const mem = await s.vigil.store.infra.readMinutes({
        metric: 'memory.utilization',
        from: 0,
        to: Date.now() + 120_000,
        resourceKeys: [key],
      });
      assert.equal(mem.at(-1)!.last, 0.25);
      const pod = JSON.stringify(['chat-api', '127.0.0.1', 'chat-1', 'app']);
      assert.ok((await sum('restarts', pod)) >= 1);
      const resource = (await s.vigil.store.infra.listResources({})).find((r) => r.pod === 'chat-1')!;
      assert.equal(resource.namespace, 'ai');
    } finally {
      prom.kill('SIGTERM');
      await new Promise((r) => prom.once('exit', r));
      exporter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('remote-write: a body that is not snappy, or not a WriteRequest, is a 400 naming the body', async () => {
  const bad = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/write',
    headers: { ...s.auth, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
    payload: Buffer.from('not snappy at all'),
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /^body: Content-Encoding is snappy/);
  const garbage = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/write',
    headers: { ...s.auth, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
    payload: Buffer.from(compress(new Uint8Array([0x0a, 0xff, 0xff, 0x01]))),
  });
  assert.equal(garbage.statusCode, 400);
  assert.match(garbage.json().message, /^body: not a Prometheus remote-write WriteRequest/);
});
