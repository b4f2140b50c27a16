// Service benchmark: one evaluation round of 10,000 rules over 100 models (5 endpoints each) against a real
// SQLite store holding rollups for them, through the production path (RollupMetricSource → evaluateRules →
// AlertStateTracker → NotificationGrouper → IncidentManager), beside the pure baseline (the same rules with an
// in-memory metric source, no storage). Raw events at the deck's 10,000 calls/min cover the last minutes, so a
// round also reads the partial minutes at its windows' edges from them (window-edges.ts), as the server does.
// Prints JSON: median ms per round, the ratio, and where the time goes.
// Run: node --import tsx bench/alerting-service-bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HOUR_MS,
  HealthCell,
  MINUTE_MS,
  bucketStart,
  type CellDelta,
} from '../packages/server/src/analysis/api-health/index.js';
import {
  AlertStateTracker,
  NotificationGrouper,
  createInMemoryMetricSource,
  evaluateRules,
  planEvaluation,
  type AlertRule,
} from '../packages/server/src/alerting/index.js';
import {
  RollupMetricSource,
  createAlertingService,
  createDeliveryDispatcher,
  type AlertingService,
} from '../packages/server/src/alerting/index.js';
import { createIncidentService } from '../packages/server/src/incidents/index.js';
import { openStore, type Store } from '../packages/server/src/storage/index.js';

const MODELS = 100;
const RULES_PER_MODEL = 100;
const ENDPOINTS = ['/score', '/predict', '/chat', '/embed', '/classify'];
const ROUNDS = 7;
const STEP_MS = 30_000;
const METRICS = [
  'latency.p95',
  'errorRate',
  'calls',
  'costPerCall',
  'tokens',
  'latency.p99',
  'callsPerMinute',
  'errors',
];

function makeRules(): AlertRule[] {
  const rules: AlertRule[] = [];
  for (let m = 0; m < MODELS; m++) {
    for (let r = 0; r < RULES_PER_MODEL; r++) {
      const base = {
        id: `m${m}-r${r}`,
        name: `rule ${r}`,
        area: 'API Performance',
        severity: 'warning',
        runbook: 'https://runbooks.example',
      } as const;
      const scope = { model: `model-${m}`, endpoint: ENDPOINTS[r % ENDPOINTS.length] };
      const metric = METRICS[r % METRICS.length]!;
      const kind = r % 10;
      if (kind < 6)
        rules.push({ ...base, kind: 'threshold', metric, comparator: '>', value: 50 + r * 10, for: '5m', scope });
      else if (kind < 8)
        rules.push({
          ...base,
          kind: 'relative_change',
          metric,
          offset: r % 2 ? '1d' : '1w',
          comparator: '>',
          changePercent: 30,
          scope,
        });
      else if (kind < 9) rules.push({ ...base, kind: 'absence', window: '15m', scope });
      else rules.push({ ...base, kind: 'slo_burn', errorRatioMetric: 'errorRate', objectivePercent: 99.9, scope });
    }
  }
  return rules;
}

/** One synthetic minute of traffic on an endpoint: 20 calls with spread latencies, one failure in ten minutes. */
function syntheticCell(seed: number): HealthCell {
  const c = new HealthCell();
  for (let k = 0; k < 20; k++) {
    c.add({
      model: '',
      endpoint: '',
      timestampMs: 0,
      isError: (seed + k) % 200 === 0,
      errorType: 'timeout',
      latencyMs: 20 + ((seed * 7 + k * 13) % 180),
      costUsd: 0.0001,
      inputTokens: 10,
      outputTokens: 5,
      ttftMs: null,
    });
  }
  return c;
}

async function writeRollups(store: Store, now: number): Promise<number> {
  // Minute cells where the rules look (the last 7 h, and 1 d / 1 w back for relative change); hour cells for 8 days.
  const minuteRanges: Array<[number, number]> = [
    [now - 7 * HOUR_MS, now],
    [now - 24 * HOUR_MS - 2 * HOUR_MS, now - 24 * HOUR_MS + HOUR_MS],
    [now - 168 * HOUR_MS - 2 * HOUR_MS, now - 168 * HOUR_MS + HOUR_MS],
  ];
  const templates = Array.from({ length: 16 }, (_, i) => syntheticCell(i));
  let cells = 0;
  for (let m = 0; m < MODELS; m++) {
    const deltas: CellDelta[] = [];
    for (const [e, endpoint] of ENDPOINTS.entries()) {
      for (const [from, to] of minuteRanges) {
        for (let b = bucketStart(from, MINUTE_MS); b < to; b += MINUTE_MS)
          deltas.push({
            level: MINUTE_MS,
            model: `model-${m}`,
            endpoint,
            bucketStart: b,
            cell: templates[(m + e + b / MINUTE_MS) % 16]!,
          });
      }
      for (let b = bucketStart(now - 8 * 24 * HOUR_MS, HOUR_MS); b < now; b += HOUR_MS)
        deltas.push({ level: HOUR_MS, model: `model-${m}`, endpoint, bucketStart: b, cell: templates[(m + e) % 16]! });
    }
    cells += deltas.length;
    await store.rollups.commitFlush({ cells: deltas, sightings: [], watermark: 0 });
  }
  return cells;
}

/** Raw events at 10,000 calls/min spread over the models and endpoints, for [from, to). */
async function writeRawEvents(store: Store, from: number, to: number): Promise<number> {
  const step = MINUTE_MS / 10_000;
  let n = 0;
  let batch: Parameters<typeof store.events.appendEvents>[0] = [];
  for (let ts = from; ts < to; ts += step, n++) {
    const model = `model-${n % MODELS}`;
    const endpoint = ENDPOINTS[Math.floor(n / MODELS) % ENDPOINTS.length]!;
    const latencyMs = 20 + ((n * 7) % 180);
    batch.push({
      model,
      requestId: null,
      timestampMs: Math.floor(ts),
      receivedAtMs: Math.floor(ts),
      endpoint,
      status: n % 200 === 0 ? 'error' : 'ok',
      errorType: n % 200 === 0 ? 'timeout' : null,
      latencyMs,
      costUsd: 0.0001,
      inputTokens: 10,
      outputTokens: 5,
      ttftMs: null,
      modelType: null,
      modelVersion: null,
      priceVersion: null,
      event: { model, endpoint, latencyMs },
    });
    if (batch.length === 1000) {
      await store.events.appendEvents(batch);
      batch = [];
    }
  }
  if (batch.length) await store.events.appendEvents(batch);
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-alert-bench-'));
  const store = await openStore({ dataDir: dir, sync: 'normal', busyTimeoutMs: 5000 });
  try {
    const now0 = bucketStart(Date.now(), MINUTE_MS) + 17_000; // mid-minute, as a live round usually is
    const t0 = performance.now();
    const cells = await writeRollups(store, now0 + ROUNDS * STEP_MS);
    const writeMs = performance.now() - t0;
    const rawEvents = await writeRawEvents(store, now0 - 10 * MINUTE_MS, now0 + ROUNDS * STEP_MS);
    const rules = makeRules();
    for (const r of rules) await store.alerting.putRule(r, 'api', now0);

    // Production path: the service's scheduler over the SQLite store.
    let clock = now0;
    const now = () => clock;
    const dispatcher = createDeliveryDispatcher(store.alerting, { now });
    let service: AlertingService | undefined;
    const incidentService = createIncidentService({ store, now, dispatcher, rounds: () => service!.scheduler });
    service = createAlertingService({
      store,
      now,
      config: { intervalMs: 0 },
      dispatcher,
      incidents: incidentService.manager,
      digest: incidentService.digest,
    });
    const service_ms: number[] = [];
    const fetch_ms: number[] = [];
    const edges_ms: number[] = [];
    let last = null;
    const source = new RollupMetricSource(store.rollups);
    const withEdges = new RollupMetricSource(store.rollups, null, null, {
      events: store.events,
      retentionMs: 30 * 24 * HOUR_MS,
    });
    for (let i = 0; i < ROUNDS; i++) {
      clock = now0 + i * STEP_MS;
      const s0 = performance.now();
      last = await service.scheduler.evaluateOnce(clock);
      service_ms.push(performance.now() - s0);
      const plan = planEvaluation(rules, clock);
      const f0 = performance.now();
      await source.fetchMany(plan.queries);
      fetch_ms.push(performance.now() - f0);
      const e0 = performance.now();
      await withEdges.fetchMany(plan.queries);
      edges_ms.push(performance.now() - e0);
    }
    const queries = planEvaluation(rules, now0).queries.length;

    // Baseline: the pure engine with an in-memory source (no storage, no incidents).
    const mem = createInMemoryMetricSource((q) =>
      q.metric === 'calls' ? 20 : q.metric.startsWith('latency') ? 120 : 0.01,
    );
    const tracker = new AlertStateTracker();
    const grouper = new NotificationGrouper();
    const baseline_ms: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const now = now0 + i * STEP_MS;
      const b0 = performance.now();
      tracker.apply(await evaluateRules(rules, mem, now), now);
      grouper.ingest(tracker.listNotifiable(), now);
      grouper.flush(now);
      baseline_ms.push(performance.now() - b0);
    }
    // Skip the first (cold) round of each.
    const serviceMedian = median(service_ms.slice(1));
    const baseline = median(baseline_ms.slice(1));
    const incidents = (await store.alerting.listIncidents({ limit: 100_000 })).length;
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'alerting-service',
          rules: rules.length,
          models: MODELS,
          endpointsPerModel: ENDPOINTS.length,
          distinctQueries: queries,
          rollupCells: cells,
          rollupWriteMs: Math.round(writeMs),
          rounds: ROUNDS,
          serviceRoundMs: {
            median: Number(serviceMedian.toFixed(1)),
            first: Number(service_ms[0]!.toFixed(1)),
            all: service_ms.map((x) => Number(x.toFixed(1))),
          },
          rawEventsStored: rawEvents,
          metricFetchMs: {
            minuteResolution: Number(median(fetch_ms.slice(1)).toFixed(1)),
            exactWindows: Number(median(edges_ms.slice(1)).toFixed(1)),
          },
          baselinePureRoundMs: {
            median: Number(baseline.toFixed(1)),
            all: baseline_ms.map((x) => Number(x.toFixed(1))),
          },
          ratioServiceToBaseline: Number((serviceMedian / baseline).toFixed(1)),
          evaluationIntervalMs: STEP_MS,
          fractionOfInterval: Number((serviceMedian / STEP_MS).toFixed(4)),
          lastRound: last,
          incidentsOpened: incidents,
          node: process.version,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
