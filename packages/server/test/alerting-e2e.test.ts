import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { Vigil } from '@vigil/sdk';
import { HOUR_MS, MINUTE_MS, bucketStart } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { createSimulatorKey, DemoSimulator, listDemoModels, TrafficModel } from '../src/demo/index.js';
import { startTestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const DEVOPS_KEY = 'Rdevops0123456789abcdef012345678';
const DS_KEY = 'Rdatasci0123456789abcdef01234567';
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (req.json as Obj).dedup_key }),
});

// PagerDuty Events API v2 ("Send an Alert Event"): required fields, enums, lengths.
function assertPagerDutyEvent(e: Obj, action: 'trigger' | 'acknowledge' | 'resolve', routingKey: string): void {
  assert.equal(e.routing_key, routingKey);
  assert.equal(e.event_action, action);
  assert.ok(typeof e.dedup_key === 'string' && e.dedup_key.length >= 1 && e.dedup_key.length <= 255);
  if (action !== 'trigger') {
    assert.deepEqual(Object.keys(e).sort(), ['dedup_key', 'event_action', 'routing_key']);
    return;
  }
  const p = e.payload;
  assert.ok(typeof p.summary === 'string' && p.summary.length >= 1 && p.summary.length <= 1024);
  assert.ok(typeof p.source === 'string' && p.source.length >= 1);
  assert.ok(['critical', 'error', 'warning', 'info'].includes(p.severity));
  assert.ok(!Number.isNaN(Date.parse(p.timestamp)) && p.timestamp.endsWith('Z'));
  assert.equal(typeof p.custom_details, 'object');
}

test("the demo's latency incident pages DevOps within one interval, escalates to Data Science unacknowledged, resolves with a PagerDuty resolve", async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => Promise.all([pd.close(), slack.close()]));
  let clock = Date.now();
  const server = await startTestServer({ listen: true, now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => server.close());
  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await server.vigil.app.inject({ method, url, headers: server.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : res.json();
  };

  // Channels and teams: DevOps pages through PagerDuty and talks in Slack; Data Science has its own PD service.
  const fast = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, attemptTimeoutMs: 2000 };
  await api('POST', '/api/v1/channels', {
    id: 'devops-pd',
    name: 'DevOps PagerDuty',
    kind: 'pagerduty',
    settings: { routingKey: DEVOPS_KEY, eventsUrl: `${pd.url}/v2/enqueue`, retry: fast },
  });
  await api('POST', '/api/v1/channels', {
    id: 'ds-pd',
    name: 'Data Science PagerDuty',
    kind: 'pagerduty',
    settings: { routingKey: DS_KEY, eventsUrl: `${pd.url}/v2/enqueue`, retry: fast },
  });
  await api('POST', '/api/v1/channels', {
    id: 'ops-slack',
    name: '#ops',
    kind: 'slack',
    settings: { webhookUrl: `${slack.url}/hooks/ops`, retry: fast },
  });
  const member = (id: string) => ({ id, name: id.toUpperCase() });
  await api('POST', '/api/v1/teams', {
    name: 'DevOps',
    members: [member('ana'), member('bo')],
    rotation: { startsAt: 0, handoffWeekday: 1, handoffHour: 9, memberIds: ['ana', 'bo'] },
    channels: { page: ['devops-pd'], notify: ['ops-slack'], digest: [] },
  });
  await api('POST', '/api/v1/teams', {
    name: 'Data Science',
    members: [member('cy')],
    channels: { page: ['ds-pd'], notify: [], digest: [] },
  });

  // The demo traffic, replayed through the SDK, with its latency incident forced on the latte-art checker.
  const traffic = new TrafficModel({
    seed: randomInt(1e9),
    ratePerMinute: 600,
    dailyCycle: false,
    naturalIncidents: false,
  });
  const latte = traffic.endpoints.findIndex((e) => e.model === 'latte-art-checker');
  const endpoint = traffic.endpoints[latte]!.endpoint;
  const t0 = bucketStart(Date.now() - 3 * HOUR_MS, HOUR_MS);
  const incident = traffic.addIncident({
    kind: 'latency',
    endpointIndex: latte,
    startMs: t0 + 20 * MINUTE_MS,
    endMs: t0 + 45 * MINUTE_MS,
    latencyFactor: 5,
    errorRate: 0,
  });
  const apiKey = await createSimulatorKey(server.vigil.store.keys, Date.now());
  const clients = Object.fromEntries(
    listDemoModels().map((m) => [
      m.model,
      new Vigil({ url: server.url, apiKey, batchSize: 1000, maxQueueSize: 100_000, onError: () => {} }),
    ]),
  );
  t.after(() => Promise.all(Object.values(clients).map((c) => c.shutdown())));
  const sent = await new DemoSimulator({ traffic, clients }).replay(t0, t0 + 60 * MINUTE_MS);
  await server.vigil.pipeline.flush();
  t.diagnostic(
    `replayed ${sent} demo events; incident ${new Date(incident.startMs).toISOString()} – ${new Date(incident.endMs).toISOString()}`,
  );

  await api('POST', '/api/v1/alerts/rules', {
    id: 'latte-p95',
    name: 'Latte-art p95 latency high',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    scope: { model: 'latte-art-checker', endpoint },
    metric: 'latency.p95',
    window: '2m',
    comparator: '>',
    value: 800,
    for: '1m',
    runbook: 'https://runbooks.example/latte-latency',
    summary: 'p95 is {{value}} ms',
  });

  const scheduler = server.vigil.app.alerting.scheduler;
  const step = 30_000;
  let firedAt: number | null = null;
  let escalatedAt: number | null = null;
  let resolvedAt: number | null = null;
  for (let now = t0 + 10 * MINUTE_MS; now <= t0 + 58 * MINUTE_MS; now += step) {
    clock = now;
    const round = await scheduler.evaluateOnce(now);
    if (firedAt === null && round.firing > 0) firedAt = now;
    const triggersToDs = pd.requests.filter(
      (r) => (r.json as Obj).routing_key === DS_KEY && (r.json as Obj).event_action === 'trigger',
    );
    if (escalatedAt === null && triggersToDs.length) escalatedAt = now;
    const resolves = pd.requests.filter((r) => (r.json as Obj).event_action === 'resolve');
    if (resolvedAt === null && resolves.length) resolvedAt = now;
  }
  assert.ok(firedAt !== null, 'the rule fired');
  assert.ok(
    firedAt >= incident.startMs && firedAt <= incident.startMs + 3 * MINUTE_MS,
    `fired ${(firedAt - incident.startMs) / 1000} s after the incident started`,
  );

  const events = pd.requests.map((r) => r.json as Obj);
  const [trigger] = events;
  assertPagerDutyEvent(trigger!, 'trigger', DEVOPS_KEY);
  assert.equal(trigger!.payload.severity, 'critical');
  assert.equal(trigger!.payload.source, 'latte-art-checker');
  assert.equal(trigger!.payload.component, endpoint);
  assert.equal(trigger!.payload.group, 'API Performance');

  const list = (await api('GET', '/api/v1/incidents')) as { incidents: Obj[] };
  assert.equal(list.incidents.length, 1);
  const inc = list.incidents[0]!;
  assert.equal(trigger!.dedup_key, inc.groupKey);
  const detail = (await api('GET', `/api/v1/incidents/${inc.id}`)) as {
    incident: Obj;
    timeline: Obj[];
    deliveries: Obj[];
  };
  const firstPage = detail.deliveries.find((d) => d.channelId === 'devops-pd')!;
  assert.equal(firstPage.ok, true);
  assert.equal(firstPage.purpose, 'page');
  assert.equal(firstPage.team, 'DevOps');
  const pageNotified = detail.timeline.find((e) => e.kind === 'notified')!;
  assert.ok(
    pageNotified.at - inc.openedAt <= step,
    `paged ${(pageNotified.at - inc.openedAt) / 1000} s after the alert fired (one interval is ${step / 1000} s)`,
  );
  assert.equal(inc.openedAt, firedAt, 'openedAt is the firing time, not the flush after group_wait');

  // Not acknowledged: 15 minutes after opening, L2 Data Science is paged on its own PD service, same dedup_key.
  assert.ok(escalatedAt !== null, 'escalated to Data Science');
  assert.ok(escalatedAt - inc.openedAt >= 15 * MINUTE_MS && escalatedAt - inc.openedAt <= 15 * MINUTE_MS + step);
  const dsTrigger = events.find((e) => e.routing_key === DS_KEY && e.event_action === 'trigger')!;
  assertPagerDutyEvent(dsTrigger, 'trigger', DS_KEY);
  assert.equal(dsTrigger.dedup_key, trigger!.dedup_key);
  assert.deepEqual(dsTrigger.payload.custom_details.escalation, {
    level: 'L2',
    team: 'Data Science',
    reason: 'ack-timeout',
  });
  assert.ok(detail.timeline.some((e) => e.kind === 'escalated' && /L2 Data Science/.test(e.message)));

  // Latency recovers at the end of the incident: both PagerDuty services get a resolve with the same dedup_key.
  assert.ok(resolvedAt !== null && resolvedAt > incident.endMs, 'resolved after the latency recovered');
  const resolves = events.filter((e) => e.event_action === 'resolve');
  assert.deepEqual(resolves.map((e) => e.routing_key).sort(), [DEVOPS_KEY, DS_KEY].sort());
  for (const r of resolves) {
    assertPagerDutyEvent(r, 'resolve', r.routing_key);
    assert.equal(r.dedup_key, trigger!.dedup_key);
  }
  assert.ok(slack.requests.length >= 2, 'Slack heard the opening and the resolution');
  assert.ok((slack.requests.at(-1)!.json as Obj).blocks.length <= 50);

  const after = (await api('GET', `/api/v1/incidents/${inc.id}`)) as { incident: Obj; timeline: Obj[] };
  assert.equal(after.incident.status, 'resolved');
  assert.equal(after.incident.resolvedBy, 'system');
  assert.deepEqual([...new Set(after.timeline.map((e) => e.kind))].sort(), [
    'escalated',
    'fired',
    'notified',
    'resolved',
  ]);

  // The responder records the cause; MTTA/MTTR/false-positive rate come from the resolved incident.
  clock = resolvedAt + 10 * MINUTE_MS;
  const resolved = (await api('POST', `/api/v1/incidents/${inc.id}/resolve`, {
    cause: 'upstream image CDN slow',
    falsePositive: false,
  })) as { incident: Obj };
  assert.equal(resolved.incident.cause, 'upstream image CDN slow');
  assert.equal(
    resolved.incident.resolvedAt,
    after.incident.resolvedAt,
    'recording the cause keeps the resolution time',
  );
  const q = `from=${t0}&to=${t0 + 2 * HOUR_MS}&groupBy=team`;
  const metrics = (await api('GET', `/api/v1/incidents/metrics?${q}`)) as { buckets: Obj[] };
  assert.equal(metrics.buckets.length, 1);
  const b = metrics.buckets[0]!;
  assert.equal(b.key, 'DevOps');
  assert.deepEqual(
    [b.opened, b.acknowledged, b.resolved, b.criticalResolved, b.criticalFalsePositives],
    [1, 0, 1, 1, 0],
  );
  assert.equal(b.mttaMs, null);
  assert.equal(b.mttrMs, after.incident.resolvedAt - inc.openedAt);
  assert.equal(b.falsePositiveRate, 0);
  t.diagnostic(
    `opened ${new Date(inc.openedAt).toISOString()}, MTTR ${(b.mttrMs / 60_000).toFixed(1)} min, ${pd.requests.length} PagerDuty events, ${slack.requests.length} Slack messages`,
  );
});
