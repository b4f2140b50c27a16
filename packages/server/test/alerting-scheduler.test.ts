import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MINUTE_MS } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', dedup_key: (req.json as Obj).dedup_key }),
});
const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };

async function setup(s: TestServer, pdUrl: string, model: string) {
  const post = async (url: string, payload: unknown) => {
    const res = await s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const ingest = async (fromMin: number, toMin: number, errorEvery: number) => {
    const events = [];
    for (let m = fromMin; m < toMin; m++)
      for (let k = 0; k < 20; k++)
        events.push({
          model,
          endpoint: 'POST /score',
          timestamp: T0 + m * MINUTE_MS + k * 3000,
          latencyMs: 40,
          status: errorEvery && k % errorEvery === 0 ? 'error' : 'ok',
        });
    for (let i = 0; i < events.length; i += 1000) await post('/api/v1/events', { events: events.slice(i, i + 1000) });
    await s.vigil.pipeline.flush();
  };
  await post('/api/v1/channels', {
    id: 'pd',
    name: 'pd',
    kind: 'pagerduty',
    settings: { routingKey: 'R-devops', eventsUrl: pdUrl, retry: fast },
  });
  await post('/api/v1/channels', {
    id: 'exec-pd',
    name: 'exec',
    kind: 'pagerduty',
    settings: { routingKey: 'R-exec', eventsUrl: pdUrl, retry: fast },
  });
  await post('/api/v1/teams', { name: 'DevOps', members: [], channels: { page: ['pd'], notify: [], digest: [] } });
  await post('/api/v1/teams', {
    name: 'Executive',
    members: [],
    channels: { page: ['exec-pd'], notify: [], digest: [] },
  });
  return { post, ingest };
}

const errorRule = (model: string, extra: Obj = {}) => ({
  id: `err-${model}`,
  name: 'error rate high',
  kind: 'threshold',
  area: 'Infrastructure',
  severity: 'critical',
  runbook: 'restart the pods',
  scope: { model },
  metric: 'errorRate',
  window: '2m',
  comparator: '>',
  value: 0.2,
  for: '1m',
  ...extra,
});

test('pending → firing after `for`; acknowledging stops escalation and sends a PagerDuty acknowledge; state survives a restart', async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-alert-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  let clock = T0 + 30 * MINUTE_MS;
  let s = await startTestServer({ dataDir, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const model = `m-${randomUUID().slice(0, 8)}`;
  const { post, ingest } = await setup(s, pd.url, model);
  await ingest(0, 10, 0);
  await ingest(10, 30, 2); // half the calls fail from minute 10
  await post('/api/v1/alerts/rules', errorRule(model));

  const at = (m: number, sec = 0) => T0 + m * MINUTE_MS + sec * 1000;
  let r = await s.vigil.app.alerting.scheduler.evaluateOnce(at(11));
  assert.deepEqual([r.pending, r.firing], [1, 0]);
  const pending = (await s.vigil.app.inject({ url: '/api/v1/alerts?state=pending', headers: s.auth })).json().alerts;
  assert.equal(pending.length, 1);
  r = await s.vigil.app.alerting.scheduler.evaluateOnce(at(11, 30));
  assert.deepEqual([r.pending, r.firing], [1, 0], 'for: 1m not yet held');
  r = await s.vigil.app.alerting.scheduler.evaluateOnce(at(12));
  assert.deepEqual([r.pending, r.firing], [0, 1]);
  // Alertmanager: an alert whose startsAt + group_wait has passed (it was pending for `for`) flushes at once.
  assert.equal(pd.requests.length, 1);
  await s.vigil.app.alerting.scheduler.evaluateOnce(at(12, 30));
  assert.equal(pd.requests.length, 1, 'deduplicated');
  assert.equal((pd.requests[0]!.json as Obj).event_action, 'trigger');

  // Restart on the same data directory: the firing alert and the open incident are still there, no new page.
  await s.close();
  s = await startTestServer({ dataDir, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const firing = (await s.vigil.app.inject({ url: '/api/v1/alerts?state=firing', headers: s.auth })).json()
    .alerts as Obj[];
  assert.equal(firing.length, 1);
  assert.equal(firing[0]!.firedAt, at(12));
  const [incident] = (await s.vigil.app.inject({ url: '/api/v1/incidents?status=open', headers: s.auth })).json()
    .incidents as Obj[];
  assert.ok(incident);
  clock = at(14);
  const ack = await s.vigil.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/acknowledge`,
    headers: s.auth,
  });
  assert.equal(ack.statusCode, 200, ack.body);
  assert.equal(ack.json().incident.acknowledgedBy, 'VIGIL_ADMIN_KEY');
  const ackEvent = pd.requests.at(-1)!.json as Obj;
  assert.deepEqual([ackEvent.event_action, ackEvent.dedup_key], ['acknowledge', incident.groupKey]);
  const comment = await s.vigil.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/comments`,
    headers: s.auth,
    payload: { text: 'looking' },
  });
  assert.equal(comment.statusCode, 201);
  // Past the L1 timeout: no escalation once acknowledged.
  for (let m = 15; m <= 29; m++) await s.vigil.app.alerting.scheduler.evaluateOnce(at(m));
  assert.equal(pd.requests.filter((q) => (q.json as Obj).routing_key === 'R-exec').length, 0);
  assert.equal(
    pd.requests.filter((q) => (q.json as Obj).event_action === 'trigger').length,
    1,
    'a restart does not page twice for the same alert',
  );
  const detail = (await s.vigil.app.inject({ url: `/api/v1/incidents/${incident.id}`, headers: s.auth })).json();
  assert.equal(detail.incident.acknowledgedAt - detail.incident.openedAt, 2 * MINUTE_MS);
  assert.ok(detail.timeline.some((e: Obj) => e.kind === 'comment' && e.message === 'looking'));
});

test('silences mute notifications; a customer-facing rule goes straight to Executive', async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd.close());
  let clock = T0 + 30 * MINUTE_MS;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  const { post, ingest } = await setup(s, pd.url, model);
  await ingest(0, 30, 2);
  await post(
    '/api/v1/alerts/rules',
    errorRule(model, { for: '0s', scope: { model, tags: { 'customer-facing': 'true' } } }),
  );
  const silence = await post('/api/v1/silences', {
    matchers: [{ name: 'model', op: '=', value: model }],
    startsAt: T0,
    endsAt: T0 + 5 * MINUTE_MS,
  });
  const scheduler = s.vigil.app.alerting.scheduler;
  for (let sec = 180; sec <= 270; sec += 30) await scheduler.evaluateOnce(T0 + sec * 1000);
  assert.equal(pd.requests.length, 0, 'silenced');
  clock = T0 + 4 * MINUTE_MS;
  const silenced = (await s.vigil.app.inject({ url: '/api/v1/alerts?state=silenced', headers: s.auth })).json()
    .alerts as Obj[];
  assert.equal(silenced[0]?.silencedBy.id, silence.silence.id);
  // The silence ends at minute 5; the next group_interval flush announces the alert.
  for (let sec = 300; sec <= 600; sec += 30) await scheduler.evaluateOnce(T0 + sec * 1000);
  const keys = pd.requests.map((q) => `${(q.json as Obj).routing_key}:${(q.json as Obj).event_action}`);
  assert.deepEqual(keys, ['R-devops:trigger', 'R-exec:trigger']);
  const exec = pd.requests[1]!.json as Obj;
  assert.deepEqual(exec.payload.custom_details.escalation, {
    level: 'Executive',
    team: 'Executive',
    reason: 'customer-facing-outage',
  });
  const [incident] = (await s.vigil.app.inject({ url: '/api/v1/incidents', headers: s.auth })).json()
    .incidents as Obj[];
  assert.equal(incident.isCustomerFacing, true);
  assert.equal(incident.escalation.isExecutiveNotified, true);
});

test('preview: how often a rule would have fired over the past hours, from one read of the rollups', async (t) => {
  const s = await startTestServer({ now: () => T0 + 60 * MINUTE_MS, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  const { ingest } = await setup(s, 'http://127.0.0.1:9/unused', model);
  await ingest(0, 10, 0);
  await ingest(10, 15, 2); // bad 10–15
  await ingest(15, 30, 0);
  await ingest(30, 36, 2); // bad 30–36
  await ingest(36, 60, 0);
  const res = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/rules/preview',
    headers: s.auth,
    payload: { rule: errorRule(model), range: '1h' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const p = res.json();
  assert.equal(p.stepMs, 30_000);
  assert.equal(p.evaluations, 121);
  assert.equal(p.firings, 2);
  const fired = (p.episodes as Obj[]).filter((e) => e.firedAt !== null);
  // Active from 10:30 (the 2-minute window holds half of minute 10's failing calls), firing after `for` 1m.
  assert.deepEqual(
    fired.map((e) => (e.firedAt - T0) / MINUTE_MS),
    [11.5, 31.5],
  );
  assert.ok(fired.every((e) => e.resolvedAt !== null));
  t.diagnostic(`preview of 1 h at 30 s: ${p.durationMs.toFixed(1)} ms`);
});
