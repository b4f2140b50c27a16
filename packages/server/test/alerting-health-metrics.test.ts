import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { RollupMetricSource } from '../src/alerting/service/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { seededRandom } from './helpers/seeded-random.js';

type Obj = Record<string, any>;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0);
const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };

async function setup(s: TestServer) {
  const post = async (url: string, payload: unknown) => {
    const res = await s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const ingest = async (kind: 'events' | 'labels', items: object[]) => {
    for (let i = 0; i < items.length; i += 1000) await post(`/api/v1/${kind}`, { [kind]: items.slice(i, i + 1000) });
    await s.vigil.pipeline.flush();
  };
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  await post('/api/v1/channels', {
    id: 'ds-slack',
    name: 'ds',
    kind: 'slack',
    settings: { webhookUrl: slack.url, retry: fast },
  });
  await post('/api/v1/teams', {
    name: 'Data Science',
    members: [],
    channels: { page: [], notify: ['ds-slack'], digest: [] },
  });
  return { post, ingest, slack };
}

const rule = (id: string, extra: Obj) => ({
  id,
  name: id,
  kind: 'threshold',
  severity: 'error',
  runbook: 'retrain or roll back',
  for: '0s',
  ...extra,
});

async function incidentsOf(s: TestServer, model: string): Promise<Obj[]> {
  return (await s.vigil.app.inject({ url: `/api/v1/incidents?model=${model}`, headers: s.auth })).json()
    .incidents as Obj[];
}

test('accuracy from late labels fires a Model Accuracy rule; the incident goes to Data Science', async (t) => {
  const s = await startTestServer({ now: () => NOW, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const { post, ingest, slack } = await setup(s);
  t.after(() => slack.close());
  const model = `acc-${randomUUID().slice(0, 8)}`;

  const missing = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/rules',
    headers: s.auth,
    payload: rule('no-model', { area: 'Model Accuracy', metric: 'accuracy', comparator: '<', value: 0.7 }),
  });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json().message, /scope\.model/);

  // 40 predictions an hour in 09:00, 10:00 and 11:00; each says "1" with p = 0.9.
  const events = [9, 10, 11].flatMap((h) =>
    Array.from({ length: 40 }, (_, i) => ({
      model,
      modelType: 'classification',
      requestId: `${model}-${h}-${i}`,
      timestamp: Date.UTC(2026, 10, 27, h, i),
      prediction: { label: '1', probabilities: { '1': 0.9, '0': 0.1 } },
    })),
  );
  await ingest('events', events);
  await post(
    '/api/v1/alerts/rules',
    rule(`acc-${model}`, {
      area: 'Model Accuracy',
      scope: { model },
      metric: 'accuracy',
      comparator: '<',
      value: 0.7,
      window: '1h',
    }),
  );
  const scheduler = s.vigil.app.alerting.scheduler;
  let r = await scheduler.evaluateOnce(NOW);
  assert.equal(r.firing, 0, 'no labels yet: no data, no alert');

  // Late labels: hour 10 all right, hour 11 only a quarter right.
  await ingest('labels', [
    ...Array.from({ length: 40 }, (_, i) => ({ model, requestId: `${model}-10-${i}`, label: '1' })),
    ...Array.from({ length: 40 }, (_, i) => ({ model, requestId: `${model}-11-${i}`, label: i % 4 === 0 ? '1' : '0' })),
  ]);
  const preview = (
    await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/alerts/rules/preview',
      headers: s.auth,
      payload: {
        rule: rule('p', {
          area: 'Model Accuracy',
          scope: { model },
          metric: 'accuracy',
          comparator: '<',
          value: 0.7,
          window: '1h',
        }),
        range: '3h',
      },
    })
  ).json();
  assert.ok(
    (preview.values as Array<[number, number | null]>).some(([, v]) => v === 0.25),
    JSON.stringify(preview.values.slice(-3)),
  );

  r = await scheduler.evaluateOnce(NOW + 1000);
  assert.equal(r.firing, 1);
  const alert = (await s.vigil.app.inject({ url: '/api/v1/alerts?state=firing', headers: s.auth })).json()
    .alerts[0] as Obj;
  assert.equal(alert.value, 0.25);
  await scheduler.evaluateOnce(NOW + 31_000); // group_wait
  const [incident] = await incidentsOf(s, model);
  assert.ok(incident, 'an incident opened');
  assert.deepEqual([incident.area, incident.team, incident.severity], ['Model Accuracy', 'Data Science', 'error']);
  assert.equal(slack.requests.length, 1, 'Data Science told on its notify channel');
  assert.match(slack.requests[0]!.body, /Model Accuracy/);

  // The other metrics of the same windows, through one round of the metric source.
  const values = await new RollupMetricSource(s.vigil.store.rollups, s.vigil.store.references).fetchMany(
    ['accuracy', 'accuracy.estimated', 'labelCoverage', 'f1', 'mae', 'drift.share', 'quality.missingRate', 'calls'].map(
      (metric) => ({ metric, model, from: NOW - 2 * HOUR, to: NOW }),
    ),
  );
  // Hours 10 and 11: 50 of 80 right; CBPE 0.9; every prediction labelled; no regression, no reference, no features.
  assert.deepEqual(
    [values[0], values[2], values[4], values[5], values[6], values[7]],
    [50 / 80, 1, null, null, null, 80],
  );
  assert.ok(Math.abs(values[1]! - 0.9) < 1e-12, `CBPE ${values[1]}`);
  assert.ok(Math.abs(values[3]! - 0.5 * ((2 * 0.625) / 1.625)) < 1e-12, `macro F1 ${values[3]}`);
});

test('drift.share against the stored reference fires a Data Quality rule; no reference, no value', async (t) => {
  const s = await startTestServer({ now: () => NOW, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const { post, ingest, slack } = await setup(s);
  t.after(() => slack.close());
  const model = `drift-${randomUUID().slice(0, 8)}`;
  const r = seededRandom(7);
  const make = (i: number, ts: number, shifted: boolean) => {
    const features: Obj = {
      basket: r.normal(shifted ? 70 : 50, 10),
      temp: r.normal(20, 5),
      channel: shifted ? 'kiosk' : r.uniform() < 0.5 ? 'app' : 'web',
    };
    if (r.uniform() >= (shifted ? 0.4 : 0.02)) features.promo = r.uniform() < 0.5;
    return { model, requestId: `${model}-${i}`, timestamp: ts, features, prediction: 'yes' };
  };
  await ingest('events', [
    ...Array.from({ length: 1200 }, (_, i) => make(i, NOW - 48 * HOUR + i * 60_000, false)),
    ...Array.from({ length: 600 }, (_, i) => make(10_000 + i, NOW - 2 * HOUR + i * 12_000, true)),
  ]);
  await post(
    '/api/v1/alerts/rules',
    rule(`drift-${model}`, {
      area: 'Data Quality',
      scope: { model },
      metric: 'drift.share',
      comparator: '>=',
      value: 0.4,
      window: '2h',
    }),
  );
  const scheduler = s.vigil.app.alerting.scheduler;
  assert.equal((await scheduler.evaluateOnce(NOW)).firing, 0, 'no reference: no value');

  await post(`/api/v1/models/${model}/reference`, { window: { from: NOW - 48 * HOUR, to: NOW - 24 * HOUR } });
  assert.equal((await scheduler.evaluateOnce(NOW + 1000)).firing, 1);
  const alert = (await s.vigil.app.inject({ url: '/api/v1/alerts?state=firing', headers: s.auth })).json()
    .alerts[0] as Obj;
  // basket and channel drift; temp, promo (its missing rate moved, not its values) and the constant prediction do not.
  assert.equal(alert.value, 2 / 5);
  const api = (
    await s.vigil.app.inject({ url: `/api/v1/models/${model}/drift?from=${NOW - 2 * HOUR}&to=${NOW}`, headers: s.auth })
  ).json();
  assert.equal(api.driftedShare, alert.value, 'the same number as GET …/drift');
  await scheduler.evaluateOnce(NOW + 31_000);
  const [incident] = await incidentsOf(s, model);
  assert.ok(incident);
  assert.deepEqual([incident.area, incident.team], ['Data Quality', 'Data Science']);
  assert.equal(slack.requests.length, 1);

  // Missing rate per feature (scope tag) and over all features.
  const mr = (tags?: Obj) => ({ metric: 'quality.missingRate', model, tags, from: NOW - 2 * HOUR, to: NOW });
  const [promo, max, temp] = await new RollupMetricSource(s.vigil.store.rollups, s.vigil.store.references).fetchMany([
    mr({ feature: 'promo' }),
    mr(),
    mr({ feature: 'temp' }),
  ]);
  assert.ok(promo! > 0.3 && promo! < 0.5, String(promo));
  assert.equal(max, promo);
  assert.equal(temp, 0);
  const tagged = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/rules',
    headers: s.auth,
    payload: rule(`mr-${model}`, {
      area: 'Data Quality',
      scope: { model, tags: { feature: 'promo' } },
      metric: 'quality.missingRate',
      comparator: '>',
      value: 0.2,
    }),
  });
  assert.equal(tagged.statusCode, 201, tagged.body);
});
