/**
 * Ingest throughput against a bare Fastify echo server measured in the same run, load from wrk (bench/wrk.ts):
 * three rounds of echo single, Vigil single and Vigil 100-event batches, 5 s each, then echo batches, Vigil
 * batches whose events carry their own requestIds, and LLM events with personal data without and with a masking
 * policy (cost per event of personal-data masking), and batches naming data subjects (cost of the subject
 * index). Prints one JSON object; bench/run.ts records it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop } from '../process.js';
import { assertWrkInstalled, wrk, type WrkResult } from '../wrk.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KEY = 'bench-admin-key-0123456789abcdef';

/** An event as the SDK sends it by default: no requestId, so Vigil assigns one. */
function event(i: number) {
  return {
    model: 'bench-model',
    modelType: 'classification',
    endpoint: 'POST /v1/recommend',
    latencyMs: 5 + (i % 40),
    costUsd: 0.0001,
    features: {
      hour: i % 24,
      weather: ['sunny', 'rain', 'snow'][i % 3],
      store: `s${i % 50}`,
      loyalty: 'gold',
      basket: i % 7,
      temp: 12.5,
      promo: i % 2 === 0,
      age: 30 + (i % 40),
      visits: i % 13,
      channel: 'app',
    },
    prediction: { label: 'latte', score: 0.8 },
    tags: { region: 'eu' },
  };
}

/** `uniqueIds`: each `[<id>]` in the body becomes an id of its own per request. */
function cannon(url: string, body: string, connections: number, auth = true, uniqueIds = false): Promise<WrkResult> {
  return wrk({
    url: `${url}/api/v1/events`,
    body,
    connections,
    durationS: DURATION_S,
    headers: auth ? { authorization: `Bearer ${KEY}` } : {},
    uniqueIds,
  });
}

const single = JSON.stringify({ events: [event(1)] });
const batch = JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => event(i)) });
// The same batch with a requestId on every event, unique across requests: those ids are indexed.
const batchWithIds = JSON.stringify({
  events: Array.from({ length: 100 }, (_, i) => ({ requestId: `[<id>]-${i}`, ...event(i) })),
});

// The same batch about data subjects (GDPR): every event names one of ten customers per request, so the store
// indexes it for export and erasure (docs/gdpr.md).
const batchWithSubjects = JSON.stringify({
  events: Array.from({ length: 100 }, (_, i) => ({ subjectId: `cust-[<id>]-${i % 10}`, ...event(i) })),
});

/** An LLM event with personal data in its features and text, as a support assistant would send it. */
function piiEvent(i: number) {
  return {
    ...event(i),
    modelType: 'llm',
    features: {
      ...event(i).features,
      email: `customer${i}@example.com`,
      phone: `(415) 555-01${String(i % 100).padStart(2, '0')}`,
      note: `Order ORD-2026-${String(i).padStart(6, '0')} shipped at 10:30:00 with agent v2.14.${i % 9}`,
    },
    llm: {
      inputTokens: 120,
      outputTokens: 80,
      prompt: `Customer customer${i}@example.com (from 203.0.113.${i % 250}) asks when store ${i % 50} opens and whether the seasonal menu has oat milk.`,
      response: `Store ${i % 50} opens at 7am. You can also call (415) 555-01${String(i % 100).padStart(2, '0')} for the seasonal menu.`,
    },
  };
}
const piiBatch = JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => piiEvent(i)) });

assertWrkInstalled();
const echo = await start(['--import', 'tsx', join(ROOT, 'bench/ingest/echo-server.ts')], {});
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const vigil = await start([join(ROOT, 'packages/server/bin/vigil.js'), 'serve', '--port', '0', '--log-level', 'warn'], {
  VIGIL_ADMIN_KEY: KEY,
  VIGIL_DATA_DIR: dataDir,
  VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0',
  // Capacity is measured: the per-key request limit (a guard against one runaway client) is off.
  VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '0',
});
// The host is shared and its speed drifts over a minute, so each Vigil figure is paired with the echo run
// just before it, in rounds, and the medians of the rounds are reported (every round is kept too).
const rounds: Array<{ echoSingle: WrkResult; vigilSingle: WrkResult; vigilBatch: WrkResult }> = [];
for (let r = 0; r < ROUNDS; r++) {
  const echoSingle = await cannon(echo.url, single, 32, false);
  const vigilSingle = await cannon(vigil.url, single, 32);
  const vigilBatch = await cannon(vigil.url, batch, 16);
  rounds.push({ echoSingle, vigilSingle, vigilBatch });
}
const echoBatch = await cannon(echo.url, batch, 16, false);
// The subject index's cost per event: the plain batch and the batch with subject ids, back to back.
const subjectsOff = await cannon(vigil.url, batch, 16);
const subjectsOn = await cannon(vigil.url, batchWithSubjects, 16, true, true);
// Personal-data masking: the same 100 events carrying an e-mail, a phone number, a note and LLM text, first
// under the built-in default (card numbers only), then with every kind masked in features, tags and LLM text.
const piiOff = await cannon(vigil.url, piiBatch, 16);
const put = await fetch(`${vigil.url}/api/v1/privacy/pii-policies/default`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    actions: { email: 'mask', phone: 'mask', ssn: 'mask', iban: 'mask', ip: 'mask', card: 'mask' },
    fields: { features: true, tags: true, llmText: true },
  }),
});
if (!put.ok) throw new Error(`PUT default policy: ${put.status} ${await put.text()}`);
const piiOn = await cannon(vigil.url, piiBatch, 16);
const vigilBatchWithIds = await cannon(vigil.url, batchWithIds, 16, true, true);
// The longest write transactions Vigil holds (they bound the busy_timeout other writers need): the
// rollup flush, from Vigil's own histogram, and the batch commit inside the batch request latency.
const metrics = await (await fetch(`${vigil.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
const flushBuckets = [...metrics.matchAll(/vigil_rollup_flush_seconds_bucket\{le="([^"]+)"\} (\d+)/g)].map(
  (m) => [m[1]!, Number(m[2])] as const,
);
const flushCount = Number(/vigil_rollup_flush_seconds_count (\d+)/.exec(metrics)?.[1] ?? 0);
const flushP99Le = flushBuckets.find(([, n]) => n >= flushCount * 0.99)?.[0] ?? 'unknown';
const flushMaxLe = flushBuckets.find(([, n]) => n >= flushCount)?.[0] ?? 'unknown';
await stop(vigil.child);
await stop(echo.child);
rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perRound = rounds.map((r) => ({
  echoSingleReqPerS: Math.round(r.echoSingle.requestsPerS),
  vigilSingleReqPerS: Math.round(r.vigilSingle.requestsPerS),
  singleRatio: +(r.vigilSingle.requestsPerS / r.echoSingle.requestsPerS).toFixed(3),
  vigilBatchEventsPerS: Math.round(r.vigilBatch.requestsPerS * 100),
  batchEventsPerSOverEchoSingleReqPerS: +((r.vigilBatch.requestsPerS * 100) / r.echoSingle.requestsPerS).toFixed(2),
}));
const all = [
  ...rounds.flatMap((r) => [r.vigilSingle, r.vigilBatch]),
  vigilBatchWithIds,
  subjectsOff,
  subjectsOn,
  piiOff,
  piiOn,
];
const piiOffEventsPerS = piiOff.requestsPerS * 100;
const piiOnEventsPerS = piiOn.requestsPerS * 100;
const result = {
  loadGenerator: 'wrk',
  durationS: DURATION_S,
  rounds: ROUNDS,
  echoSingleReqPerS: median(perRound.map((r) => r.echoSingleReqPerS)),
  vigilSingleReqPerS: median(perRound.map((r) => r.vigilSingleReqPerS)),
  singleRatio: median(perRound.map((r) => r.singleRatio)),
  vigilSingleLatencyMs: {
    p50: median(rounds.map((r) => r.vigilSingle.latencyMs.p50)),
    p99: median(rounds.map((r) => r.vigilSingle.latencyMs.p99)),
  },
  vigilBatchEventsPerS: median(perRound.map((r) => r.vigilBatchEventsPerS)),
  batchEventsPerSOverEchoSingleReqPerS: median(perRound.map((r) => r.batchEventsPerSOverEchoSingleReqPerS)),
  vigilBatchLatencyMs: {
    p50: median(rounds.map((r) => r.vigilBatch.latencyMs.p50)),
    p99: median(rounds.map((r) => r.vigilBatch.latencyMs.p99)),
  },
  echoBatchReqPerS: Math.round(echoBatch.requestsPerS),
  vigilBatchWithRequestIdsEventsPerS: Math.round(vigilBatchWithIds.requestsPerS * 100),
  vigilBatchWithRequestIdsLatencyMs: { p50: vigilBatchWithIds.latencyMs.p50, p99: vigilBatchWithIds.latencyMs.p99 },
  subjectIndex: {
    offEventsPerS: Math.round(subjectsOff.requestsPerS * 100),
    onEventsPerS: Math.round(subjectsOn.requestsPerS * 100),
    costPerEventUs: +(1e6 / (subjectsOn.requestsPerS * 100) - 1e6 / (subjectsOff.requestsPerS * 100)).toFixed(1),
  },
  // Detection and masking cost per event: the difference of the time per event with and without the policy.
  piiMasking: {
    offEventsPerS: Math.round(piiOffEventsPerS),
    onEventsPerS: Math.round(piiOnEventsPerS),
    costPerEventUs: +(1e6 / piiOnEventsPerS - 1e6 / piiOffEventsPerS).toFixed(1),
    onLatencyMs: { p50: piiOn.latencyMs.p50, p99: piiOn.latencyMs.p99 },
  },
  perRound,
  rollupFlushes: { count: flushCount, p99AtMostS: flushP99Le, maxAtMostS: flushMaxLe },
  non2xx: all.reduce((n, c) => n + c.non2xx, 0),
  errors: all.reduce((n, c) => n + c.errors, 0),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
