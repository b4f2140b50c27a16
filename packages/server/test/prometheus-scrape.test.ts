// The Debian `prometheus` binary scrapes a real Vigil — once as text (classic buckets), once with native
// histograms on (protobuf) — and histogram_quantile(0.95) is compared with the true p95 of the latencies sent,
// for distributions from 1 ms to 120 s. Also: the series count per (model, endpoint) pair in each format, and
// the shipped rules and Grafana dashboard checked by promtool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { seededRandom } from './helpers/seeded-random.js';
import { SERIES_PER_PAIR } from '../src/telemetry/prometheus-exporter.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
const run = randomUUID().slice(0, 6);
const random = seededRandom(17);
const N = 2000;
const lognormal = (median: number, sigma: number) => () => median * Math.exp(random.normal(0, sigma));
/** Latency distributions in seconds, from fast classifiers to slow LLM calls and batch jobs near 120 s. */
const DISTRIBUTIONS: Record<string, () => number> = {
  'classifier-1ms': () => 0.001 + random() * 0.001,
  'ranker-5ms': lognormal(0.005, 0.4),
  'llm-chat': lognormal(0.8, 0.8),
  'llm-bimodal': () => (random() < 0.8 ? lognormal(0.3, 0.3)() : lognormal(8, 0.3)()),
  'batch-100s': () => 100 * (1 + (random() - 0.5) * 0.02),
  'agent-40s': lognormal(40, 0.35),
};
const truth: Record<string, number> = {};
let s: TestServer;
const proms: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startPrometheus(name: string, native: boolean): Promise<string> {
  const port = await freePort();
  const target = new URL(s.url).host;
  const config = join(dir, `${name}.yml`);
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: vigil\n    authorization:\n      credentials: ${s.adminKey}\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, `${name}-data`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(native ? ['--enable-feature=native-histograms'] : []),
    ],
    { stdio: 'ignore' },
  );
  proms.push(child);
  return `http://127.0.0.1:${port}`;
}

async function query(
  prom: string,
  expr: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; data?: { result: [] }; error?: string };
      if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
      if (body.data!.result.length > 0) return body.data!.result;
    } catch (err) {
      if ((err as Error).message.startsWith(expr)) throw err;
    }
    if (Date.now() > deadline) throw new Error(`no result for ${expr}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

before(async () => {
  s = await startTestServer({ listen: true });
  for (const [name, draw] of Object.entries(DISTRIBUTIONS)) {
    const seconds = Array.from({ length: N }, draw);
    const sorted = [...seconds].sort((a, b) => a - b);
    truth[name] = sorted[Math.ceil(0.95 * N) - 1]!;
    const model = `${name}-${run}`;
    for (let i = 0; i < N; i += 1000) {
      const events = seconds
        .slice(i, i + 1000)
        .map((sec) => ({ model, endpoint: 'POST /v1/x', latencyMs: sec * 1000 }));
      const res = await s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: s.auth,
        payload: { events },
      });
      assert.equal(res.statusCode, 200, res.body);
    }
  }
});
after(async () => {
  for (const p of proms) p.kill('SIGTERM');
  await Promise.all(proms.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

test('histogram_quantile(0.95) from a real Prometheus is within 10 % of the true p95, 1 ms to 120 s, text and native', async () => {
  const [classic, native] = await Promise.all([startPrometheus('classic', false), startPrometheus('native', true)]);
  const errors: string[] = [];
  for (const name of Object.keys(DISTRIBUTIONS)) {
    const model = `${name}-${run}`;
    const [c] = await query(classic, `histogram_quantile(0.95, vigil_model_latency_seconds_bucket{model="${model}"})`);
    const [n] = await query(native, `histogram_quantile(0.95, vigil_model_latency_seconds{model="${model}"})`);
    for (const [format, r] of [
      ['classic', c],
      ['native', n],
    ] as const) {
      const estimate = Number(r!.value[1]);
      const error = Math.abs(estimate - truth[name]!) / truth[name]!;
      errors.push(
        `${name} ${format}: true ${truth[name]!.toPrecision(4)} s, Prometheus ${estimate.toPrecision(4)} s (${(error * 100).toFixed(2)} %)`,
      );
      assert.ok(error <= 0.1, errors.at(-1));
    }
  }
  // Series of one (model, endpoint) pair, as Prometheus stored them: the latency histogram is 140 series as text
  // (137 buckets, +Inf, _sum, _count) and 1 native one; with the calls counter (no cost, tokens or errors sent
  // here) 141 and 2. With every counter present a pair is SERIES_PER_PAIR (145) as text, 6 native.
  const model = `llm-chat-${run}`;
  const [classicCount] = await query(classic, `count({model="${model}"})`);
  const [nativeCount] = await query(native, `count({model="${model}"})`);
  assert.deepEqual([Number(classicCount!.value[1]), Number(nativeCount!.value[1])], [141, 2]);
  assert.equal(SERIES_PER_PAIR, 145);
  process.stdout.write(`# ${errors.join('\n# ')}\n`);
});

test('the shipped recording/alerting rules and every Grafana dashboard query pass promtool', () => {
  const rules = spawnSync('promtool', ['check', 'rules', join(ROOT, 'docs/prometheus/vigil-rules.yml')], {
    encoding: 'utf8',
  });
  assert.equal(rules.status, 0, `${rules.stdout}${rules.stderr}`);
  // Each dashboard query, with Grafana's variables filled in, as a recording rule: promtool parses the PromQL.
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs/grafana/vigil-dashboard.json'), 'utf8')) as {
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
  assert.ok(exprs.length >= 10);
  const file = join(dir, 'dashboard-rules.yml');
  writeFileSync(
    file,
    `groups:\n  - name: dashboard\n    rules:\n${exprs
      .map(
        (e, i) =>
          `      - record: dashboard:q${i}\n        expr: ${JSON.stringify(e.replaceAll('$__rate_interval', '1m').replaceAll('$model', '.*').replaceAll('$endpoint', '.*'))}\n`,
      )
      .join('')}`,
  );
  const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
});
