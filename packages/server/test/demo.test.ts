import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { Vigil } from '@vigil/sdk';
import { DAY_MS, HOUR_MS, MINUTE_MS, bucketStart } from '../src/analysis/api-health/index.js';
import {
  backfillDemoHistory,
  createSimulatorKey,
  DemoSimulator,
  listDemoModels,
  prepareCoffeeDemo,
  TrafficModel,
} from '../src/demo/index.js';
import { startTestServer } from './helpers/test-server.js';

const EXPECTED_TYPES = {
  'drink-recommender': 'classification',
  'demand-forecaster': 'regression',
  'barista-assistant': 'llm',
  'latte-art-checker': 'vision',
};

test('backfill writes minute, hour and day rollups whose calls equal the traffic model exactly, once', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const traffic = new TrafficModel({ seed: randomInt(1e9), ratePerMinute: 10_000 });
  const endMs = Date.now();
  const watermark = (await server.vigil.store.rollups.watermarks()).rollups;

  const result = await backfillDemoHistory(server.vigil.store, traffic, { days: 3, endMs });
  t.diagnostic(`3 days: ${result.totalCalls} calls, ${result.cells} cells in ${result.durationMs.toFixed(0)} ms`);
  assert.equal(result.skipped, false);
  assert.equal(
    (await server.vigil.store.rollups.watermarks()).rollups,
    watermark,
    'the backfill leaves the watermark alone',
  );

  for (const [index, ep] of traffic.endpoints.entries()) {
    let expected = 0;
    for (let m = result.fromMs; m < result.toMs; m += MINUTE_MS) expected += traffic.callsInMinute(index, m);
    assert.equal(result.calls.get(`${ep.model}\u0000${ep.endpoint}`), expected);
    for (const level of [MINUTE_MS, HOUR_MS, DAY_MS] as const) {
      const cells = await server.vigil.store.rollups.readCells({
        level,
        fromMs: result.fromMs - DAY_MS,
        toMs: result.toMs + DAY_MS,
        model: ep.model,
        endpoint: ep.endpoint,
      });
      assert.equal(
        cells.reduce((a, c) => a + c.cell.calls, 0),
        expected,
        `${ep.endpoint} at level ${level}`,
      );
      const day = cells.find((c) => c.cell.calls > 0)!.cell;
      assert.ok(
        day.latency.count > 0 && day.latency.quantile(0.95)! > day.latency.quantile(0.5)!,
        'latencies are spread',
      );
    }
  }
  const again = await backfillDemoHistory(server.vigil.store, traffic, { days: 3, endMs: endMs + 60_000 });
  assert.equal(again.skipped, true, 'a restart does not backfill twice');

  const res = await server.vigil.app.inject({ method: 'GET', url: '/api/v1/models', headers: server.auth });
  const models = (res.json() as { models: Array<{ model: string; modelType: string }> }).models;
  assert.deepEqual(Object.fromEntries(models.map((m) => [m.model, m.modelType])), EXPECTED_TYPES);
});

test('the simulator sends through the SDK: exact calls per minute, a forced incident raises p95, labels arrive', async (t) => {
  const server = await startTestServer({ listen: true });
  t.after(() => server.close());
  const apiKey = await createSimulatorKey(server.vigil.store.keys, Date.now());
  const clients = Object.fromEntries(
    listDemoModels().map((m) => [
      m.model,
      new Vigil({ url: server.url, apiKey, batchSize: 1000, maxQueueSize: 100_000, onError: () => {} }),
    ]),
  );
  t.after(() => Promise.all(Object.values(clients).map((c) => c.shutdown())));
  const traffic = new TrafficModel({
    seed: randomInt(1e9),
    ratePerMinute: 12_000,
    dailyCycle: false,
    naturalIncidents: false,
  });
  const sim = new DemoSimulator({ traffic, clients });
  const latte = traffic.endpoints.findIndex((e) => e.model === 'latte-art-checker');
  const m0 = bucketStart(Date.now() - 20 * MINUTE_MS, MINUTE_MS);
  traffic.addIncident({
    kind: 'latency',
    endpointIndex: latte,
    startMs: m0 + MINUTE_MS,
    endMs: m0 + 2 * MINUTE_MS,
    latencyFactor: 5,
    errorRate: 0,
  });

  const started = performance.now();
  const sent = await sim.replay(m0, m0 + 2 * MINUTE_MS);
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(
    `replayed ${sent} events in ${seconds.toFixed(1)} s: ${Math.round(sent / seconds)} events/s (${Math.round((sent / seconds) * 60)} calls/min)`,
  );
  await server.vigil.pipeline.flush();
  const delivered = Object.values(clients).reduce((a, c) => a + c.stats().sent, 0);
  assert.equal(delivered, sent, 'every event was accepted');

  const res = await server.vigil.app.inject({ method: 'GET', url: '/api/v1/models', headers: server.auth });
  const models = (res.json() as { models: Array<{ model: string; modelType: string }> }).models;
  assert.deepEqual(Object.fromEntries(models.map((m) => [m.model, m.modelType])), EXPECTED_TYPES);

  for (const [index, ep] of traffic.endpoints.entries()) {
    const series = await timeseries(server, {
      metric: 'calls',
      model: ep.model,
      endpoint: ep.endpoint,
      from: m0,
      to: m0 + 2 * MINUTE_MS,
    });
    assert.deepEqual(
      series.map((p) => p[1]),
      [traffic.callsInMinute(index, m0), traffic.callsInMinute(index, m0 + MINUTE_MS)],
      ep.endpoint,
    );
  }
  const p95 = (
    await timeseries(server, {
      metric: 'latency.p95',
      model: 'latte-art-checker',
      endpoint: traffic.endpoints[latte]!.endpoint,
      from: m0,
      to: m0 + 2 * MINUTE_MS,
    })
  ).map((p) => p[1]!);
  t.diagnostic(`latte-art p95 before/during the incident: ${p95.map((v) => v.toFixed(0)).join(' ms / ')} ms`);
  assert.ok(p95[1]! > 3.5 * p95[0]!, `p95 ${p95[1]} during the incident vs ${p95[0]} before`);

  const labels = sim.stats().labels;
  assert.ok(labels > 100, `recommender labels due within 20 minutes were sent (${labels})`);
  const metrics = await server.vigil.app.inject({ method: 'GET', url: '/metrics', headers: server.auth });
  const accepted = /vigil_ingest_items_total\{kind="labels",outcome="accepted"\} (\d+)/.exec(metrics.body);
  assert.equal(Number(accepted?.[1]), labels, 'the server accepted every label');

  const events = await server.vigil.app.inject({
    method: 'GET',
    url: '/api/v1/events?model=drink-recommender&limit=50',
    headers: server.auth,
  });
  const event = (
    events.json() as { events: Array<{ event: { tags?: Record<string, string>; features?: Record<string, unknown> } }> }
  ).events.find((e) => e.event.features?.weather);
  assert.equal(event?.event.tags?.demo, 'true');
  assert.deepEqual(Object.keys(event!.event.features!).sort(), [
    'basket_size',
    'hour',
    'loyalty_tier',
    'store',
    'weather',
  ]);
});

test('vigil demo flow: GET /api/v1/demo is public, the simulator catches up and then keeps the rate', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const rate = 30_000;
  const demo = await prepareCoffeeDemo(server.vigil, {
    rate,
    backfillDays: 1,
    rawMinutes: 1,
    infraBackfillHours: 1,
    seed: randomInt(1e9),
    utcOffsetMinutes: 0,
  });
  assert.equal(demo.backfill?.skipped, false);
  const url = await server.vigil.app.listen({ port: 0, host: '127.0.0.1' });

  const info = await fetch(`${url}/api/v1/demo`);
  assert.equal(info.status, 200);
  const body = (await info.json()) as { demo: boolean; rate: number; models: Array<{ model: string }> };
  assert.equal(body.demo, true);
  assert.equal(body.rate, rate);
  assert.deepEqual(body.models.map((m) => m.model).sort(), Object.keys(EXPECTED_TYPES).sort());

  const sim = await demo.startTraffic(url);
  await sim.whenCaughtUp();
  await new Promise((r) => setTimeout(r, 3000));
  const stats = sim.stats();
  await sim.stop();
  const expectedNow = rate * demo.traffic.dailyFactor(Date.now());
  t.diagnostic(
    `live: ${Math.round(stats.liveRatePerMinute ?? 0)} calls/min (model: ${Math.round(expectedNow)}), ${stats.events} events, ${stats.dropped} dropped`,
  );
  assert.equal(stats.dropped, 0);
  assert.ok(
    stats.liveRatePerMinute! > expectedNow * 0.7 && stats.liveRatePerMinute! < expectedNow * 1.3,
    `live rate ${stats.liveRatePerMinute} vs ${expectedNow}`,
  );
});

async function timeseries(
  server: Awaited<ReturnType<typeof startTestServer>>,
  q: { metric: string; model: string; endpoint: string; from: number; to: number },
) {
  const qs = new URLSearchParams({
    metric: q.metric,
    model: q.model,
    endpoint: q.endpoint,
    from: String(q.from),
    to: String(q.to),
    step: '1m',
  });
  const res = await server.vigil.app.inject({
    method: 'GET',
    url: `/api/v1/metrics/timeseries?${qs}`,
    headers: server.auth,
  });
  assert.equal(res.statusCode, 200, res.body);
  const series = (res.json() as { series: Array<{ points: Array<[number, number | null]> }> }).series;
  assert.equal(series.length, 1);
  return series[0]!.points;
}
