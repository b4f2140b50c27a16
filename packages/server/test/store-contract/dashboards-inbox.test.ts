// The InboxStore and DashboardStore contracts (storage/contracts/inbox-store.ts, dashboard-store.ts), and the
// per-endpoint parts of the RollupStore contract: windows kept and read per endpoint, each model's sightings, the
// first cell of a scope. Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthCell, HOUR_MS, MINUTE_MS } from '../../src/analysis/api-health/index.js';
import { ModelWindowAggregator } from '../../src/analysis/model-health/index.js';
import type { CellScope, DashboardRecord, InboxRecord } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);

const message = (over: Partial<InboxRecord>): InboxRecord => ({
  atMs: T0,
  channelId: 'inbox',
  team: 'DevOps',
  purpose: 'page',
  kind: 'firing',
  severity: 'critical',
  area: 'api',
  title: 'p95 latency above 800 ms',
  summary: 'POST /v1/recommend p95 1,240 ms',
  incidentId: 'inc-1',
  runbook: null,
  onCall: 'ana',
  ...over,
});

const dashboard = (id: string, over: Partial<DashboardRecord> = {}): DashboardRecord => ({
  id,
  name: `Board ${id}`,
  description: null,
  team: null,
  range: '24h',
  panels: [{ id: 'p1', title: 'Calls', metrics: ['calls'], display: 'chart' }],
  createdAtMs: T0,
  updatedAtMs: T0,
  version: 1,
  ...over,
});

for (const backend of backends) {
  test(`${backend.name}: inbox: messages listed newest first, filtered by team and incident, counted per team`, async () => {
    await withStore(backend, async (store, opened) => {
      const a = await store.inbox.add(message({ atMs: T0 }));
      const b = await store.inbox.add(message({ atMs: T0 + 1000, team: 'Data Science', incidentId: 'inc-2' }));
      const c = await store.inbox.add(message({ atMs: T0 + 2000, purpose: 'resolve', onCall: null }));
      await store.inbox.add(message({ atMs: T0 + 3000, team: null, incidentId: null }));
      assert.ok(a < b && b < c, 'ids increase');
      const again = await opened.reopen();
      const all = await again.inbox.list({ limit: 10 });
      assert.deepEqual(
        all.map((m) => m.atMs),
        [T0 + 3000, T0 + 2000, T0 + 1000, T0],
      );
      assert.deepEqual(all[1], { ...message({ atMs: T0 + 2000, purpose: 'resolve', onCall: null }), id: c });
      assert.deepEqual(
        (await again.inbox.list({ team: 'DevOps', limit: 10 })).map((m) => m.id),
        [c, a],
      );
      assert.deepEqual(
        (await again.inbox.list({ incidentId: 'inc-2', limit: 10 })).map((m) => m.id),
        [b],
      );
      assert.equal((await again.inbox.list({ limit: 2 })).length, 2);
      assert.deepEqual(await again.inbox.countByTeam(), [
        { team: 'Data Science', messages: 1, lastAtMs: T0 + 1000 },
        { team: 'DevOps', messages: 2, lastAtMs: T0 + 2000 },
      ]);
    });
  });

  test(`${backend.name}: dashboards: created once, replaced only at the expected version, homes pinned and dropped with their dashboard`, async () => {
    await withStore(backend, async (store, opened) => {
      assert.equal(await store.dashboards.create(dashboard('ops')), true);
      assert.equal(await store.dashboards.create(dashboard('ops', { name: 'Other' })), false, 'the id is taken');
      assert.equal(await store.dashboards.create(dashboard('biz', { team: 'Business' })), true);
      const changed = dashboard('ops', { name: 'Ops board', version: 2, updatedAtMs: T0 + 5 });
      assert.equal(await store.dashboards.update(changed, 1), true);
      assert.equal(await store.dashboards.update({ ...changed, version: 3 }, 1), false, 'changed concurrently');
      await store.dashboards.setHome('DevOps', 'ops', T0);
      await store.dashboards.setHome('Business', 'biz', T0);
      await store.dashboards.setHome('Business', 'ops', T0 + 1);
      const again = await opened.reopen();
      assert.deepEqual(await again.dashboards.get('ops'), changed);
      assert.equal(await again.dashboards.get('nope'), null);
      assert.deepEqual(
        (await again.dashboards.list()).map((d) => d.id),
        ['biz', 'ops'],
      );
      assert.deepEqual(await again.dashboards.listHomes(), [
        { team: 'Business', dashboardId: 'ops' },
        { team: 'DevOps', dashboardId: 'ops' },
      ]);
      await again.dashboards.setHome('Business', null, T0 + 2);
      assert.equal(await again.dashboards.delete('ops'), true);
      assert.equal(await again.dashboards.delete('ops'), false);
      assert.deepEqual(await again.dashboards.listHomes(), [], 'a deleted dashboard is no team home');
    });
  });

  test(`${backend.name}: model windows are kept per endpoint; sightings per (endpoint, version); the first cell of a scope`, async () => {
    await withStore(backend, async (store) => {
      const agg = new ModelWindowAggregator();
      for (let i = 0; i < 6; i++)
        agg.addEvent({ model: 'm', endpoint: i < 4 ? 'POST /a' : 'GET /b', features: { x: i } }, T0 + i);
      agg.addEvent({ model: 'm', endpoint: 'POST /a', features: { x: 9 } }, T0 + HOUR_MS);
      const cell = new HealthCell();
      cell.add({
        model: 'm',
        endpoint: 'POST /a',
        timestampMs: T0,
        isError: false,
        errorType: null,
        latencyMs: 10,
        costUsd: null,
        inputTokens: null,
        outputTokens: null,
        ttftMs: null,
      });
      await store.rollups.commitFlush({
        cells: [
          { level: MINUTE_MS, model: 'm', endpoint: 'POST /a', bucketStart: T0 + 2 * MINUTE_MS, cell },
          { level: MINUTE_MS, model: 'm', endpoint: 'GET /b', bucketStart: T0 + 5 * MINUTE_MS, cell },
        ],
        sightings: [
          { model: 'm', endpoint: 'POST /a', modelType: null, modelVersion: 'v1', firstSeen: T0, lastSeen: T0 + 10 },
          {
            model: 'm',
            endpoint: 'POST /a',
            modelType: null,
            modelVersion: 'v2',
            firstSeen: T0 + 20,
            lastSeen: T0 + 30,
          },
        ],
        watermark: 1,
        segments: {
          cells: [
            {
              level: MINUTE_MS,
              model: 'm',
              endpoint: 'POST /a',
              segment: 'region=eu',
              bucketStart: T0 + 7 * MINUTE_MS,
              cell,
            },
          ],
          watermark: 1,
        },
        modelWindows: { windows: agg.drain(), eventWatermark: 1, labelWatermark: 0 },
      });
      const all = await store.rollups.readWindows('m', T0, T0 + 2 * HOUR_MS);
      assert.deepEqual(
        all.map((w) => [w.bucketStart - T0, w.endpoint, w.profile.rows]),
        [
          [0, 'GET /b', 2],
          [0, 'POST /a', 4],
          [HOUR_MS, 'POST /a', 1],
        ],
      );
      const a = await store.rollups.readWindows('m', T0, T0 + 2 * HOUR_MS, 'POST /a');
      assert.deepEqual(
        a.map((w) => w.profile.rows),
        [4, 1],
      );
      const [m] = await store.rollups.listModels();
      assert.deepEqual(m!.sightings.map((s) => [s.endpoint, s.version, s.firstSeen - T0, s.lastSeen - T0]).sort(), [
        ['POST /a', 'v1', 0, 10],
        ['POST /a', 'v2', 20, 30],
      ]);
      // Several scopes at once, answered in the order asked: by model, model and endpoint, endpoint alone, segment.
      assert.deepEqual(
        await store.rollups.firstCellBuckets([
          { level: MINUTE_MS, model: 'm' },
          { level: MINUTE_MS, model: 'm', endpoint: 'GET /b' },
          { level: HOUR_MS, model: 'm' },
          { level: MINUTE_MS, endpoint: 'GET /b' },
          { level: MINUTE_MS, model: 'm', segment: 'region=eu' },
          { level: MINUTE_MS, model: 'm', endpoint: 'GET /b', segment: 'region=eu' },
          { level: MINUTE_MS, model: 'other' },
        ]),
        [T0 + 2 * MINUTE_MS, T0 + 5 * MINUTE_MS, null, T0 + 5 * MINUTE_MS, T0 + 7 * MINUTE_MS, null, null],
      );
      assert.deepEqual(await store.rollups.firstCellBuckets([]), []);
      // More scopes than one statement carries keep their order.
      const many = Array.from({ length: 450 }, (_, i): CellScope =>
        i % 3 === 0 ? { level: MINUTE_MS, model: 'm', endpoint: 'GET /b' } : { level: MINUTE_MS, model: `none-${i}` },
      );
      assert.deepEqual(
        await store.rollups.firstCellBuckets(many),
        many.map((_, i) => (i % 3 === 0 ? T0 + 5 * MINUTE_MS : null)),
      );
    });
  });
}
