import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, HOUR_MS, MINUTE_MS, SIX_HOURS_MS, HealthCell, bucketStart } from '../src/analysis/api-health/index.js';
import { computeClassificationMetrics, computeRegressionMetrics } from '../src/analysis/performance/index.js';
import { mergeWindows } from '../src/analysis/model-health/index.js';
import { backfillDemoHistory, TrafficModel } from '../src/demo/index.js';
import { drawCall } from '../src/demo/call-draw.js';
import { SeededRandom } from '../src/demo/seeded-random.js';
import { startTestServer } from './helpers/test-server.js';

// Issue 18: history that looks real — backfilled quantiles vary like live ones, segments have history, and
// model health (drift, quality, accuracy) can read any window of it.
const SEED = 424242;
const cv = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) / mean;
};

test('backfilled history: p95 varies like live traffic, segments and model-health windows cover it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  // A fixed busy afternoon: the minute p95 comparison below needs minutes with enough calls (at night a
  // minute holds a few dozen, and the p95 of so few varies more than the bound allows).
  const endMs = bucketStart(Date.UTC(2026, 10, 18, 15, 0), HOUR_MS);
  const traffic = new TrafficModel({
    seed: SEED,
    ratePerMinute: 2_000,
    driftStartMs: endMs - 3 * DAY_MS,
    releaseMs: endMs - DAY_MS,
  });
  const store = server.vigil.store;
  const r = await backfillDemoHistory(store, traffic, { days: 3, endMs });
  t.diagnostic(
    `${r.cells} cells, ${r.segmentCells} segment cells, ${r.windows} windows in ${r.durationMs.toFixed(0)} ms`,
  );

  // Hourly p95 of each endpoint: not one flat value, and no two endpoints moving in step.
  const p95s = new Map<string, number[]>();
  for (const ep of traffic.endpoints) {
    const cells = await store.rollups.readCells({
      level: HOUR_MS,
      fromMs: endMs - 2 * DAY_MS,
      toMs: endMs,
      model: ep.model,
      endpoint: ep.endpoint,
    });
    const series = cells.sort((a, b) => a.bucketStart - b.bucketStart).map((c) => c.cell.latency.quantile(0.95)!);
    assert.ok(cv(series) > 0.03, `${ep.endpoint}: hourly p95 varies (cv ${cv(series).toFixed(3)})`);
    p95s.set(ep.endpoint, series);
  }
  const a = p95s.get('POST /v1/forecast')!;
  const b = p95s.get('POST /v1/latte-art/score')!;
  assert.ok(cv(a.map((x, i) => x / b[i]!)) > 0.02, 'two endpoints do not move in step');

  // Minute p95 of the backfill against live calls drawn for the same minutes: the same level and spread.
  const index = traffic.endpoints.findIndex((e) => e.endpoint === 'POST /v1/forecast');
  const ep = traffic.endpoints[index]!;
  const from = endMs - 3 * HOUR_MS;
  const minutes = await store.rollups.readCells({
    level: MINUTE_MS,
    fromMs: from,
    toMs: endMs,
    model: ep.model,
    endpoint: ep.endpoint,
  });
  const backfilled = minutes.filter((c) => c.cell.calls >= 20).map((c) => c.cell.latency.quantile(0.95)!);
  const rng = new SeededRandom(5);
  const live: number[] = [];
  for (const c of minutes.filter((x) => x.cell.calls >= 20)) {
    const cell = new HealthCell();
    for (let i = 0; i < c.cell.calls; i++)
      cell.latency.add(drawCall(ep, traffic.conditionsAt(index, c.bucketStart), rng).latencyMs);
    live.push(cell.latency.quantile(0.95)!);
  }
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  assert.ok(Math.abs(mean(backfilled) / mean(live) - 1) < 0.1, `mean p95 ${mean(backfilled)} vs live ${mean(live)}`);
  const ratio = cv(backfilled) / cv(live);
  assert.ok(ratio > 0.4 && ratio < 2.5, `spread of minute p95: backfill cv ${cv(backfilled)} vs live ${cv(live)}`);

  // The release a day ago: two versions in the sightings, the old one ending where the new one starts.
  const rec = (await store.rollups.listModels()).find((m) => m.model === 'drink-recommender')!;
  assert.deepEqual(rec.versions.sort(), ['3.1.4', '3.2.0']);
  const old = rec.sightings.find((s) => s.version === '3.1.4' && s.endpoint === 'POST /v1/recommend')!;
  const cur = rec.sightings.find((s) => s.version === '3.2.0' && s.endpoint === 'POST /v1/recommend')!;
  assert.ok(old.lastSeen < endMs - DAY_MS && cur.firstSeen >= endMs - DAY_MS);

  // Segments: a store has six-hour and day cells from the first day, hours for the last week, minutes lately.
  const segment = { model: 'drink-recommender', segment: 'store=store-007' };
  const [firstSixHours, firstHour, firstMinute] = await store.rollups.firstCellBuckets([
    { level: SIX_HOURS_MS, ...segment },
    { level: HOUR_MS, ...segment },
    { level: MINUTE_MS, ...segment },
  ]);
  assert.ok(firstSixHours! < endMs - 2 * DAY_MS);
  assert.ok(firstHour! < endMs - 2 * DAY_MS);
  assert.equal(firstMinute, endMs - 2 * HOUR_MS);
  const segDays = await store.rollups.readCells({ level: DAY_MS, fromMs: 0, toMs: endMs + DAY_MS, ...segment });
  const allDays = await store.rollups.readCells({
    level: DAY_MS,
    fromMs: 0,
    toMs: endMs + DAY_MS,
    model: 'drink-recommender',
  });
  const share = segDays.reduce((n, c) => n + c.cell.calls, 0) / allDays.reduce((n, c) => n + c.cell.calls, 0);
  assert.ok(share > 0.02 && share < 0.08, `one store of 24: ${share}`);

  // Model-health windows: one per endpoint and hour, rows equal to the calls, labels for accuracy over time.
  for (const ep of traffic.endpoints) {
    const windows = await store.rollups.readWindows(ep.model, r.fromMs, endMs, ep.endpoint);
    const rows = windows.reduce((n, w) => n + w.profile.rows, 0);
    assert.equal(rows, r.calls.get(`${ep.model}\u0000${ep.endpoint}`), `${ep.endpoint}: window rows = calls`);
  }
  const dayOne = mergeWindows(await store.rollups.readWindows('demand-forecaster', r.fromMs, r.fromMs + DAY_MS))!;
  const dayThree = mergeWindows(
    await store.rollups.readWindows('demand-forecaster', endMs - DAY_MS, endMs - 6 * HOUR_MS),
  )!;
  assert.ok(dayOne.labels > 0.9 * dayOne.profile.rows * 0.9, 'forecasts get their actual demand');
  const temp = (w: typeof dayOne) => w.profile.features.get('temperature')!.moments!.mean;
  // Whole days on both sides, so the daily temperature cycle cancels out whatever hour the test ends at.
  const lastDay = mergeWindows(await store.rollups.readWindows('demand-forecaster', endMs - DAY_MS, endMs))!;
  assert.ok(temp(lastDay) - temp(dayOne) > 0.25, 'the temperature input drifts up (0.2 °C a day)');
  assert.ok(
    computeRegressionMetrics(dayThree.regression).mae! >= computeRegressionMetrics(dayOne.regression).mae! * 0.9,
  );
  const recWin = mergeWindows(
    await store.rollups.readWindows('drink-recommender', r.fromMs, endMs, 'POST /v1/recommend'),
  )!;
  const coverage = recWin.labels / recWin.profile.rows;
  assert.ok(coverage > 0.5 && coverage < 0.62, `about 60 % of recommendations are labelled: ${coverage}`);
  const acc = computeClassificationMetrics(recWin.classification).accuracy!;
  assert.ok(acc > 0.2 && acc < 0.9, `accuracy ${acc}`);
});
