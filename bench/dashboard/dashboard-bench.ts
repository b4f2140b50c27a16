/**
 * Dashboard API latency over a 30-day range at the demo's 10K calls/minute: `vigil demo` (30 days
 * backfilled, live traffic running) in its own process, the dashboard's own queries timed from this one.
 * Baseline beside it: GET /healthz on the same server. Prints one JSON object. With BENCH_DATABASE_URL the
 * demo runs on that PostgreSQL database instead of a SQLite file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'bench-admin-key-0123456789abcdef';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-dash-'));
const child = spawn(
  process.execPath,
  [join(ROOT, 'packages/server/bin/vigil.js'), 'demo', '--port', '0', '--log-level', 'warn', '--rate', '10000'],
  {
    // BENCH_DATABASE_URL: the same over PostgreSQL (bench/cluster/postgres-bench.ts runs it so).
    env: {
      ...process.env,
      VIGIL_ADMIN_KEY: KEY,
      VIGIL_DATA_DIR: dataDir,
      ...(process.env.BENCH_DATABASE_URL ? { VIGIL_DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const started = Date.now();
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  child.once('exit', () => reject(new Error(out)));
});
const startupMs = Date.now() - started;
// Let the live simulator run a little so the current hour has raw traffic too.
await new Promise((r) => setTimeout(r, 5000));

const headers = { authorization: `Bearer ${KEY}` };
const now = Date.now();
const iso = (t: number) => new Date(t).toISOString();
const from30 = iso(now - 30 * 86_400_000);
const models = ['drink-recommender', 'demand-forecaster', 'barista-assistant', 'latte-art-checker'];
const calls: Record<string, string> = {
  'models?window=30d': '/api/v1/models?window=30d',
  'models?window=1h': '/api/v1/models?window=1h',
  'overview sparklines 30d': `/api/v1/metrics/timeseries?metric=callsPerMinute&groupBy=model&from=${from30}&to=${iso(now)}`,
  'endpoints 30d': `/api/v1/metrics/timeseries?metric=calls,errors,errorRate,latency.p95&groupBy=endpoint&from=${from30}&to=${iso(now)}`,
  'events page': `/api/v1/events?model=drink-recommender&limit=10`,
};
for (const m of models) {
  calls[`model ${m} health 30d`] =
    `/api/v1/metrics/timeseries?model=${m}&metric=latency.p50,latency.p95,latency.p99,callsPerMinute,costPerCall,inputTokens,outputTokens&from=${from30}&to=${iso(now)}`;
  calls[`model ${m} errors by endpoint 30d`] =
    `/api/v1/metrics/timeseries?model=${m}&metric=errorRate&groupBy=endpoint&from=${from30}&to=${iso(now)}`;
}

async function time(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - t;
}
const p = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const baseline: number[] = [];
const results: Record<string, { p50: number; p95: number }> = {};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  baseline.push(await time('/healthz'));
  for (const [name, path] of Object.entries(calls)) samples[name]!.push(await time(path));
}
let worstP95 = 0;
for (const [name, xs] of Object.entries(samples)) {
  results[name] = { p50: +p(xs, 0.5).toFixed(2), p95: +p(xs, 0.95).toFixed(2) };
  worstP95 = Math.max(worstP95, p(xs, 0.95));
}
const probe = (await (await fetch(`${url}/api/v1/models?window=1h`, { headers })).json()) as {
  models: Array<{ model: string; health: { callsPerMinute: number } }>;
};
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    rounds: ROUNDS,
    startupWithBackfillMs: startupMs,
    liveCallsPerMinuteLastHour: Math.round(probe.models.reduce((a, m) => a + m.health.callsPerMinute, 0)),
    baselineHealthzMs: { p50: +p(baseline, 0.5).toFixed(2), p95: +p(baseline, 0.95).toFixed(2) },
    worstP95Ms: +worstP95.toFixed(2),
    worstP95OverHealthzP95: +(worstP95 / p(baseline, 0.95)).toFixed(1),
    calls: results,
  })}\n`,
);
