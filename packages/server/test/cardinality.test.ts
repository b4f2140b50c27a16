import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { generateApiKey, hashApiKey } from '../src/plugins/auth.js';
import { SERIES_PER_PAIR } from '../src/telemetry/prometheus-exporter.js';

const LIMITS = {
  VIGIL_MAX_MODELS: '3',
  VIGIL_MAX_MODELS_PER_KEY: '2',
  VIGIL_MAX_ENDPOINTS_PER_MODEL: '2',
  VIGIL_MAX_FEATURES_PER_MODEL: '3',
  VIGIL_MAX_ERROR_TYPES_PER_MODEL: '2',
  VIGIL_MAX_TAG_VALUES_PER_KEY: '2',
  // Two (model, endpoint) pairs of 145 series each (SERIES_PER_PAIR), then (other).
  VIGIL_METRICS_MAX_SERIES: '400',
};

async function ingestKey(s: TestServer, name: string): Promise<string> {
  const key = generateApiKey();
  await s.vigil.store.keys.create({
    id: randomUUID(),
    name,
    role: 'ingest',
    hash: hashApiKey(key),
    createdAtMs: Date.now(),
    revokedAtMs: null,
  });
  return key;
}

async function send(s: TestServer, key: string, events: unknown[]) {
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: { events },
  });
  return { status: r.statusCode, body: r.json() as { accepted: number; rejected: Array<Record<string, unknown>> } };
}

async function limitsOf(s: TestServer) {
  const r = await s.vigil.app.inject({ url: '/api/v1/limits', headers: s.auth });
  assert.equal(r.statusCode, 200);
  return new Map(
    (
      r.json().limits as Array<{ limit: string; used: number; max: number; sinceStart: number; usedBy: string | null }>
    ).map((l) => [l.limit, l]),
  );
}

test('models (per deployment and per key), endpoints and features past their limits are refused item by item with VIGIL_ERR_CARDINALITY_LIMIT; the rest of the batch is stored; the limits hold after a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-card-'));
  let s = await startTestServer({ dataDir, env: LIMITS });
  try {
    const a = await ingestKey(s, 'a');
    const b = await ingestKey(s, 'b');
    // Key a introduces two models (its limit), then a third is refused for the key while the batch's others go in.
    const first = await send(s, a, [
      { model: 'm1', endpoint: 'e1', features: { f1: 1, f2: 2 } },
      { model: 'm2' },
      { model: 'm3' },
      { model: 'm1', endpoint: 'e2', features: { f3: 3 } },
    ]);
    assert.equal(first.status, 207);
    assert.equal(first.body.accepted, 3);
    assert.equal(first.body.rejected.length, 1);
    assert.equal(first.body.rejected[0]!.index, 2);
    assert.equal(first.body.rejected[0]!.code, 'VIGIL_ERR_CARDINALITY_LIMIT');
    assert.match(
      String(first.body.rejected[0]!.message),
      /events\[2\]\.model: "m3".*limit is 2 \(maxModelsPerKey \(VIGIL_MAX_MODELS_PER_KEY\)/,
    );

    // Key b may add one more model (deployment limit 3), not two; m1 is full on endpoints and features.
    const second = await send(s, b, [
      { model: 'm3' },
      { model: 'm4' },
      { model: 'm1', endpoint: 'e3' },
      { model: 'm1', endpoint: 'e1', features: { f1: 5, f4: 1 } },
      { model: 'm1', endpoint: 'e2', features: { f1: 6, f3: 1 } },
    ]);
    assert.deepEqual(
      second.body.rejected.map((r) => [r.index, r.code]),
      [
        [1, 'VIGIL_ERR_CARDINALITY_LIMIT'],
        [2, 'VIGIL_ERR_CARDINALITY_LIMIT'],
        [3, 'VIGIL_ERR_CARDINALITY_LIMIT'],
      ],
    );
    const messages = second.body.rejected.map((r) => String(r.message));
    assert.match(messages[0]!, /model: "m4" would be model 4; the limit is 3 \(maxModels/);
    assert.match(
      messages[1]!,
      /endpoint: "e3" would be endpoint 3 of model "m1"; the limit is 2 \(maxEndpointsPerModel/,
    );
    assert.match(messages[2]!, /features\.f4: would take model "m1" past 3 feature names/);
    assert.equal(second.body.accepted, 2);

    const limits = await limitsOf(s);
    assert.deepEqual(
      ['maxModels', 'maxModelsPerKey', 'maxEndpointsPerModel', 'maxFeaturesPerModel'].map((k) => [
        k,
        limits.get(k)!.used,
        limits.get(k)!.max,
        limits.get(k)!.sinceStart,
      ]),
      [
        ['maxModels', 3, 3, 1],
        ['maxModelsPerKey', 2, 2, 1],
        ['maxEndpointsPerModel', 2, 2, 1],
        ['maxFeaturesPerModel', 3, 3, 1],
      ],
    );
    assert.equal(limits.get('maxEndpointsPerModel')!.usedBy, 'm1');

    const metrics = (await s.vigil.app.inject({ url: '/metrics', headers: s.auth })).body;
    assert.match(metrics, /vigil_cardinality_rejected_events\{limit="maxModels"\} 1/);
    assert.match(metrics, /vigil_cardinality_usage\{limit="maxModels"\} 3/);
    assert.match(metrics, /vigil_cardinality_limit\{limit="maxModels"\} 3/);

    await s.close();
    s = await startTestServer({ dataDir, env: LIMITS });
    const after = await send(s, s.adminKey, [{ model: 'm5' }, { model: 'm1', endpoint: 'e9' }, { model: 'm2' }]);
    assert.deepEqual(
      after.body.rejected.map((r) => r.index),
      [0, 1],
      'the registry survived the restart',
    );
    assert.equal((await limitsOf(s)).get('maxModels')!.used, 3);
  } finally {
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('error types and tag values past their limits are folded into "(other)": every call and error still counts', async () => {
  const s = await startTestServer({ env: LIMITS });
  try {
    const model = `fold-${randomUUID().slice(0, 6)}`;
    const events = ['Timeout', 'RateLimited', 'Boom', 'Crash'].map((errorType, i) => ({
      model,
      endpoint: 'e',
      status: 'error',
      errorType,
      tags: { region: ['eu', 'us', 'ap', 'sa'][i]! },
    }));
    const r = await send(s, s.adminKey, events);
    assert.equal(r.status, 200);
    await s.vigil.pipeline.flush();
    const metrics = (await s.vigil.app.inject({ url: '/metrics', headers: s.auth })).body;
    const errorSeries = metrics.split('\n').filter((l) => l.startsWith(`vigil_model_errors_total{model="${model}"`));
    assert.deepEqual(errorSeries.sort(), [
      `vigil_model_errors_total{model="${model}",endpoint="e",error_type="(other)"} 2`,
      `vigil_model_errors_total{model="${model}",endpoint="e",error_type="RateLimited"} 1`,
      `vigil_model_errors_total{model="${model}",endpoint="e",error_type="Timeout"} 1`,
    ]);
    const segments = await s.vigil.app.inject({ url: `/api/v1/segments?model=${model}`, headers: s.auth });
    assert.deepEqual(
      segments.json().segments.map((x: { segment: string }) => x.segment),
      ['region=(other)', 'region=eu', 'region=us'],
    );
    const ts = await s.vigil.app.inject({
      url: `/api/v1/metrics/timeseries?model=${model}&metric=errors&segment=${encodeURIComponent('region=(other)')}&step=1d`,
      headers: s.auth,
    });
    const total = ts.json().series[0].points.reduce((sum: number, p: [number, number]) => sum + p[1], 0);
    assert.equal(total, 2, 'the folded tag values keep their calls');
    const limits = await limitsOf(s);
    assert.equal(limits.get('maxErrorTypesPerModel')!.sinceStart, 2);
    assert.equal(limits.get('maxTagValuesPerKey')!.sinceStart, 2);
    // The stored events keep what the client sent.
    const stored = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}`, headers: s.auth });
    assert.deepEqual(
      stored
        .json()
        .events.map((e: { event: { errorType: string } }) => e.event.errorType)
        .sort(),
      ['Boom', 'Crash', 'RateLimited', 'Timeout'],
    );
  } finally {
    await s.close();
  }
});

test('/metrics stays bounded: past metricsMaxSeries, new (model, endpoint) pairs are counted under model="(other)"', async () => {
  const s = await startTestServer({ env: { ...LIMITS, VIGIL_MAX_MODELS: '100', VIGIL_MAX_MODELS_PER_KEY: '100' } });
  try {
    const prefix = `bound-${randomUUID().slice(0, 4)}-`;
    const events = Array.from({ length: 60 }, (_, i) => ({
      model: `${prefix}${i}-${'x'.repeat(100)}`,
      endpoint: 'y'.repeat(256),
      latencyMs: i,
      status: i % 2 ? 'error' : 'ok',
      errorType: i % 2 ? 'z'.repeat(128) : undefined,
    }));
    assert.equal((await send(s, s.adminKey, events)).status, 200);
    const text = (await s.vigil.app.inject({ url: '/metrics', headers: s.auth })).body;
    const modelSeries = text
      .split('\n')
      .filter((l) => /^vigil_model_(calls|errors|latency_seconds|cost_usd|tokens)/.test(l));
    assert.ok(modelSeries.length <= 400 + SERIES_PER_PAIR + 1, `${modelSeries.length} model-call series`);
    const otherCalls = modelSeries
      .filter((l) => l.startsWith('vigil_model_calls_total{model="(other)"'))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    const namedCalls = modelSeries
      .filter((l) => l.startsWith(`vigil_model_calls_total{model="${prefix}`))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    assert.ok(otherCalls > 0);
    assert.equal(otherCalls + namedCalls, 60, 'every call is counted, named or under (other)');
    // ~600 bytes per series at the longest labels: the exposition stays within maxSeries × 600 B plus the fixed part.
    assert.ok(Buffer.byteLength(text) < (400 + SERIES_PER_PAIR) * 600 + 64 * 1024, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /vigil_metrics_series_folded_total \d+/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.error, undefined, 'promtool must be installed');
    assert.equal(check.status, 0, `promtool: ${check.stdout}${check.stderr}`);
  } finally {
    await s.close();
  }
});
