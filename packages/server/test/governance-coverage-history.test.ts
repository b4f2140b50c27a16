// Coverage history: the daily snapshot job against a real server (ingested events, registered use cases,
// alert rules and SLOs over HTTP), its one-row-per-day rule across restarts, and the scorecard trend read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { CoverageSnapshotJob } from '../src/governance/index.js';
import type { CoverageSnapshot } from '../src/governance/index.js';

const DAY = 86_400_000;
const DAY0 = Date.UTC(2026, 10, 27);
let clock = DAY0 + 12 * 3_600_000;
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-coverage-'));
let s: TestServer;
const tag = randomUUID().slice(0, 6);
const [okModel, gapModel, shadowModel] = ['ok', 'gap', 'shadow'].map((m) => `${m}-${tag}`) as [string, string, string];

before(async () => {
  s = await startTestServer({ now: () => clock, dataDir });
});
after(async () => {
  await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await s.vigil.app.inject({ method, url, headers: s.auth, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as any };
}

const stored = (fromMs = 0, toMs = DAY0 + 400 * DAY) => s.vigil.store.governance.listCoverageSnapshots(fromMs, toMs);

/** The start-up check runs in the background: wait until the day's row is there. */
async function waitForSnapshot(dayMs: number): Promise<CoverageSnapshot> {
  for (let i = 0; i < 250; i++) {
    const [row] = await stored(dayMs, dayMs + 1);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`no coverage snapshot for ${new Date(dayMs).toISOString()}`);
}

test('start-up stores today’s snapshot when it is missing, and a restart the same day stores none', async () => {
  const first = await waitForSnapshot(DAY0);
  assert.deepEqual(first, { dayMs: DAY0, takenAtMs: clock, counted: 0, total: 0, ratio: null, uncovered: [] });

  // close() waits for a check in progress, so after the second restart's close its check has run.
  await s.close();
  clock += 3_600_000;
  await (await startTestServer({ now: () => clock, dataDir })).close();
  s = await startTestServer({ now: () => clock, dataDir });
  assert.deepEqual(await stored(), [first], 'still one row for the day, the first one');
});

test('a day’s snapshot is the coverage the scorecard computes from ingested events and registered use cases', async () => {
  clock = DAY0 + DAY + 12 * 3_600_000;
  const events = [okModel, gapModel, shadowModel].map((model) => ({
    model,
    endpoint: 'POST /a',
    requestId: randomUUID(),
    timestamp: clock - 60_000,
    latencyMs: 40,
  }));
  assert.equal((await call('POST', '/api/v1/events', { events })).status, 200);
  await s.vigil.pipeline.flush();
  const useCase = (id: string, model: string) => ({
    id,
    name: id,
    ownerTeam: 'digital',
    models: [model],
    endpoints: ['POST /a'],
    latencyLimitMs: 500,
    stage: 'production',
  });
  assert.equal((await call('POST', '/api/v1/use-cases', useCase(`uc-ok-${tag}`, okModel))).status, 201);
  assert.equal((await call('POST', '/api/v1/use-cases', useCase(`uc-gap-${tag}`, gapModel))).status, 201);
  const rule = {
    id: `lat-${tag}`,
    name: 'p95 latency',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    runbook: 'https://runbooks/latency',
    metric: 'latency.p95',
    comparator: '>',
    value: 300,
    scope: { model: okModel },
  };
  assert.equal((await call('POST', '/api/v1/alerts/rules', rule)).status, 201);
  assert.equal(
    (
      await call('POST', '/api/v1/slos', {
        id: `slo-${tag}`,
        name: 'latency',
        kind: 'latency',
        model: okModel,
        objectivePercent: 99,
        latencyThresholdMs: 300,
      })
    ).status,
    201,
  );

  const job = new CoverageSnapshotJob(s.vigil.store);
  const snap = await job.runIfDue(clock);
  assert.ok(snap);
  const coverage = (await call('GET', '/api/v1/scorecard')).body.metrics.find((m: any) => m.key === 'coverage');
  const items = coverage.items as Array<{ id: string; isCounted: boolean }>;
  assert.deepEqual(
    { counted: snap.counted, total: snap.total, ratio: snap.ratio, uncovered: snap.uncovered },
    {
      counted: items.filter((i) => i.isCounted).length,
      total: items.length,
      ratio: coverage.current,
      uncovered: items.filter((i) => !i.isCounted).map((i) => i.id),
    },
  );
  // The use case with a runbook rule and a latency SLO counts; the other use case and the shadow model do not
  // (each system once: a use case's models are not counted again).
  assert.deepEqual(snap, {
    dayMs: DAY0 + DAY,
    takenAtMs: clock,
    counted: 1,
    total: 3,
    ratio: 0.3333,
    uncovered: [`use-case:uc-gap-${tag}`, `model:${shadowModel}`],
  });

  assert.equal(await job.runIfDue(clock + 3_600_000), null, 'same day: nothing written');
  assert.equal(
    await new CoverageSnapshotJob(s.vigil.store).runIfDue(clock + 7_200_000),
    null,
    'a fresh job (a restart) reads the stored day',
  );
  assert.deepEqual(await stored(DAY0 + DAY, DAY0 + 2 * DAY), [snap]);
});

test('storing a day again replaces its row', async () => {
  const day = DAY0 - 40 * DAY;
  await s.vigil.store.governance.putCoverageSnapshot({
    dayMs: day,
    takenAtMs: day + 1000,
    counted: 1,
    total: 4,
    ratio: 0.25,
    uncovered: ['model:a', 'model:b', 'model:c'],
  });
  await s.vigil.store.governance.putCoverageSnapshot({
    dayMs: day,
    takenAtMs: day + 2000,
    counted: 3,
    total: 4,
    ratio: 0.75,
    uncovered: ['model:c'],
  });
  assert.deepEqual(await stored(day, day + DAY), [
    { dayMs: day, takenAtMs: day + 2000, counted: 3, total: 4, ratio: 0.75, uncovered: ['model:c'] },
  ]);
});

test('the scorecard trend is the stored snapshots of the last 180 days, oldest first, and days without one have no point', async () => {
  // Day 2: the events of day 1 are over 24 h old, so nothing is fully monitored. Day 3 has no snapshot.
  clock = DAY0 + 2 * DAY + 12 * 3_600_000;
  const day2 = await new CoverageSnapshotJob(s.vigil.store).runIfDue(clock);
  assert.deepEqual([day2?.counted, day2?.total, day2?.ratio], [0, 3, 0]);
  await s.vigil.store.governance.putCoverageSnapshot({
    dayMs: DAY0 - 200 * DAY,
    takenAtMs: DAY0 - 200 * DAY,
    counted: 1,
    total: 1,
    ratio: 1,
    uncovered: [],
  });
  clock = DAY0 + 4 * DAY + 12 * 3_600_000;

  const card = (await call('GET', '/api/v1/scorecard')).body;
  const trend = card.metrics.find((m: any) => m.key === 'coverage').trend;
  const iso = (ms: number) => new Date(ms).toISOString();
  assert.deepEqual(trend, [
    { periodStart: iso(DAY0 - 40 * DAY), value: 0.75 },
    { periodStart: iso(DAY0), value: null },
    { periodStart: iso(DAY0 + DAY), value: 0.3333 },
    { periodStart: iso(DAY0 + 2 * DAY), value: 0 },
  ]);

  const history = await call('GET', `/api/v1/scorecard/coverage-history?from=${iso(DAY0)}`);
  assert.equal(history.status, 200);
  assert.deepEqual(
    history.body.snapshots.map((h: any) => [h.day, h.counted, h.total, h.ratio, h.uncovered.length]),
    [
      ['2026-11-27', 0, 0, null, 0],
      ['2026-11-28', 1, 3, 0.3333, 2],
      ['2026-11-29', 0, 3, 0, 3],
    ],
  );
  assert.equal((await call('GET', '/api/v1/scorecard/coverage-history?from=2026-12-01&to=2026-11-01')).status, 400);

  const report = (await call('GET', '/api/v1/report/executive')).body;
  assert.deepEqual(report.coverage.metric.trend, trend);
});

test('a day whose snapshot found nothing to cover (taken before the first use case) is taken again', async () => {
  const day = DAY0 + 10 * DAY;
  await s.vigil.store.governance.putCoverageSnapshot({
    dayMs: day,
    takenAtMs: day,
    counted: 0,
    total: 0,
    ratio: null,
    uncovered: [],
  });
  const job = new CoverageSnapshotJob(s.vigil.store);
  const again = await job.runIfDue(day + 3_600_000);
  assert.ok(again && again.total > 0, 'the empty day is taken again once there is something to cover');
  assert.deepEqual(await stored(day, day + DAY), [again]);
  assert.equal(await job.runIfDue(day + 7_200_000), null, 'then the day is left alone');
});
