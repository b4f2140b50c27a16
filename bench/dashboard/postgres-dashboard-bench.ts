/**
 * The dashboard's 30-day queries over the demo's month on PostgreSQL: bench/dashboard/dashboard-bench.ts with the
 * demo on a database of a throwaway cluster (test/helpers/postgres-cluster.ts, fsync on like a real one).
 * BENCH_DEMO_NODE_ARGS is passed through (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the demo).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresCluster } from '../../packages/server/test/helpers/postgres-cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cluster = await postgresCluster({ durable: true });
const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/dashboard/dashboard-bench.ts')], {
  cwd: ROOT,
  encoding: 'utf8',
  env: { ...process.env, BENCH_DATABASE_URL: await cluster.createDatabase() },
  stdio: ['ignore', 'pipe', 'inherit'],
  timeout: 10 * 60_000,
});
cluster.stop();
process.stdout.write(run.stdout);
process.exit(run.status ?? 1);
