import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { seededRandom } from './helpers/seeded-random.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 12, 10);
let s: TestServer;

before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

const slug = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
const get = (url: string) => s.vigil.app.inject({ url, headers: s.auth });
const post = (url: string, payload: unknown, contentType = 'application/json') =>
  s.vigil.app.inject({
    method: 'POST',
    url,
    headers: { ...s.auth, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

async function ingest(kind: 'events' | 'labels', items: object[]): Promise<void> {
  for (let i = 0; i < items.length; i += 1000) {
    const res = await post(`/api/v1/${kind}`, { [kind]: items.slice(i, i + 1000) });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
}

/**
 * Reference day [NOW−48h, NOW−24h) and current 6 h [NOW−6h, NOW): `basket` shifts from N(50, 10) to
 * N(65, 10); `temp` N(20, 5) and the `store` mix stay; `channel` gains an unseen value; `promo` goes from
 * 2 % to ~30 % missing; `coupon` is new.
 */
function driftEvents(model: string): { reference: object[]; current: object[] } {
  const r = seededRandom(42);
  const make = (i: number, ts: number, shifted: boolean): object => {
    const features: Record<string, unknown> = {
      basket: r.normal(shifted ? 65 : 50, 10),
      temp: r.normal(20, 5),
      store: ['north', 'south', 'east'][Math.floor(r.uniform() * 3)],
      channel: shifted && r.uniform() < 0.2 ? 'kiosk' : r.uniform() < 0.5 ? 'app' : 'web',
    };
    if (r.uniform() >= (shifted ? 0.3 : 0.02)) features.promo = r.uniform() < 0.5;
    if (shifted) features.coupon = 'SPRING';
    const p = r.uniform();
    return {
      model,
      modelType: 'classification',
      requestId: `${model}-${i}`,
      timestamp: ts,
      features,
      prediction: { label: p >= 0.5 ? 'yes' : 'no', probabilities: { yes: p, no: 1 - p } },
    };
  };
  const reference = Array.from({ length: 2400 }, (_, i) => make(i, NOW - 48 * HOUR + i * 36_000, false));
  const current = Array.from({ length: 2400 }, (_, i) => make(10_000 + i, NOW - 6 * HOUR + i * 9_000, true));
  return { reference, current };
}

interface DriftColumnJson {
  name: string;
  group: string;
  kind: string;
  method: string;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  reference: { labels: string[]; edges: number[] | null; shares: number[]; count: number } | null;
  current: { labels: string[]; edges: number[] | null; shares: number[]; count: number } | null;
}

test('drift: a shifted feature drifts, stable ones do not; histograms, timeline and a window reference agree', async () => {
  const model = slug('drift');
  const { reference, current } = driftEvents(model);
  await ingest('events', [...reference, ...current]);

  // No stored reference yet: 404 that says how to set one.
  const none = await get(`/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}`);
  assert.equal(none.statusCode, 404, none.body);
  assert.equal(none.json().code, 'VIGIL_ERR_NO_REFERENCE');
  assert.match(none.json().message, /POST \/api\/v1\/models\/.+\/reference/);

  const set = await post(`/api/v1/models/${model}/reference`, {
    window: { from: new Date(NOW - 48 * HOUR).toISOString(), to: NOW - 24 * HOUR },
  });
  assert.equal(set.statusCode, 201, set.body);
  assert.equal(set.json().source, 'window');
  assert.equal(set.json().rows, 2400);
  const summary = await get(`/api/v1/models/${model}/reference`);
  assert.equal(summary.statusCode, 200);
  assert.deepEqual(
    summary
      .json()
      .columns.filter((c: { group: string }) => c.group === 'feature')
      .map((c: { name: string }) => c.name),
    ['basket', 'channel', 'promo', 'store', 'temp'],
  );

  const res = await get(`/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}`);
  assert.equal(res.statusCode, 200, res.body);
  const drift = res.json();
  assert.equal(drift.currentRows, 2400);
  // Model-health windows are hourly: the reference window widens outward to whole hours.
  assert.deepEqual(drift.reference, {
    source: 'stored',
    kind: 'window',
    window: { from: Date.UTC(2026, 10, 25, 12), to: Date.UTC(2026, 10, 26, 13) },
    rows: 2400,
  });
  const col = (name: string): DriftColumnJson => drift.columns.find((c: DriftColumnJson) => c.name === name);
  // > 1,000 reference rows: auto picks wasserstein for numerical, jensenshannon for categorical.
  assert.equal(col('basket').method, 'wasserstein');
  assert.equal(col('basket').drifted, true);
  // A 1.5 σ mean shift: W1/σ ≈ 1.5 (within the sketch's 1 % and sampling noise).
  assert.ok(Math.abs(col('basket').statistic! - 1.5) < 0.15, `basket W1/σ ${col('basket').statistic}`);
  assert.equal(col('temp').drifted, false, `temp ${col('temp').statistic}`);
  assert.ok(col('temp').statistic! < 0.1);
  assert.equal(col('store').method, 'jensenshannon');
  assert.equal(col('store').drifted, false);
  assert.equal(col('channel').drifted, true, `channel JS ${col('channel').statistic}`);
  assert.ok(!drift.columns.some((c: DriftColumnJson) => c.name === 'latencyMs' || c.name === 'coupon'));
  assert.ok(drift.columns.some((c: DriftColumnJson) => c.name === 'prediction' && c.group === 'output'));
  // Histograms: aligned bins, shares summing to 1, counts equal to the values on each side.
  const b = col('basket');
  assert.deepEqual(b.reference!.labels, b.current!.labels);
  assert.equal(b.reference!.edges!.length, b.reference!.labels.length + 1);
  assert.equal(b.reference!.count, 2400);
  assert.ok(Math.abs(b.current!.shares.reduce((x, y) => x + y, 0) - 1) < 1e-9);
  const meanOf = (h: NonNullable<DriftColumnJson['reference']>): number =>
    h.shares.reduce((acc, sh, i) => acc + (sh * (h.edges![i]! + h.edges![i + 1]!)) / 2, 0);
  assert.ok(meanOf(b.current!) - meanOf(b.reference!) > 10, 'the current histogram sits to the right');
  const ch = col('channel');
  assert.ok(ch.current!.labels.includes('kiosk'));
  assert.equal(ch.reference!.shares[ch.reference!.labels.indexOf('kiosk')], 0);
  const drifted = drift.columns.filter((c: DriftColumnJson) => c.drifted).length;
  assert.equal(drift.driftedShare, drifted / drift.columns.length);

  // The same reference given as a window in the query gives the same statistics.
  const byWindow = (
    await get(
      `/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}&reference=window:${NOW - 48 * HOUR},${NOW - 24 * HOUR}`,
    )
  ).json();
  assert.equal(byWindow.reference.source, 'window');
  assert.deepEqual(
    byWindow.columns.map((c: DriftColumnJson) => c.statistic),
    drift.columns.map((c: DriftColumnJson) => c.statistic),
  );

  // A method and a column subset.
  const psi = (
    await get(`/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}&method=psi&columns=basket,temp`)
  ).json();
  assert.deepEqual(
    psi.columns.map((c: DriftColumnJson) => [c.name, c.method]),
    [
      ['basket', 'psi'],
      ['temp', 'psi'],
    ],
  );
  assert.equal(psi.columns[0].drifted, true);

  // Timeline: 6-hour buckets over both days; basket drifts only in the current buckets.
  const tl = await get(`/api/v1/models/${model}/drift/timeline?from=${NOW - 48 * HOUR}&to=${NOW}&step=6h`);
  assert.equal(tl.statusCode, 200, tl.body);
  const t = tl.json();
  assert.equal(t.step, 6 * HOUR);
  assert.equal(t.buckets.length, t.rows.length);
  const basketRow = t.columns.find((c: { name: string }) => c.name === 'basket');
  const tempRow = t.columns.find((c: { name: string }) => c.name === 'temp');
  // Buckets are epoch-aligned (00, 06, 12, 18 UTC). Small edge buckets (a few minutes of traffic) are
  // noisy, as any two-sample test on a handful of values; judge the full ones. Buckets overlapping the stored
  // reference's window are not compared with it (a window never against itself): blank.
  const refWindow = { from: Date.UTC(2026, 10, 25, 12), to: Date.UTC(2026, 10, 26, 13) };
  assert.match(t.windowNote, /inside the stored reference window/);
  let judged = 0;
  let blank = 0;
  t.buckets.forEach((start: number, i: number) => {
    if (start < refWindow.to && refWindow.from < start + 6 * HOUR) {
      assert.equal(basketRow.drifted[i], null, `reference bucket ${new Date(start).toISOString()} is blank`);
      assert.equal(tempRow.drifted[i], null);
      blank++;
      return;
    }
    if (t.rows[i] === 0) assert.equal(basketRow.drifted[i], null);
    if (t.rows[i] < 200) return;
    judged++;
    const isCurrent = start >= NOW - 12 * HOUR;
    assert.equal(
      basketRow.drifted[i],
      isCurrent,
      `basket at ${new Date(start).toISOString()}: ${basketRow.statistic[i]}`,
    );
    assert.equal(tempRow.drifted[i], false, `temp at ${new Date(start).toISOString()}: ${tempRow.statistic[i]}`);
  });
  assert.ok(judged >= 1 && blank >= 4, `judged ${judged}, blank ${blank}`);
});

test('quality: missing rate, unseen category, new feature and duplicate request ids against the reference', async () => {
  const model = slug('quality');
  const { reference, current } = driftEvents(model);
  // Three current events reuse request ids already stored.
  const dupes = current.slice(0, 3).map((e, i) => ({ ...e, requestId: `${model}-${i}`, timestamp: NOW - HOUR }));
  await ingest('events', [...reference, ...current, ...dupes]);
  assert.equal(
    (await post(`/api/v1/models/${model}/reference`, { window: { from: NOW - 48 * HOUR, to: NOW - 24 * HOUR } }))
      .statusCode,
    201,
  );

  const res = await get(`/api/v1/models/${model}/quality?from=${NOW - 6 * HOUR}&to=${NOW}`);
  assert.equal(res.statusCode, 200, res.body);
  const q = res.json();
  assert.equal(q.rows, 2403);
  assert.equal(q.duplicateRequestIds, 3);
  const finding = (check: string, feature: string | null) =>
    q.findings.find((f: { check: string; feature: string | null }) => f.check === check && f.feature === feature);
  const missing = finding('missing_rate', 'promo');
  assert.ok(missing, JSON.stringify(q.findings));
  assert.equal(missing.severity, 'critical');
  assert.ok(Math.abs(missing.rate - 0.3) < 0.04);
  assert.ok(Math.abs(missing.referenceRate - 0.02) < 0.01);
  const unseen = finding('unseen_category', 'channel');
  assert.ok(unseen);
  assert.ok(Math.abs(unseen.rate - 0.2) < 0.03);
  assert.ok(finding('new_feature', 'coupon'));
  assert.equal(finding('duplicate_request_ids', null).count, 3);
  assert.equal(finding('missing_rate', 'basket'), undefined);
  assert.equal(q.features.basket.missingRate, 0);
  assert.equal(q.reference.kind, 'window');

  // Without a stored reference: numbers alone, no comparison.
  const other = slug('quality-noref');
  await ingest(
    'events',
    current.slice(0, 50).map((e, i) => ({ ...e, model: other, requestId: `${other}-${i}` })),
  );
  const alone = (await get(`/api/v1/models/${other}/quality?from=${NOW - 6 * HOUR}&to=${NOW}`)).json();
  assert.equal(alone.reference, null);
  assert.equal(alone.rows, 50);
});

test('performance: CBPE estimate before labels; late labels scored by prediction hour with coverage; regression metrics', async () => {
  const model = slug('perf');
  const h1 = NOW - 3 * HOUR - 10 * 60_000; // in hour 08:00
  const h2 = NOW - 2 * HOUR - 10 * 60_000; // in hour 09:00
  const probs = [0.9, 0.8, 0.7, 0.6, 0.3, 0.2, 0.1, 0.95];
  const events = [
    ...probs.map((p, i) => ({
      model,
      modelType: 'classification',
      requestId: `a${i}`,
      timestamp: h1 + i,
      prediction: { label: p >= 0.5 ? '1' : '0', probabilities: { '1': p, '0': 1 - p } },
    })),
    ...probs.map((p, i) => ({
      model,
      modelType: 'classification',
      requestId: `b${i}`,
      timestamp: h2 + i,
      prediction: { label: p >= 0.5 ? '1' : '0', probabilities: { '1': p, '0': 1 - p } },
    })),
  ];
  await ingest('events', events);
  const url = `/api/v1/models/${model}/performance?from=${NOW - 4 * HOUR}&to=${NOW}&step=1h`;
  const before = (await get(url)).json();
  assert.equal(before.kind, 'classification');
  assert.equal(before.step, HOUR);
  const expected = probs.reduce((a, p) => a + Math.max(p, 1 - p), 0) / probs.length;
  const b1 = before.points.find((p: { start: number }) => p.start === Date.UTC(2026, 10, 27, 9));
  assert.ok(b1, JSON.stringify(before.points.map((p: { start: number }) => p.start)));
  assert.equal(b1.predictions, 8);
  assert.equal(b1.labels, 0);
  assert.equal(b1.labelCoverage, 0);
  assert.equal(b1.accuracy, null);
  assert.ok(Math.abs(b1.estimated.expectedAccuracy - expected) < 1e-12);
  assert.deepEqual(b1.predictionMix, { '1': 5 / 8, '0': 3 / 8 });
  assert.equal(before.total.classification, null);

  // Labels arrive hours later: all of hour 1, half of hour 2. Truth: 1,1,0,1,0,0,1,1.
  const truth = ['1', '1', '0', '1', '0', '0', '1', '1'];
  await ingest('labels', [
    ...truth.map((label, i) => ({ model, requestId: `a${i}`, label })),
    ...truth.slice(0, 4).map((label, i) => ({ model, requestId: `b${i}`, label })),
  ]);
  const after = (await get(url)).json();
  const p1 = after.points.find((p: { start: number }) => p.start === Date.UTC(2026, 10, 27, 9));
  const p2 = after.points.find((p: { start: number }) => p.start === Date.UTC(2026, 10, 27, 10));
  // Predicted 1,1,1,1,0,0,0,1 vs truth 1,1,0,1,0,0,1,1 → 6 of 8 right.
  assert.equal(p1.accuracy, 6 / 8);
  assert.equal(p1.labelCoverage, 1);
  // Class '1': TP 4, FP 1, FN 1 → P = R = 0.8; class '0': TP 2, FP 1, FN 1 → P = R = 2/3.
  assert.ok(Math.abs(p1.macroPrecision - (0.8 + 2 / 3) / 2) < 1e-12);
  assert.ok(Math.abs(p1.macroF1 - (0.8 + 2 / 3) / 2) < 1e-12);
  // Hour 2: predicted 1,1,1,1 vs truth 1,1,0,1 → 3 of 4; half the predictions labelled.
  assert.equal(p2.accuracy, 3 / 4);
  assert.equal(p2.labelCoverage, 0.5);
  assert.ok(Math.abs(p2.estimated.expectedAccuracy - expected) < 1e-12, 'the estimate stays beside the realised value');
  const total = after.total;
  assert.equal(total.labels, 12);
  assert.equal(total.predictions, 16);
  assert.equal(total.labelCoverage, 12 / 16);
  assert.equal(total.classification.accuracy, 9 / 12);
  assert.deepEqual(total.classification.confusionMatrix, {
    labels: ['0', '1'],
    matrix: [
      [2, 2],
      [1, 7],
    ],
  });
  // Log loss over the 12 labelled rows: −ln p(true class).
  const pairs = [
    ...truth.map((t, i) => [probs[i]!, t] as const),
    ...truth.slice(0, 4).map((t, i) => [probs[i]!, t] as const),
  ];
  const logLoss = pairs.reduce((a, [p, t]) => a - Math.log(t === '1' ? p : 1 - p), 0) / pairs.length;
  assert.ok(Math.abs(total.classification.logLoss - logLoss) < 1e-12);
  assert.ok(total.classification.rocAuc > 0.5);

  // Regression: MAE, RMSE, MAPE, R² by hand.
  const reg = slug('reg');
  const preds = [10, 20, 30, 40];
  const labels = [12, 18, 33, 40];
  await ingest(
    'events',
    preds.map((p, i) => ({
      model: reg,
      modelType: 'regression',
      requestId: `r${i}`,
      timestamp: h1 + i,
      prediction: p,
    })),
  );
  await ingest(
    'labels',
    labels.map((l, i) => ({ model: reg, requestId: `r${i}`, label: l })),
  );
  const r = (await get(`/api/v1/models/${reg}/performance?from=${NOW - 4 * HOUR}&to=${NOW}&step=1h`)).json();
  assert.equal(r.kind, 'regression');
  const e = preds.map((p, i) => p - labels[i]!);
  const mean = labels.reduce((a, y) => a + y, 0) / labels.length;
  assert.equal(r.total.regression.mae, e.reduce((a, x) => a + Math.abs(x), 0) / 4);
  assert.ok(Math.abs(r.total.regression.rmse - Math.sqrt(e.reduce((a, x) => a + x * x, 0) / 4)) < 1e-12);
  assert.ok(Math.abs(r.total.regression.mape - e.reduce((a, x, i) => a + Math.abs(x) / labels[i]!, 0) / 4) < 1e-12);
  const r2 = 1 - e.reduce((a, x) => a + x * x, 0) / labels.reduce((a, y) => a + (y - mean) ** 2, 0);
  assert.ok(Math.abs(r.total.regression.r2 - r2) < 1e-12);
  const rp = r.points.find((p: { mae: number | null }) => p.mae !== null);
  assert.equal(rp.labelCoverage, 1);
  assert.ok(rp.predictionDistribution.count === 4);
});

test('performance: LLM and vision signals from the profiles', async () => {
  const llm = slug('chat');
  const reasons = ['stop', 'stop', 'length', 'content_filter', 'stop', 'stop', 'stop', 'stop', 'refusal', 'stop'];
  await ingest(
    'events',
    reasons.map((finishReason, i) => ({
      model: llm,
      modelType: 'llm',
      requestId: `l${i}`,
      timestamp: NOW - HOUR + i,
      costUsd: 0.001 * (i + 1),
      llm: {
        inputTokens: 100 + i,
        outputTokens: i === 3 ? 0 : 50,
        ttftMs: 200 + 10 * i,
        finishReason,
        responseLength: i === 3 ? 0 : 300,
      },
    })),
  );
  const res = (await get(`/api/v1/models/${llm}/performance?from=${NOW - 2 * HOUR}&to=${NOW}`)).json();
  const sig = res.total.llm;
  assert.equal(sig.calls, 10);
  assert.equal(sig.refusalRate, 0.2);
  assert.equal(sig.emptyAnswerRate, 0.1);
  assert.deepEqual(sig.finishReasons, { stop: 0.7, content_filter: 0.1, length: 0.1, refusal: 0.1 });
  assert.equal(sig.ttftMs.count, 10);
  assert.equal(sig.ttftMs.min, 200);
  assert.equal(sig.ttftMs.max, 290);
  assert.ok(Math.abs(sig.ttftMs.p50 - 240) / 240 <= 0.0101);
  assert.ok(Math.abs(sig.costUsd.mean - 0.0055) < 1e-12);

  const vision = slug('vision');
  await ingest(
    'events',
    Array.from({ length: 20 }, (_, i) => ({
      model: vision,
      modelType: 'vision',
      requestId: `v${i}`,
      timestamp: NOW - HOUR + i,
      vision: { width: 640, height: 480, brightness: 0.5 + i / 100, format: i < 15 ? 'jpeg' : 'png' },
      prediction: {
        label: i % 4 === 0 ? 'dog' : 'cat',
        probabilities: i % 4 === 0 ? { dog: 0.7, cat: 0.3 } : { cat: 0.9, dog: 0.1 },
      },
    })),
  );
  const v = (await get(`/api/v1/models/${vision}/performance?from=${NOW - 2 * HOUR}&to=${NOW}`)).json();
  assert.equal(v.total.vision.images, 20);
  assert.deepEqual(v.total.vision.categories.format, { jpeg: 0.75, png: 0.25 });
  assert.equal(v.total.vision.properties.width.max, 640);
  assert.deepEqual(v.total.predictionMix, { cat: 0.75, dog: 0.25 });
  assert.ok(Math.abs(v.total.vision.confidence.mean - (5 * 0.7 + 15 * 0.9) / 20) < 1e-12);
  assert.ok(Math.abs(v.total.estimated.expectedAccuracy - (5 * 0.7 + 15 * 0.9) / 20) < 1e-12);
});

test('reference upload: CSV and JSON Lines are profiled like events; small references use ks / chisquare', async () => {
  const model = slug('upload');
  const r = seededRandom(7);
  const lines = ['basket,temp,store,prediction'];
  for (let i = 0; i < 500; i++)
    lines.push(
      `${r.normal(50, 10).toFixed(3)},${r.normal(20, 5).toFixed(3)},"${['north', 'south', 'east'][i % 3]}",${i % 2 ? 'yes' : 'no'}`,
    );
  const up = await post(`/api/v1/models/${model}/reference`, `${lines.join('\r\n')}\r\n`, 'text/csv');
  assert.equal(up.statusCode, 201, up.body);
  const ref = up.json();
  assert.equal(ref.source, 'dataset');
  assert.equal(ref.rows, 500);
  assert.deepEqual(
    ref.columns.map((c: { name: string; group: string; kind: string }) => [c.name, c.group, c.kind]),
    [
      ['basket', 'feature', 'numerical'],
      ['store', 'feature', 'categorical'],
      ['temp', 'feature', 'numerical'],
      ['prediction', 'output', 'categorical'],
    ],
  );

  const { current } = driftEvents(model);
  await ingest('events', current.slice(0, 400));
  const drift = (await get(`/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}`)).json();
  const col = (name: string): DriftColumnJson => drift.columns.find((c: DriftColumnJson) => c.name === name);
  assert.equal(col('basket').method, 'ks');
  assert.equal(col('basket').drifted, true);
  assert.ok(col('basket').pValue! < 1e-6);
  assert.equal(col('temp').method, 'ks');
  assert.equal(col('temp').drifted, false, `temp p ${col('temp').pValue}`);
  assert.equal(col('store').method, 'chisquare');
  assert.equal(col('store').drifted, false, `store p ${col('store').pValue}`);

  // JSON Lines, flat and event-shaped rows, replace the reference.
  const jsonl = [
    JSON.stringify({ basket: 40, store: 'north', prediction: 'yes' }),
    '',
    JSON.stringify({
      features: { basket: 55, store: 'south' },
      prediction: { label: 'no', probabilities: { no: 0.8, yes: 0.2 } },
      llm: { inputTokens: 3 },
    }),
  ].join('\n');
  const j = await post(`/api/v1/models/${model}/reference`, jsonl, 'application/x-ndjson');
  assert.equal(j.statusCode, 201, j.body);
  assert.equal(j.json().rows, 2);
  assert.ok(j.json().columns.some((c: { name: string }) => c.name === 'llm.inputTokens'));
  const rows = await post(`/api/v1/models/${model}/reference`, { rows: [{ basket: 1 }, { basket: 2, store: null }] });
  assert.equal(rows.statusCode, 201, rows.body);
  assert.equal((await get(`/api/v1/models/${model}/reference`)).json().rows, 2);
});

test('bad input: errors name the field, line and fix', async () => {
  const model = slug('bad');
  await ingest('events', [{ model, requestId: 'x1', timestamp: NOW - HOUR, features: { a: 1 } }]);
  const expect400 = async (res: Awaited<ReturnType<typeof get>>, pattern: RegExp, status = 400): Promise<void> => {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.equal(typeof body.requestId, 'string');
    assert.match(body.message, pattern);
  };
  const ref = `/api/v1/models/${model}/reference`;
  await expect400(await post(ref, 'a,b\n1,2\n3\n', 'text/csv'), /^body: line 3: 1 fields, but the header has 2/);
  await expect400(await post(ref, 'a,b\n1,"open\n', 'text/csv'), /line 2, column 2: a quoted field is never closed/);
  await expect400(await post(ref, 'a,a\n1,2\n', 'text/csv'), /line 1, column 2: column "a" appears twice/);
  await expect400(await post(ref, 'a,b\n', 'text/csv'), /no data rows/);
  await expect400(await post(ref, '{"a": 1}\n{"a": \n', 'application/x-ndjson'), /^body: line 2: invalid JSON/);
  await expect400(
    await post(ref, '{"a": {"b": 1}}\n', 'application/x-ndjson'),
    /line 1: field "a": nested values are not supported/,
  );
  await expect400(await post(ref, { rows: [{ a: 1 }, 'x'] }), /^body\.rows\[1\]: expected a JSON object/);
  await expect400(await post(ref, { rows: [] }), /^body\.rows: must be a non-empty array/);
  await expect400(await post(ref, { window: { from: NOW - HOUR } }), /^body\.window\.to: is required/);
  await expect400(await post(ref, { window: { from: 'yesterday', to: NOW } }), /"yesterday" is not a time/);
  await expect400(
    await post(ref, { window: { from: NOW - 100 * HOUR, to: NOW - 90 * HOUR } }),
    /^body\.window: model ".+" has no traffic between/,
  );
  await expect400(await post(ref, { window: { from: 0, to: 1 }, rows: [{}] }), /either "window" or "rows", not both/);
  await expect400(await post(ref, { sample: 1 }), /^body\.sample: is not a known field/);
  await expect400(await post(ref, 'a\n1\n', 'text/plain'), /Content-Type/, 415);
  await expect400(
    await post('/api/v1/models/Not_A_Slug/reference', { rows: [{ a: 1 }] }),
    /params\.model: "Not_A_Slug" is not a model slug/,
  );

  assert.equal((await post(ref, { rows: [{ a: 1 }, { a: 2 }] })).statusCode, 201);
  const base = `/api/v1/models/${model}`;
  await expect400(
    await get(`${base}/drift?reference=yesterday`),
    /querystring\.reference: "yesterday" is not "stored", "previous" or "window:<from>,<to>"/,
  );
  await expect400(
    await get(`${base}/drift?reference=window:${NOW - 400 * HOUR},${NOW - 300 * HOUR}`),
    /querystring\.reference: model ".+" has no traffic/,
  );
  await expect400(
    await get(`${base}/drift?columns=a,nope`),
    /querystring\.columns: unknown column "nope"; the reference has a/,
  );
  await expect400(await get(`${base}/drift?method=magic`), /querystring\.method/);
  await expect400(await get(`${base}/drift?from=${NOW}&to=${NOW - HOUR}`), /querystring\.from: must be before "to"/);
  await expect400(
    await get(`${base}/drift/timeline?step=90m`),
    /querystring\.step: "90m" is not a whole number of hours/,
  );
  await expect400(
    await get(`${base}/performance?from=${NOW - 200 * 24 * HOUR}&step=1h`),
    /querystring\.step: \d+ buckets is more than 1000/,
  );
  const unknown = await get('/api/v1/models/never-seen-model/drift');
  await expect400(unknown, /model "never-seen-model": no events and no reference stored/, 404);
  assert.equal(unknown.json().code, 'VIGIL_ERR_UNKNOWN_MODEL', 'told apart from a missing route or reference');
  await expect400(await get('/api/v1/models/never-seen-model/reference'), /has no stored reference/, 404);
  const anonymous = await s.vigil.app.inject({ url: `${base}/quality` });
  assert.equal(anonymous.statusCode, 401);
  const del = await s.vigil.app.inject({ method: 'DELETE', url: ref, headers: s.auth });
  assert.equal(del.statusCode, 204);
  await expect400(await get(`${base}/drift`), /has no stored reference/, 404);
});

test('labels join predictions sent without a requestId, through the ids Vigil assigned and returned', async () => {
  const model = slug('assigned');
  const h1 = NOW - 3 * HOUR - 10 * 60_000;
  const res = await post('/api/v1/events', {
    events: [10, 20, 30].map((p, i) => ({ model, modelType: 'regression', timestamp: h1 + i, prediction: p })),
  });
  assert.equal(res.statusCode, 200, res.body);
  const ids = res.json().requestIds as string[];
  await ingest(
    'labels',
    [11, 22].map((label, i) => ({ model, requestId: ids[i], label })),
  );
  const r = (await get(`/api/v1/models/${model}/performance?from=${NOW - 4 * HOUR}&to=${NOW}&step=1h`)).json();
  assert.equal(r.total.predictions, 3);
  assert.equal(r.total.labels, 2, 'both labels found their prediction');
  assert.ok(Math.abs(r.total.regression.mae - 1.5) < 1e-12, '|10 − 11| and |20 − 22|');
});
