import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const EVAL_MS = 10 * SECOND;
const WINDOW_MS = MINUTE;
const THRESHOLD = 0.05;
const KEYS = {
  devops: 'R-devops-0123456789abcdef0123456',
  ds: 'R-datasci-0123456789abcdef012345',
  infosec: 'R-infosec-0123456789abcdef01234',
  exec: 'R-exec-0123456789abcdef012345678',
};
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (req.json as Obj).dedup_key }),
});

/** One call every 200 ms; every call fails in [badFrom, badTo). */
function callsBetween(from: number, to: number, bad: { from: number; to: number }) {
  const out: Array<{ timestamp: number; isError: boolean }> = [];
  for (let ts = Math.ceil(from / 200) * 200; ts < to; ts += 200)
    out.push({ timestamp: ts, isError: ts >= bad.from && ts < bad.to });
  return out;
}

/** The error share over [t − 1 min, t) computed from the calls themselves. */
function shareAt(calls: ReadonlyArray<{ timestamp: number; isError: boolean }>, t: number): number | null {
  let n = 0;
  let bad = 0;
  for (const c of calls)
    if (c.timestamp >= t - WINDOW_MS && c.timestamp < t) {
      n++;
      if (c.isError) bad++;
    }
  return n ? bad / n : null;
}

test('failing traffic pages PRIMARY and escalates while it fails; recovery resolves within one window and two intervals, nobody is paged after; MTTR is the outage to one interval', async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => Promise.all([pd.close(), slack.close()]));
  const T0 = Date.UTC(2026, 10, 20, 9, 0, 0) + 4_321;
  const bad = { from: T0 + 2 * MINUTE + 500, to: T0 + 2 * MINUTE + 500 + 270 * SECOND };
  let clock = T0;
  const server = await startTestServer({
    listen: true,
    now: () => clock,
    env: { VIGIL_ALERT_EVAL_INTERVAL_MS: String(EVAL_MS) },
  });
  t.after(() => server.close());
  const scheduler = server.vigil.app.alerting.scheduler;
  // The timer's steps are taken by hand on the fake clock: nextWakeAt / runDue are what the timer calls.
  await scheduler.stop();
  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await server.vigil.app.inject({ method, url, headers: server.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : (res.json() as Obj);
  };

  const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };
  const teams: Array<[string, string, string]> = [
    ['DevOps', 'devops-pd', KEYS.devops],
    ['Data Science', 'ds-pd', KEYS.ds],
    ['InfoSec', 'infosec-pd', KEYS.infosec],
    ['Executive', 'exec-pd', KEYS.exec],
  ];
  for (const [, id, routingKey] of teams)
    await api('POST', '/api/v1/channels', {
      id,
      name: id,
      kind: 'pagerduty',
      settings: { routingKey, eventsUrl: `${pd.url}/v2/enqueue`, retry: fast },
    });
  await api('POST', '/api/v1/channels', {
    id: 'ops-slack',
    name: '#ops',
    kind: 'slack',
    settings: { webhookUrl: `${slack.url}/services/T0/B0/x`, retry: fast },
  });
  for (const [name, id] of teams)
    await api('POST', '/api/v1/teams', {
      name,
      members: [],
      channels: { page: [id], notify: name === 'DevOps' ? ['ops-slack'] : [], digest: [] },
    });
  // 2 minutes per level: L2 at +2 min, L3 at +4 min, Executive at +6 min — after the alert clears (~+5.5 min).
  await api('PUT', '/api/v1/escalation-policy', {
    policy: {
      levels: [
        { name: 'L1', team: 'DevOps', ackTimeoutMs: 2 * MINUTE },
        { name: 'L2', team: 'Data Science', ackTimeoutMs: 2 * MINUTE },
        { name: 'L3', team: 'InfoSec', ackTimeoutMs: 2 * MINUTE },
        { name: 'Executive', team: 'Executive', ackTimeoutMs: 0 },
      ],
      executiveImpactUsd: 10_000,
      reminderAfterMs: 4 * 3_600_000,
      reminderIntervalMs: 4 * 3_600_000,
    },
  });
  const model = `brew-${randomUUID().slice(0, 8)}`;
  // $8,000/h: the $10K executive page would fall 75 minutes after opening, long after the recovery.
  await api('POST', '/api/v1/alerts/rules', {
    id: `errors-${model}`,
    name: 'Brew error rate',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    scope: { model },
    metric: 'errorRate',
    window: '1m',
    comparator: '>',
    value: THRESHOLD,
    businessImpactUsdPerHour: 8000,
    runbook: 'https://runbooks.example/brew-errors',
    summary: 'error rate {{value}}',
  });

  const end = bad.to + 90 * MINUTE;
  const calls = callsBetween(T0 - 2 * MINUTE, end, bad);
  let sent = 0;
  const pdAt: number[] = []; // the fake clock when each PagerDuty event arrived
  while (clock < end) {
    clock = Math.max(clock, await scheduler.nextWakeAt(clock));
    // The traffic up to now, stored before the round (as the live pipeline would have it).
    const upTo = calls.findIndex((c) => c.timestamp >= clock);
    const batch = calls.slice(sent, upTo < 0 ? calls.length : upTo);
    for (let i = 0; i < batch.length; i += 1000)
      await api('POST', '/api/v1/events', {
        events: batch.slice(i, i + 1000).map((c) => ({
          model,
          endpoint: 'POST /v1/brew',
          timestamp: c.timestamp,
          latencyMs: 40,
          status: c.isError ? 'error' : 'ok',
        })),
      });
    sent += batch.length;
    await server.vigil.pipeline.flush();
    const before = pd.requests.length;
    await scheduler.runDue(clock);
    for (let i = before; i < pd.requests.length; i++) pdAt.push(clock);
  }
  const events = pd.requests.map((r) => r.json as Obj);
  const byKey = (key: string, action: string) =>
    events.filter((e) => e.routing_key === key && e.event_action === action);

  // What the test measures from its own calls: the outage is when the last minute held more than 5 % errors.
  let detected: number | null = null;
  let cleared: number | null = null;
  for (let ts = T0; ts < end && cleared === null; ts += 100) {
    const share = shareAt(calls, ts);
    const isBad = share !== null && share > THRESHOLD;
    if (detected === null && isBad) detected = ts;
    else if (detected !== null && !isBad) cleared = ts;
  }
  assert.ok(detected !== null && cleared !== null);

  const [incident] = (await api('GET', `/api/v1/incidents?model=${model}`))!.incidents as Obj[];
  assert.ok(incident, 'an incident opened');
  assert.equal(incident.status, 'resolved');
  assert.equal(incident.resolvedBy, 'system');
  assert.ok(
    incident.openedAt >= detected && incident.openedAt < detected + EVAL_MS,
    'opened at the first evaluation after detection',
  );
  assert.ok(
    incident.resolvedAt >= cleared && incident.resolvedAt < cleared + EVAL_MS,
    'resolved at the first evaluation after clearing',
  );
  const mttr = incident.resolvedAt - incident.openedAt;
  assert.ok(
    Math.abs(mttr - (cleared - detected)) <= EVAL_MS,
    `MTTR ${mttr / 1000} s vs outage ${(cleared - detected) / 1000} s`,
  );

  // PRIMARY (DevOps) paged once, L2 and L3 while the alert fired; every page after the alert cleared: none.
  assert.equal(byKey(KEYS.devops, 'trigger').length, 1, 'PRIMARY paged');
  assert.equal(byKey(KEYS.ds, 'trigger').length, 1, 'L2 paged at its timeout');
  assert.equal(byKey(KEYS.infosec, 'trigger').length, 1, 'L3 paged at its timeout');
  assert.equal(
    byKey(KEYS.exec, 'trigger').length,
    0,
    'no Executive page: neither the timeout nor the $10K estimate after the alert cleared',
  );
  const triggerTimes = events.flatMap((e, i) => (e.event_action === 'trigger' ? [pdAt[i]!] : []));
  assert.ok(
    triggerTimes.every((at) => at < incident.resolvedAt),
    'no page after the alert cleared',
  );
  const escalated = events.filter((e) => e.event_action === 'trigger' && e.payload.custom_details.escalation);
  for (const [i, e] of escalated.entries()) {
    const at = pdAt[events.indexOf(e)]!;
    // The value of the latest evaluation, the state as of now.
    const lastEval = incident.openedAt + Math.floor((at - incident.openedAt) / EVAL_MS) * EVAL_MS;
    const share = shareAt(calls, lastEval)!;
    assert.equal(e.payload.custom_details.alerts[0].value, String(Number(share.toPrecision(6))), `escalation ${i}`);
    assert.equal(e.payload.custom_details.alerts[0].status, 'firing');
    assert.match(e.payload.summary, /^\[FIRING:1\]/);
  }

  // Resolve at once, to every paged service, within one window plus two evaluation intervals of the recovery.
  const resolves = events.flatMap((e, i) => (e.event_action === 'resolve' ? [{ e, at: pdAt[i]! }] : []));
  assert.deepEqual(resolves.map((r) => r.e.routing_key).sort(), [KEYS.devops, KEYS.ds, KEYS.infosec].sort());
  for (const r of resolves) {
    assert.equal(r.e.dedup_key, incident.groupKey);
    assert.equal(r.at, incident.resolvedAt, 'sent at the evaluation that saw the alert clear');
    assert.ok(
      r.at - bad.to <= WINDOW_MS + 2 * EVAL_MS,
      `resolve ${(r.at - bad.to) / 1000} s after the traffic recovered`,
    );
  }

  // Slack heard the opening and the resolution, with the value each evaluation saw.
  const messages = slack.requests.map((r) => r.json as Obj);
  const last = messages.at(-1)!;
  assert.match(last.blocks[0].text.text, /^\[RESOLVED\] Brew error rate/);
  const share = shareAt(calls, incident.resolvedAt)!;
  assert.ok(share <= THRESHOLD);
  const alertSection = last.blocks.find(
    (b: Obj) => b.type === 'section' && /✅ Brew error rate/.test(b.text?.text ?? ''),
  );
  assert.ok(alertSection, 'the resolved alert is listed');
  assert.match(
    alertSection.text.text,
    new RegExp(`value ${String(Number(share.toPrecision(6))).replace('.', '\\.')}$`),
  );
  const facts = last.blocks
    .find((b: Obj) => b.fields)!
    .fields.map((f: Obj) => f.text)
    .join('\n');
  assert.match(facts, /\*Status\*\nresolved/);
  assert.match(facts, /\*Resolved by\*\nVigil: every alert of the incident resolved/);

  const detail = (await api('GET', `/api/v1/incidents/${incident.id}`))!;
  assert.equal(detail.timeline.filter((e: Obj) => e.kind === 'escalated').length, 2);
  const metrics = (await api('GET', `/api/v1/incidents/metrics?from=${T0}&to=${end}&groupBy=all`))!;
  assert.equal(metrics.buckets[0].mttrMs, mttr);
  t.diagnostic(
    `outage ${(cleared - detected) / 1000} s by the calls, MTTR ${mttr / 1000} s; resolve ${(resolves[0]!.at - bad.to) / 1000} s after recovery; ${pd.requests.length} PagerDuty events`,
  );
});
