/**
 * `npm run bench`: every benchmark, one after another (they must not share the two cores), each printing
 * one JSON line with its figures and the baseline measured beside it. Results go to bench/results/<date>.json;
 * BENCHMARKS.md records them with the machine. `npm run bench -- ingest drift` runs a subset.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCHES: Record<string, string[]> = {
  ingest: ['bench/ingest/ingest-bench.ts'],
  sdk: ['bench/sdk-record-bench.ts'],
  dashboard: ['bench/dashboard/dashboard-bench.ts'],
  postgres: ['bench/cluster/postgres-bench.ts'],
  'postgres-dashboard': ['bench/dashboard/postgres-dashboard-bench.ts'],
  profile: ['bench/profile-bench.ts'],
  alerting: ['bench/alerting-bench.ts'],
  'alerting-service': ['bench/alerting-service-bench.ts'],
  drift: ['bench/drift/run-drift-bench.ts', '--rows', '1000000', '--runs', '1'],
  otlp: ['bench/otlp/otlp-transports-bench.ts'],
  export: ['bench/export-bench.ts'],
  'prometheus-series': ['bench/prometheus-series-bench.ts'],
  'late-labels': ['bench/late-label-bench.ts'],
};
// Benchmarks measure the bundled CLI that `npm ci` builds, not the TypeScript-through-tsx fallback.
spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
/** A bench prints one JSON object (on one line or pretty-printed) last, or a plain-text report. */
function parseResult(stdout: string): unknown {
  const text = stdout.trim();
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i]!.startsWith('{')) continue;
    try {
      return JSON.parse(lines.slice(i).join('\n'));
    } catch {
      // not the start of the final object; keep looking upwards
    }
  }
  return { report: text.slice(-4000) };
}

const selected = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavgBefore: loadavg() },
};
for (const name of selected) {
  const args = BENCHES[name];
  if (!args) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.stderr.write(`bench ${name}…\n`);
  const run = spawnSync(process.execPath, ['--conditions=vigil-source', '--import', 'tsx', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  });
  if (run.status !== 0) results[name] = { failed: true, status: run.status, output: run.stdout.slice(-2000) };
  else results[name] = parseResult(run.stdout);
  process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
}
(results.machine as Record<string, unknown>).loadavgAfter = loadavg();
// A subset run updates its benchmarks in the day's file and keeps the others' figures (each with its own date).
mkdirSync(`${ROOT}/bench/results`, { recursive: true });
const file = `${ROOT}/bench/results/${String(results.date).slice(0, 10)}.json`;
const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
for (const name of selected)
  if (results[name] && typeof results[name] === 'object')
    (results[name] as Record<string, unknown>).measuredAt = results.date;
writeFileSync(file, `${JSON.stringify({ ...earlier, ...results }, null, 2)}\n`);
