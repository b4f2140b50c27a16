import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DAY_MS, MINUTE_MS } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { openStore, type EventRecord } from '../src/storage/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', dedup_key: (req.json as Obj).dedup_key }),
});

// Ten minutes of traffic, 20 calls a minute in each region: eu fails every other call, us never.
function traffic(model: string) {
  const events = [];
  for (let m = 0; m < 10; m++) {
    for (let k = 0; k < 20; k++) {
      const t = T0 + m * MINUTE_MS + k * 3000;
      events.push({
        model,
        endpoint: 'POST /score',
        timestamp: t,
        latencyMs: 40,
        status: k % 2 === 0 ? 'error' : 'ok',
        tags: { region: 'eu', store: `s${k % 4}` },
      });
      events.push({
        model,
        endpoint: 'POST /score',
        timestamp: t + 1,
        latencyMs: 40,
        status: 'ok',
        tags: { region: 'us' },
      });
    }
  }
  return events;
}

const segmentRule = (model: string, region: string) => ({
  id: `err-${region}-${model}`,
  name: `error rate high in ${region}`,
  kind: 'threshold',
  area: 'API Performance',
  severity: 'critical',
  runbook: 'fail over the region',
  scope: { model, tags: { region } },
  metric: 'errorRate',
  window: '5m',
  comparator: '>',
  value: 0.3,
  for: '0s',
});

async function post(s: TestServer, url: string, payload: unknown) {
  const res = await s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });
  assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
  return res.json();
}

test('a rule scoped to a tag segment fires on that segment only, pages its team, and previews from the segment rollups', async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd.close());
  const s = await startTestServer({ now: () => T0 + 10 * MINUTE_MS, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  await post(s, '/api/v1/events', { events: traffic(model) });
  await s.vigil.pipeline.flush();
  await post(s, '/api/v1/channels', {
    id: 'pd',
    name: 'pd',
    kind: 'pagerduty',
    settings: {
      routingKey: 'R-devops',
      eventsUrl: pd.url,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 },
    },
  });
  await post(s, '/api/v1/teams', { name: 'DevOps', members: [], channels: { page: ['pd'], notify: [], digest: [] } });
  for (const region of ['eu', 'us']) await post(s, '/api/v1/alerts/rules', segmentRule(model, region));
  // The same rule over all calls: 25% errors overall, under the 30% threshold.
  await post(s, '/api/v1/alerts/rules', { ...segmentRule(model, 'all'), id: `err-all-${model}`, scope: { model } });

  const scheduler = s.vigil.app.alerting.scheduler;
  for (let sec = 0; sec <= 60; sec += 30) await scheduler.evaluateOnce(T0 + 10 * MINUTE_MS + sec * 1000);
  const alerts = (await s.vigil.app.inject({ url: '/api/v1/alerts', headers: s.auth })).json().alerts as Obj[];
  const mine = alerts.filter((a) => a.labels.model === model);
  assert.deepEqual(
    mine.map((a) => [a.ruleId, a.state]),
    [[`err-eu-${model}`, 'firing']],
  );
  // Five whole minutes of eu traffic: 50 errors in 100 calls.
  assert.equal(mine[0]!.value, 0.5);
  const triggers = pd.requests.map((r) => r.json as Obj).filter((b) => b.event_action === 'trigger');
  assert.equal(triggers.length, 1);
  assert.match(triggers[0]!.payload.summary, /in eu/);

  const preview = async (region: string) =>
    (
      await s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/alerts/rules/preview',
        headers: s.auth,
        payload: { rule: segmentRule(model, region), range: '1h' },
      })
    ).json();
  const eu = await preview('eu');
  const us = await preview('us');
  assert.ok(eu.firings >= 1, JSON.stringify(eu));
  assert.equal(us.firings, 0);
  assert.ok(
    us.values.some(([, v]: [number, number | null]) => v === 0),
    'the us segment has data, all of it ok',
  );
});

test('segment cells hold exactly the calls of their tag value, survive a restart, and are rebuilt from events the rollups miss', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-seg-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const model = `m-${randomUUID().slice(0, 8)}`;
  // Events committed with no rollups written (as after a crash between commit and flush).
  const store = await openStore({ dataDir, sync: 'normal', busyTimeoutMs: 5000 });
  const rows = traffic(model).map((e) => ({
    model,
    requestId: randomUUID(),
    timestampMs: e.timestamp,
    receivedAtMs: e.timestamp,
    endpoint: e.endpoint,
    status: e.status as 'ok' | 'error',
    errorType: e.status === 'error' ? 'unknown' : null,
    latencyMs: e.latencyMs,
    costUsd: null,
    inputTokens: null,
    outputTokens: null,
    ttftMs: null,
    modelType: null,
    modelVersion: null,
    priceVersion: null,
    event: e as EventRecord['event'],
  }));
  await store.events.appendEvents(rows);
  await store.close();

  const s = await startTestServer({ dataDir, now: () => T0 + 10 * MINUTE_MS });
  t.after(() => s.close());
  const sum = async (segment: string | undefined) => {
    const cells = await s.vigil.store.rollups.readCells({
      level: DAY_MS,
      fromMs: T0 - DAY_MS,
      toMs: T0 + DAY_MS,
      model,
      segment,
    });
    return cells.reduce((acc, c) => [acc[0]! + c.cell.calls, acc[1]! + c.cell.errors], [0, 0]);
  };
  assert.deepEqual(await sum(undefined), [400, 100]);
  assert.deepEqual(await sum('region=eu'), [200, 100]);
  assert.deepEqual(await sum('region=us'), [200, 0]);
  assert.deepEqual(await sum('store=s0'), [50, 50]);
  assert.deepEqual(
    (await s.vigil.store.rollups.listSegments(model)).map((x) => x.segment),
    ['region=eu', 'region=us', 'store=s0', 'store=s1', 'store=s2', 'store=s3'],
  );
});

test('charts read a segment: GET /api/v1/metrics/timeseries?segment=region=eu, and GET /api/v1/segments lists what exists', async (t) => {
  const s = await startTestServer({ now: () => T0 + 10 * MINUTE_MS });
  t.after(() => s.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  await post(s, '/api/v1/events', { events: traffic(model) });
  await s.vigil.pipeline.flush();
  const get = (url: string) => s.vigil.app.inject({ url, headers: s.auth });
  const series = async (segment?: string) => {
    const res = await get(
      `/api/v1/metrics/timeseries?model=${model}&metric=calls,errorRate&from=${T0}&to=${T0 + 10 * MINUTE_MS}&step=5m${segment ? `&segment=${encodeURIComponent(segment)}` : ''}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().series as Obj[]).map((x) => x.points.map(([, v]: [number, number]) => v));
  };
  assert.deepEqual(await series(), [
    [200, 200],
    [0.25, 0.25],
  ]);
  assert.deepEqual(await series('region=eu'), [
    [100, 100],
    [0.5, 0.5],
  ]);
  assert.deepEqual(await series('region=us'), [
    [100, 100],
    [0, 0],
  ]);
  // A value never seen has no history: no data (a gap), never a run of zero calls (issue 18).
  assert.deepEqual(await series('region=mars'), [
    [null, null],
    [null, null],
  ]);
  const bad = await get(`/api/v1/metrics/timeseries?model=${model}&segment=eu`);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /segment/);
  const list = (await get(`/api/v1/segments?model=${model}`)).json().segments as Obj[];
  assert.deepEqual(
    list.map((x) => x.segment),
    ['region=eu', 'region=us', 'store=s0', 'store=s1', 'store=s2', 'store=s3'],
  );
});

test('segment cells are written on their own interval with their own watermark, which untagged traffic moves too', async (t) => {
  const s = await startTestServer({ now: () => T0 + 10 * MINUTE_MS });
  t.after(() => s.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  const rollups = s.vigil.store.rollups;
  await post(s, '/api/v1/events', { events: traffic(model).slice(0, 40) });
  await s.vigil.pipeline.flush({ withSegments: false });
  const daySum = async (segment?: string) =>
    (await rollups.readCells({ level: DAY_MS, fromMs: T0 - DAY_MS, toMs: T0 + DAY_MS, model, segment })).reduce(
      (n, c) => n + c.cell.calls,
      0,
    );
  assert.equal(await daySum(), 40);
  assert.equal(await daySum('region=eu'), 0, 'not yet: segments wait for their interval');
  const before = (await rollups.watermarks()).segments;
  await s.vigil.pipeline.flush({ withSegments: true });
  assert.equal(await daySum('region=eu'), 20);
  assert.equal((await rollups.watermarks()).segments, (await rollups.watermarks()).rollups);
  assert.ok((await rollups.watermarks()).segments > before);
  // Untagged calls: no segment cells, but the watermark follows, so a restart does not re-read them.
  await post(s, '/api/v1/events', { events: [{ model, endpoint: 'POST /score', timestamp: T0, latencyMs: 5 }] });
  await s.vigil.pipeline.flush({ withSegments: true });
  assert.equal((await rollups.watermarks()).segments, (await rollups.watermarks()).rollups);
});
