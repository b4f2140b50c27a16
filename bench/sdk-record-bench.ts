/**
 * Cost of Vigil.record() per call, against a baseline measured in the same run.
 *
 *   node --import tsx bench/sdk-record-bench.ts [calls=1000000]
 *
 * Prints one JSON line: {p50Ns, p99Ns, meanNs, baselineMeanNs, …}. meanNs is total time / N with no
 * timer inside the loop; p50/p99 come from timing every call of a sample with process.hrtime.bigint,
 * which adds the timer's own cost (reported as timerOverheadNs, measured on an empty interval).
 * Calls run in chunks of 5,000 with the queue drained to a loopback sink between chunks, so every
 * measured call takes the normal path (never the queue-full one) and the timed loop does no I/O.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Vigil } from '../packages/sdk/src/index.js';

const CALLS = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 5_000;
const SAMPLE_EVERY = 1; // time every call in the sampled pass

// A sink that accepts everything; only there so flush() empties the queue between chunks.
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":0,"rejected":[],"requestIds":[]}'),
  );
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
const vigil = new Vigil({ url, batchSize: 1000, flushIntervalMs: 60_000, maxQueueSize: CHUNK * 2, onError: () => {} });

const event = {
  model: 'drink-recommender',
  endpoint: 'POST /recommend',
  latencyMs: 12.3,
  prediction: { label: 'latte', score: 0.8 },
  features: { temperature: 21.5, hour: 9, store: 'soho', loyalty: true },
};
const sinkArray: unknown[] = [];
function noop(_e: unknown): string {
  return '';
}
const candidates = {
  record: () => vigil.record(event),
  emptyCall: () => noop(event),
  arrayPush: () => sinkArray.push(event),
};
type Name = keyof typeof candidates;

async function drain(): Promise<void> {
  sinkArray.length = 0;
  await vigil.flush();
}

/** Total time of N calls, no timer inside the loop. */
async function measureMean(name: Name): Promise<number> {
  const fn = candidates[name];
  let total = 0n;
  for (let done = 0; done < CALLS; done += CHUNK) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CHUNK; i++) fn();
    total += process.hrtime.bigint() - t0;
    await drain();
  }
  return Number(total) / CALLS;
}

/** Every call timed on its own; returns sorted durations in ns. */
async function measureEach(name: Name): Promise<Float64Array> {
  const fn = candidates[name];
  const samples = new Float64Array(Math.ceil(CALLS / SAMPLE_EVERY));
  let k = 0;
  for (let done = 0; done < CALLS; done += CHUNK) {
    for (let i = 0; i < CHUNK; i++) {
      const t0 = process.hrtime.bigint();
      fn();
      samples[k++] = Number(process.hrtime.bigint() - t0);
    }
    await drain();
  }
  return samples.subarray(0, k).sort();
}

function timerOverheadNs(): number {
  const n = 200_000;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    d[i] = Number(process.hrtime.bigint() - t0);
  }
  return d.sort()[n >> 1];
}

const pct = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Warm-up so every candidate is optimised before it is measured.
for (const name of Object.keys(candidates) as Name[])
  for (let r = 0; r < 20; r++) {
    for (let i = 0; i < CHUNK; i++) candidates[name]();
    await drain();
  }

const recordMean = await measureMean('record');
const recordEach = await measureEach('record');
const emptyMean = await measureMean('emptyCall');
const emptyEach = await measureEach('emptyCall');
const pushMean = await measureMean('arrayPush');
const overhead = timerOverheadNs();
const stats = vigil.stats();
await vigil.shutdown();
sink.close();

const round = (x: number): number => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'sdk-record',
    calls: CALLS,
    p50Ns: round(pct(recordEach, 0.5)),
    p99Ns: round(pct(recordEach, 0.99)),
    p999Ns: round(pct(recordEach, 0.999)),
    meanNs: round(recordMean),
    baselineMeanNs: round(emptyMean),
    baselineP50Ns: round(pct(emptyEach, 0.5)),
    baselineP99Ns: round(pct(emptyEach, 0.99)),
    arrayPushMeanNs: round(pushMean),
    timerOverheadNs: overhead,
    sent: stats.sent,
    dropped: stats.dropped,
    node: process.version,
  }),
);
