// Cost of the late label join (packages/server/src/ingest/late-label-job.ts) on SQLite and PostgreSQL: 11,000
// labels stored before their predictions (10,000 whose predictions never come, 1,000 whose do), then 200,000
// events holding those 1,000 predictions one every 200 events (the worst spread: each join decodes its own block),
// then 10,000 events matching nothing, then an idle run. The max event-loop delay is measured over the big run.
// Run: node --conditions=vigil-source --import tsx bench/late-label-bench.ts [events] [sqlite,postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStore, type EventRecord, type LabelRecord } from '../packages/server/src/storage/index.js';
import { joinLateLabels } from '../packages/server/src/ingest/late-label-job.js';
import { eventRecord } from '../packages/server/test/helpers/event-record.js';
import { postgresCluster } from '../packages/server/test/helpers/postgres-cluster.js';

const N = Number(process.argv[2] ?? 200_000);
const kinds = (process.argv[3] ?? 'sqlite,postgres').split(',');
const T = Date.UTC(2026, 10, 27, 10);

const event = (i: number): EventRecord =>
  eventRecord(
    {
      model: 'm',
      endpoint: 'POST /p',
      latencyMs: 3,
      modelType: 'classification',
      prediction: i % 2 ? 'yes' : 'no',
      requestId: `r${i}`,
      features: { a: i % 7, b: 'x' },
      timestamp: T - 3_600_000 + i,
    },
    T,
  );
const label = (requestId: string): LabelRecord => ({
  model: 'm',
  requestId,
  label: '"yes"',
  timestampMs: T,
  receivedAtMs: T,
  isMatched: false,
});

async function timed<R>(fn: () => Promise<R>): Promise<{ ms: number; maxLoopDelayMs: number; result: R }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t = performance.now();
  const result = await fn();
  const ms = Math.round(performance.now() - t);
  h.disable();
  return { ms, maxLoopDelayMs: Math.round(h.max / 1e6), result };
}

const out: Record<string, unknown> = { events: N };
for (const kind of kinds) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-late-bench-'));
  const store = await openStore({
    dataDir,
    sync: 'normal',
    busyTimeoutMs: 5000,
    databaseUrl: kind === 'postgres' ? await (await postgresCluster()).createDatabase() : undefined,
  });
  await store.events.appendLabels(Array.from({ length: 10_000 }, (_, i) => label(`never-${i}`)));
  await store.events.appendLabels(Array.from({ length: 1000 }, (_, i) => label(`r${i * Math.floor(N / 1000)}`)));
  const first = await timed(() => joinLateLabels(store, T));
  for (let i = 0; i < N; i += 1000)
    await store.events.appendEvents(Array.from({ length: 1000 }, (_, k) => event(i + k)));
  const big = await timed(() => joinLateLabels(store, T));
  for (let i = N; i < N + 10_000; i += 1000)
    await store.events.appendEvents(Array.from({ length: 1000 }, (_, k) => event(i + k)));
  const small = await timed(() => joinLateLabels(store, T));
  const idle = await timed(() => joinLateLabels(store, T));
  out[kind] = {
    newLabelsLookedUp: { ...first.result, ms: first.ms },
    afterEvents: { ...big.result, ms: big.ms, maxLoopDelayMs: big.maxLoopDelayMs },
    after10kUnrelatedEvents: { ...small.result, ms: small.ms },
    idle: { ms: idle.ms },
  };
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
process.exit(0);
