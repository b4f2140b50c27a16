/**
 * Dashboard API latency over a 30-day range at the demo's 10K calls/minute: `vigil demo` (30 days
 * backfilled, live traffic running) in its own process, the dashboard's own queries timed from this one.
 * The figure that counts is measured once the demo is set up (configured through its API, its Collector's backfill
 * sent), over two minutes or more of live traffic; `duringSetup` records the same calls during the set-up. Baseline beside it: GET /healthz on the same server. Prints one JSON object. With BENCH_DATABASE_URL the
 * demo runs on that PostgreSQL database instead of a SQLite file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'bench-admin-key-0123456789abcdef';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
// A pause between rounds spreads them over two minutes or more, so the per-minute flushes, alert evaluations and
// the Collector's exports all fall inside the measurement, as they do for a person looking at the dashboard.
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 2000);
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-dash-'));
const child = spawn(
  process.execPath,
  [
    // BENCH_DEMO_NODE_ARGS: extra node flags for the demo, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    ...(process.env.BENCH_DEMO_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    join(ROOT, 'packages/server/bin/vigil.js'),
    'demo',
    '--port',
    '0',
    '--log-level',
    'warn',
    '--rate',
    '10000',
  ],
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
let out = '';
child.stdout!.on('data', (d) => (out += d));
/** Resolves with the first match of `re` in the demo's output; fails if the demo exits or 5 minutes pass first. */
const printed = (re: RegExp) =>
  new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no ${re} in 5 minutes:\n${out}`)), 300_000);
    const check = () => {
      const m = re.exec(out);
      if (!m) return;
      child.stdout!.off('data', check);
      clearTimeout(timer);
      resolve(m);
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`the demo exited:\n${out}`)));
    check();
  });
const url = (await printed(/(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
const startupMs = Date.now() - started;
const isSetUp = Promise.all([printed(/Demo: a latency incident on/), printed(/it now exports every 15 s/)]);
let configuredMs = 0;
void isSetUp.then(() => (configuredMs = Date.now() - started));

const headers = { authorization: `Bearer ${KEY}` };
const iso = (t: number) => new Date(t).toISOString();
const models = ['drink-recommender', 'demand-forecaster', 'barista-assistant', 'latte-art-checker'];
/** The dashboard's calls, their 30 days ending now. */
function dashboardCalls(): Record<string, string> {
  const now = Date.now();
  const range = `from=${iso(now - 30 * 86_400_000)}&to=${iso(now)}`;
  const calls: Record<string, string> = {
    'models?window=30d': '/api/v1/models?window=30d',
    'models?window=1h': '/api/v1/models?window=1h',
    'overview sparklines 30d': `/api/v1/metrics/timeseries?metric=callsPerMinute&groupBy=model&${range}`,
    'endpoints 30d': `/api/v1/metrics/timeseries?metric=calls,errors,errorRate,latency.p95&groupBy=endpoint&${range}`,
    'events page': `/api/v1/events?model=drink-recommender&limit=10`,
  };
  for (const m of models) {
    calls[`model ${m} health 30d`] =
      `/api/v1/metrics/timeseries?model=${m}&metric=latency.p50,latency.p95,latency.p99,callsPerMinute,costPerCall,inputTokens,outputTokens&${range}`;
    calls[`model ${m} errors by endpoint 30d`] =
      `/api/v1/metrics/timeseries?model=${m}&metric=errorRate&groupBy=endpoint&${range}`;
  }
  return calls;
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

/** Rounds of every dashboard call, /healthz first in each; stops early once `until` says so. */
async function measure(rounds: number, pauseMs: number, until: () => boolean = () => false) {
  const baseline: number[] = [];
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds && !until(); r++) {
    baseline.push(await time('/healthz'));
    for (const [name, path] of Object.entries(dashboardCalls())) (samples[name] ??= []).push(await time(path));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  const calls: Record<string, { p50: number; p95: number }> = {};
  let worstP95 = 0;
  for (const [name, xs] of Object.entries(samples)) {
    calls[name] = { p50: +p(xs, 0.5).toFixed(2), p95: +p(xs, 0.95).toFixed(2) };
    worstP95 = Math.max(worstP95, p(xs, 0.95));
  }
  return {
    rounds: baseline.length,
    baselineHealthzMs: { p50: +p(baseline, 0.5).toFixed(2), p95: +p(baseline, 0.95).toFixed(2) },
    worstP95Ms: +worstP95.toFixed(2),
    worstP95OverHealthzP95: +(worstP95 / p(baseline, 0.95)).toFixed(1),
    calls,
  };
}

// While the demo sets itself up (its month replayed into incidents, the Collector's 24 h backfill, the raw
// minutes since the backfill caught up), back to back: a start-up load, recorded beside the figure that counts.
const duringSetup = await measure(1000, 0, () => configuredMs > 0);
await isSetUp;
// The demo as a user finds it once it is set up, live traffic running at the demo rate.
await new Promise((r) => setTimeout(r, 10_000));
const steady = await measure(ROUNDS, PAUSE_MS);
const probe = (await (await fetch(`${url}/api/v1/models?window=1h`, { headers })).json()) as {
  models: Array<{ model: string; health: { callsPerMinute: number } }>;
};
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    pauseBetweenRoundsMs: PAUSE_MS,
    startupWithBackfillMs: startupMs,
    configuredAfterMs: configuredMs,
    liveCallsPerMinuteLastHour: Math.round(probe.models.reduce((a, m) => a + m.health.callsPerMinute, 0)),
    ...steady,
    duringSetup: { ...duringSetup, calls: undefined },
  })}\n`,
);
