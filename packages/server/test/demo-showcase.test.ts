import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { prepareCoffeeDemo } from '../src/demo/index.js';
import { startTestServer } from './helpers/test-server.js';

// What `vigil demo` must show within its first minutes (issues 18 and 19): host and container metrics linked to the
// models, a DevOps rule on them, and a month whose incidents give the executive report an MTTR and an ROI.

test('vigil demo shows the whole product: infrastructure linked to the models, an infra rule, a report with MTTR and ROI', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const demo = await prepareCoffeeDemo(server.vigil, {
    rate: 10_000,
    backfillDays: 2,
    rawMinutes: 1,
    infraBackfillHours: 6,
    seed: randomInt(1e9),
    utcOffsetMinutes: 0,
  });
  const url = await server.vigil.app.listen({ port: 0, host: '127.0.0.1' });
  await demo.startTraffic(url);
  const setup = await demo.configure(url);
  assert.equal(setup.isConfigured, true);
  const scrapes = await demo.infra()!.backfilled;
  assert.ok(scrapes >= 6 * 60 - 1, `${scrapes} backfilled scrapes for 6 hours`);
  const get = async <T>(path: string): Promise<T> => {
    const res = await server.vigil.app.inject({ method: 'GET', url: path, headers: server.auth });
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
    return res.json() as T;
  };

  // Infrastructure: every node and pod of the simulated Collector is linked to the model it serves.
  type Resource = { key: string; host: string | null; pod: string | null; model: string | null };
  const { resources } = await get<{ resources: Resource[] }>('/api/v1/infra/resources');
  const byHost = (host: string) => resources.find((r) => r.host === host && r.pod === null);
  assert.equal(byHost('ip-10-0-1-11')?.model, 'drink-recommender');
  assert.equal(byHost('gpu-10-0-2-21')?.model, 'latte-art-checker');
  const pods = resources.filter((r) => r.pod !== null);
  assert.ok(pods.length >= 5);
  for (const r of pods) assert.ok(r.pod!.startsWith(`${r.model}-`), `${r.pod} is linked to ${r.model}`);
  const to = Date.now();
  const series = await get<{
    series: Array<{ metric: string; resource: string; points: Array<[number, number | null]> }>;
  }>(
    `/api/v1/infra/timeseries?metric=cpu.utilization,memory.utilization&host=ip-10-0-1-11&from=${to - 6 * 3_600_000}&to=${to}&step=600000`,
  );
  for (const metric of ['cpu.utilization', 'memory.utilization']) {
    const host = series.series.find((s) => s.metric === metric && s.resource === byHost('ip-10-0-1-11')!.key);
    const values = host!.points.map(([, v]) => v).filter((v): v is number => v !== null);
    assert.ok(values.length >= 30, `${metric}: ${values.length} of 36 ten-minute buckets have data`);
    assert.ok(
      values.every((v) => v > 0 && v < 1),
      `${metric} is a share`,
    );
  }
  const { rule } = await get<{ rule: { rule: { area: string; metric: string; comparator: string; value: number } } }>(
    '/api/v1/alerts/rules/serving-cpu-saturated',
  );
  assert.deepEqual(
    { area: rule.rule.area, metric: rule.rule.metric, comparator: rule.rule.comparator, value: rule.rule.value },
    { area: 'Infrastructure', metric: 'infra.cpu.utilization', comparator: '>', value: 0.9 },
  );
  const raci = await server.vigil.store.alerting.getRaciRows();
  assert.equal(raci.find((r) => r.area === 'Infrastructure')?.roles.DevOps, 'PRIMARY', 'DevOps owns the infra rule');

  // The history's incidents come from the rule preview over the backfilled traffic, resolved, most acknowledged.
  const { incidents } = await get<{
    incidents: Array<{ id: string; openedAt: number; acknowledgedAt: number | null; resolvedAt: number | null }>;
  }>('/api/v1/incidents?status=resolved&limit=1000');
  assert.ok(incidents.length >= 10, `${incidents.length} resolved incidents in two days of history`);
  assert.ok(incidents.every((i) => i.resolvedAt! > i.openedAt));
  assert.ok(incidents.filter((i) => i.acknowledgedAt !== null).length >= incidents.length / 4);
  const detail = await get<{
    timeline: Array<{ kind: string; actor: string; details: { demoHistory?: boolean } | null }>;
  }>(`/api/v1/incidents/${incidents[0]!.id}`);
  assert.ok(
    detail.timeline.every((e) => e.details?.demoHistory === true),
    'the timeline says it is demo history',
  );

  // The executive report: a measured MTTR and a finite ROI that is not the "no benefit" −100 %.
  const report = await get<{
    scorecard: { metrics: Array<{ key: string; current: number | null }> };
    measuredRoi: { facts: { mttrMinutes: number | null; caught: number }; roi: { roiPercent: number | null } | null };
  }>('/api/v1/report/executive');
  const { facts, roi } = report.measuredRoi;
  t.diagnostic(`report: MTTR ${facts.mttrMinutes} min, ${facts.caught} caught, ROI ${roi?.roiPercent} %`);
  assert.equal(typeof facts.mttrMinutes, 'number');
  assert.ok(facts.mttrMinutes! > 0 && facts.mttrMinutes! < 60);
  assert.equal(typeof report.scorecard.metrics.find((m) => m.key === 'mttr')?.current, 'number');
  assert.ok(Number.isFinite(roi?.roiPercent), `ROI ${roi?.roiPercent}`);
  assert.notEqual(roi!.roiPercent, -100);
});
