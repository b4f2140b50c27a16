import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30, 30);
let s: TestServer;
before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

async function ingest(events: object[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events: events.slice(i, i + 1000) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
}

test('timeseries and model summaries match what was ingested', async () => {
  const model = `m-${randomUUID().slice(0, 8)}`;
  const events: object[] = [];
  const latencies: number[] = [];
  // 3 hours of calls, 20 a minute, on two endpoints; every 10th call fails on /b.
  for (let m = 0; m < 180; m++) {
    for (let k = 0; k < 20; k++) {
      const endpoint = k % 2 === 0 ? 'POST /a' : 'POST /b';
      const failed = endpoint === 'POST /b' && k % 10 === 1;
      const latencyMs = 10 + ((m * 20 + k) % 97);
      latencies.push(latencyMs);
      events.push({
        model,
        modelType: 'llm',
        endpoint,
        timestamp: NOW - (180 - m) * 60_000,
        latencyMs,
        costUsd: 0.001,
        status: failed ? 'error' : 'ok',
        ...(failed ? { errorType: 'Timeout' } : {}),
        llm: { inputTokens: 10, outputTokens: 5 },
      });
    }
  }
  await ingest(events);

  const q = `model=${model}&from=${NOW - 180 * 60_000}&to=${NOW}&step=1h&metric=calls,errorRate,latency.p50,latency.p99,costPerCall,tokens`;
  const res = await s.vigil.app.inject({ url: `/api/v1/metrics/timeseries?${q}`, headers: s.auth });
  assert.equal(res.statusCode, 200, res.body);
  const ts = res.json();
  assert.equal(ts.step, 3_600_000);
  const byMetric = Object.fromEntries(
    ts.series.map((x: { metric: string; points: Array<[number, number]> }) => [x.metric, x.points]),
  );
  const totalCalls = byMetric.calls.reduce((a: number, p: [number, number]) => a + p[1], 0);
  assert.equal(totalCalls, 3600);
  const totalTokens = byMetric.tokens.reduce((a: number, p: [number, number]) => a + p[1], 0);
  assert.equal(totalTokens, 3600 * 15);
  for (const [, rate] of byMetric.errorRate) if (rate !== null) assert.ok(Math.abs(rate - 0.1) < 0.02);
  for (const [, c] of byMetric.costPerCall) if (c !== null) assert.ok(Math.abs(c - 0.001) < 1e-12);

  // The whole 3 h in one bucket: quantiles within the sketch's 1% of the exact values.
  const whole = await s.vigil.app.inject({
    url: `/api/v1/metrics/timeseries?model=${model}&from=${NOW - 3 * 3_600_000}&to=${NOW}&step=1d&metric=latency.p50,latency.p95,latency.p99,errorRate`,
    headers: s.auth,
  });
  const w = whole.json();
  const sorted = [...latencies].sort((a, b) => a - b);
  for (const [metric, q2] of [
    ['latency.p50', 0.5],
    ['latency.p95', 0.95],
    ['latency.p99', 0.99],
  ] as const) {
    const exact = sorted[Math.floor(q2 * (sorted.length - 1))]!;
    const got = w.series
      .find((x: { metric: string }) => x.metric === metric)
      .points.find((p: [number, number | null]) => p[1] !== null)[1];
    assert.ok(Math.abs(got - exact) / exact <= 0.0101, `${metric}: ${got} vs ${exact}`);
  }
  const errTotal = w.series
    .find((x: { metric: string }) => x.metric === 'errorRate')
    .points.find((p: [number, number | null]) => p[1] !== null)[1];
  assert.equal(errTotal, (180 * 2) / 3600);

  const grouped = await s.vigil.app.inject({
    url: `/api/v1/metrics/timeseries?model=${model}&from=${NOW - 180 * 60_000}&to=${NOW}&step=1h&metric=errorRate&groupBy=endpoint`,
    headers: s.auth,
  });
  const g = grouped.json();
  assert.deepEqual(
    g.series.map((x: { endpoint: string }) => x.endpoint),
    ['POST /a', 'POST /b'],
  );
  assert.ok(g.series[0].points.every((p: [number, number | null]) => p[1] === null || p[1] === 0));
  assert.ok(g.series[1].points.some((p: [number, number | null]) => p[1] !== null && Math.abs(p[1] - 0.2) < 1e-9));

  const models = await s.vigil.app.inject({ url: '/api/v1/models?window=1h', headers: s.auth });
  const summary = models.json().models.find((x: { model: string }) => x.model === model);
  assert.equal(summary.modelType, 'llm');
  assert.deepEqual(summary.endpoints.sort(), ['POST /a', 'POST /b']);
  // The window holds the minute cells from 11:31 to 12:30 (the current one); the data ends at 12:29.
  assert.equal(summary.health.calls, 59 * 20);
  assert.ok(
    Math.abs(summary.health.callsPerMinute - (59 * 20) / ((NOW - Date.UTC(2026, 10, 27, 11, 31)) / 60_000)) < 1e-9,
  );
  assert.ok(Math.abs(summary.health.errorRate - 0.1) < 1e-9);
  assert.equal(summary.health.inputTokens, 59 * 20 * 10);
});

test('hour and day rollups equal the sum of their minutes', async () => {
  const model = `m-${randomUUID().slice(0, 8)}`;
  const events = Array.from({ length: 600 }, (_, i) => ({ model, timestamp: NOW - i * 20_000, latencyMs: i % 50 }));
  await ingest(events);
  const sumOf = async (step: string) => {
    const r = await s.vigil.app.inject({
      url: `/api/v1/metrics/timeseries?model=${model}&from=${NOW - 2 * 86_400_000}&to=${NOW + 1}&step=${step}&metric=calls`,
      headers: s.auth,
    });
    return r.json().series[0].points.reduce((a: number, p: [number, number]) => a + p[1], 0);
  };
  assert.equal(await sumOf('1h'), 600);
  assert.equal(await sumOf('1d'), 600);
  const r = await s.vigil.app.inject({
    url: `/api/v1/metrics/timeseries?model=${model}&from=${NOW - 3_600_000}&to=${NOW + 1}&step=1m&metric=calls`,
    headers: s.auth,
  });
  // The range is aligned down to whole minutes, so it starts at 11:30:00 and holds i = 0…181.
  assert.equal(
    r.json().series[0].points.reduce((a: number, p: [number, number]) => a + p[1], 0),
    182,
  );
});

test('missing history is a gap, never 0: a segment that appeared an hour ago, a model first seen 3 h ago', async () => {
  const now = Date.UTC(2026, 10, 27, 15, 0);
  const s = await startTestServer({ now: () => now });
  try {
    const model = `gap-${randomUUID().slice(0, 8)}`;
    const events = [];
    // Calls from 12:00; the tag store=new only from 14:00; nothing at all between 13:00 and 13:30.
    for (let t = now - 3 * 3_600_000; t < now; t += 60_000) {
      if (t >= now - 2 * 3_600_000 && t < now - 90 * 60_000) continue;
      events.push({
        model,
        endpoint: 'POST /x',
        timestamp: t,
        latencyMs: 10,
        tags: t >= now - 3_600_000 ? { store: 'new' } : {},
      });
    }
    const ingest = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events },
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
    await s.vigil.pipeline.flush();
    const series = async (extra: string) => {
      const res = await s.vigil.app.inject({
        url: `/api/v1/metrics/timeseries?model=${model}&metric=callsPerMinute&from=${now - 6 * 3_600_000}&to=${now}&step=30m${extra}`,
        headers: s.auth,
      });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().series[0].points as Array<[number, number | null]>).map(([, v]) => v);
    };
    const all = await series('');
    // 09:00–12:00: before the first call → null; 13:00–13:30 had no calls while the model existed → 0.
    assert.deepEqual(all.slice(0, 6), [null, null, null, null, null, null]);
    assert.equal(all[6], 1);
    assert.equal(all[8], 0, 'a quiet half hour of a live model is a true zero');
    assert.equal(all[11], 1);
    const segment = await series('&segment=store%3Dnew');
    assert.deepEqual(segment.slice(0, 10), new Array(10).fill(null), 'no history before the segment existed');
    assert.deepEqual(segment.slice(10), [1, 1]);
  } finally {
    await s.close();
  }
});
