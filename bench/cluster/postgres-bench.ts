/**
 * PostgreSQL beside SQLite and the bare Fastify echo, in one run, load from wrk (a C load generator: autocannon
 * runs in Node on the same cores and flatters every ratio to the echo): single-event and 100-event batch ingest on
 * the echo, on one SQLite node, on one PostgreSQL node, and on two PostgreSQL nodes sharing one database (a wrk
 * each). For each: events/s and CPU-seconds per million events — Vigil's processes plus PostgreSQL's, since they
 * share the machine. The dashboard's 30-day queries on PostgreSQL are bench/dashboard/postgres-dashboard-bench.ts.
 * The cluster is a throwaway one in a temp dir (test/helpers/postgres-cluster.ts), fsync on like a real one.
 * Prints one JSON object; bench/run.ts records it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresCluster } from '../../packages/server/test/helpers/postgres-cluster.js';
import { start, stop } from '../process.js';
import { assertWrkInstalled, wrk } from '../wrk.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const KEY = 'bench-admin-key-0123456789abcdef';
const TICKS = 100; // USER_HZ

function event(i: number) {
  return {
    model: 'bench-model',
    modelType: 'classification',
    endpoint: 'POST /v1/recommend',
    latencyMs: 5 + (i % 40),
    costUsd: 0.0001,
    features: { hour: i % 24, weather: ['sunny', 'rain', 'snow'][i % 3], store: `s${i % 50}`, basket: i % 7 },
    prediction: { label: 'latte', score: 0.8 },
    tags: { region: 'eu' },
  };
}
const single = JSON.stringify({ events: [event(1)] });
const batch = JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => event(i)) });

/** CPU ticks (user + system) of a process, with its waited-for children. */
function cpuTicks(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return 0;
  }
}

/** CPU ticks of the PostgreSQL server: the postmaster (with exited backends) and its live backends. */
function postgresTicks(postmaster: number): number {
  let total = cpuTicks(postmaster);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(f[1]) === postmaster) total += Number(f[11]) + Number(f[12]);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Runs wrk against every URL at once; events/s and CPU-seconds per million events of Vigil + PostgreSQL. */
async function measure(
  urls: string[],
  vigilPids: number[],
  postmaster: number | null,
  body: string,
  eventsPerRequest: number,
  connections: number,
) {
  const before = vigilPids.reduce((s, p) => s + cpuTicks(p), 0) + (postmaster ? postgresTicks(postmaster) : 0);
  const runs = await Promise.all(
    urls.map((u) =>
      wrk({
        url: `${u}/api/v1/events`,
        body,
        connections: Math.max(1, Math.floor(connections / urls.length)),
        durationS: DURATION_S,
        headers: { authorization: `Bearer ${KEY}` },
      }),
    ),
  );
  const after = vigilPids.reduce((s, p) => s + cpuTicks(p), 0) + (postmaster ? postgresTicks(postmaster) : 0);
  const eventsPerS = runs.reduce((s, r) => s + r.requestsPerS * eventsPerRequest, 0);
  const events = eventsPerS * DURATION_S;
  return {
    eventsPerS: Math.round(eventsPerS),
    cpuSecondsPerMillionEvents: events > 0 ? +((((after - before) / TICKS) * 1e6) / events).toFixed(1) : null,
    p99Ms: runs.map((r) => r.latencyMs.p99),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}

assertWrkInstalled();
const cluster = await postgresCluster({ durable: true });
const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const vigilCmd = (args: string[]) => [
  join(ROOT, 'packages/server/bin/vigil.js'),
  'serve',
  '--port',
  '0',
  '--log-level',
  'warn',
  ...args,
];
// Capacity is measured: the per-key request limit (a guard against one runaway client) is off.
const base = { VIGIL_ADMIN_KEY: KEY, VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0', VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '0' };

const echo = await start(['--import', 'tsx', join(ROOT, 'bench/ingest/echo-server.ts')], {});
const echoRun = (body: string, connections: number) =>
  wrk({ url: `${echo.url}/api/v1/events`, body, connections, durationS: DURATION_S });
const echoSingle = await echoRun(single, 32);
const echoBatch = await echoRun(batch, 16);
await stop(echo.child);

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const sqlite = await start(vigilCmd([]), { ...base, VIGIL_DATA_DIR: dataDir });
const sqliteSingle = await measure([sqlite.url], [sqlite.child.pid!], null, single, 1, 32);
const sqliteBatch = await measure([sqlite.url], [sqlite.child.pid!], null, batch, 100, 16);
await stop(sqlite.child);
rmSync(dataDir, { recursive: true, force: true });

const oneDb = await cluster.createDatabase();
const one = await start(vigilCmd(['--database-url', oneDb, '--node-name', 'one']), base);
const pgSingle = await measure([one.url], [one.child.pid!], postmaster, single, 1, 32);
const pgBatch = await measure([one.url], [one.child.pid!], postmaster, batch, 100, 16);
await stop(one.child);

const twoDb = await cluster.createDatabase();
const n1 = await start(vigilCmd(['--database-url', twoDb, '--node-name', 'n1']), base);
const n2 = await start(vigilCmd(['--database-url', twoDb, '--node-name', 'n2']), base);
const pids = [n1.child.pid!, n2.child.pid!];
const twoSingle = await measure([n1.url, n2.url], pids, postmaster, single, 1, 32);
const twoBatch = await measure([n1.url, n2.url], pids, postmaster, batch, 100, 16);
await stop(n1.child);
await stop(n2.child);

cluster.stop();

process.stdout.write(
  `${JSON.stringify({
    loadGenerator: 'wrk',
    durationS: DURATION_S,
    echo: { singleReqPerS: Math.round(echoSingle.requestsPerS), batchReqPerS: Math.round(echoBatch.requestsPerS) },
    sqlite: { single: sqliteSingle, batch: sqliteBatch },
    postgresOneNode: { single: pgSingle, batch: pgBatch },
    postgresTwoNodes: { single: twoSingle, batch: twoBatch },
    ratios: {
      postgresBatchOverSqliteBatch: +(pgBatch.eventsPerS / sqliteBatch.eventsPerS).toFixed(3),
      postgresSingleOverEchoSingle: +(pgSingle.eventsPerS / echoSingle.requestsPerS).toFixed(3),
      sqliteSingleOverEchoSingle: +(sqliteSingle.eventsPerS / echoSingle.requestsPerS).toFixed(3),
      twoNodesCpuPerMillionOverOneNode:
        twoBatch.cpuSecondsPerMillionEvents && pgBatch.cpuSecondsPerMillionEvents
          ? +(twoBatch.cpuSecondsPerMillionEvents / pgBatch.cpuSecondsPerMillionEvents).toFixed(3)
          : null,
    },
  })}\n`,
);
process.exit(0);
