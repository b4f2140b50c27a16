import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 21, 14, 0, 0) + 777;
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', dedup_key: (req.json as Obj).dedup_key }),
});
const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };

/** A server on a fake clock whose alerting timer steps are taken by hand, with DevOps → L2 → L3 → Executive on PagerDuty. */
async function setup(t: { after(fn: () => unknown): void }, extraChannels: Obj[] = []) {
  const pd = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd.close());
  const clock = { now: T0 };
  const s = await startTestServer({ now: () => clock.now, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '10000' } });
  t.after(() => s.close());
  await s.vigil.app.alerting.scheduler.stop();
  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : (res.json() as Obj);
  };
  const teams = ['DevOps', 'Data Science', 'InfoSec', 'Executive'];
  for (const team of teams)
    await api('POST', '/api/v1/channels', {
      id: `pd-${teams.indexOf(team)}`,
      name: team,
      kind: 'pagerduty',
      settings: { routingKey: `R-${teams.indexOf(team)}`, eventsUrl: pd.url, retry: fast },
    });
  for (const c of extraChannels) await api('POST', '/api/v1/channels', c);
  for (const team of teams)
    await api('POST', '/api/v1/teams', {
      name: team,
      members: [],
      channels: {
        page: [`pd-${teams.indexOf(team)}`],
        notify: team === 'DevOps' ? extraChannels.map((c) => c.id) : [],
        digest: [],
      },
    });
  await api('PUT', '/api/v1/escalation-policy', {
    policy: {
      levels: teams.map((team, i) => ({ name: i === 3 ? 'Executive' : `L${i + 1}`, team, ackTimeoutMs: 2 * MINUTE })),
      executiveImpactUsd: 10_000,
      reminderAfterMs: 4 * 3_600_000,
      reminderIntervalMs: 4 * 3_600_000,
    },
  });
  return { s, pd, clock, api };
}

/** Steps the alerting timer to `until`, storing one call every 500 ms (as `callAt` describes it) before each step. */
async function runUntil(
  env: { s: TestServer; clock: { now: number }; api: (m: 'POST', u: string, p: unknown) => Promise<unknown> },
  until: number,
  model: string,
  callAt: (ts: number) => { isError: boolean; latencyMs: number },
  state: { sentUpTo: number },
) {
  const scheduler = env.s.vigil.app.alerting.scheduler;
  while (env.clock.now < until) {
    env.clock.now = Math.max(env.clock.now, await scheduler.nextWakeAt(env.clock.now));
    const events = [];
    for (let ts = state.sentUpTo; ts < env.clock.now; ts += 500) {
      const c = callAt(ts);
      events.push({ model, timestamp: ts, latencyMs: c.latencyMs, status: c.isError ? 'error' : 'ok' });
    }
    state.sentUpTo += events.length * 500;
    if (events.length) await env.api('POST', '/api/v1/events', { events });
    await env.s.vigil.pipeline.flush();
    await scheduler.runDue(env.clock.now);
  }
}

test('an alert firing again while its incident is open continues it at the level reached; after the incident resolved it opens a new one under the same dedup key', async (t) => {
  const env = await setup(t);
  const { api, pd } = env;
  const model = `m-${randomUUID().slice(0, 8)}`;
  const rule = (id: string, metric: string, value: number) => ({
    id: `${id}-${model}`,
    name: id,
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    scope: { model },
    metric,
    window: '1m',
    comparator: '>',
    value,
    runbook: 'https://runbooks.example/m',
  });
  await api('POST', '/api/v1/alerts/rules', rule('errors', 'errorRate', 0.05));
  await api('POST', '/api/v1/alerts/rules', rule('slow', 'latency.p95', 500));
  // errors: bad [0, 3) and [6, 9) min; slow: bad [0, 9) min; all good from 9 min; errors bad again from 12 min.
  const at = (m: number) => T0 + m * MINUTE;
  const callAt = (ts: number) => ({
    isError: (ts >= at(0) && ts < at(3)) || (ts >= at(6) && ts < at(9)) || ts >= at(12),
    latencyMs: ts >= at(0) && ts < at(9) ? 900 : 40,
  });
  const state = { sentUpTo: at(-2) };
  const incidents = async () => (await api('GET', `/api/v1/incidents?model=${model}`))!.incidents as Obj[];

  await runUntil(env, at(5), model, callAt, state);
  let [first, ...others] = await incidents();
  assert.equal(others.length, 0);
  assert.equal(first!.status, 'open', 'one alert still fires');
  assert.equal(first!.fingerprints.length, 2);
  assert.equal(
    first!.escalation.levelIndex,
    2,
    'L2 at +2 min, L3 at +4 min: escalation follows the firing latency alert',
  );
  const errorsAlert = (await api('GET', '/api/v1/alerts'))!.alerts.find((a: Obj) => a.ruleId === `errors-${model}`);
  assert.equal(errorsAlert.state, 'resolved');

  await runUntil(env, at(8), model, callAt, state);
  [first, ...others] = await incidents();
  assert.equal(others.length, 0, 'the error alert fired again inside the open incident: no new incident');
  assert.equal(first!.escalation.levelIndex, 3, 'not back to L1: on from L3 to Executive at +6 min');
  const triggers = () => pd.requests.map((r) => r.json as Obj).filter((e) => e.event_action === 'trigger');
  // The re-fire is a group change: PRIMARY hears an update under the same dedup_key (PagerDuty folds it into
  // the open alert); the escalation pages went out once per level.
  assert.deepEqual(
    triggers()
      .filter((e) => e.payload.custom_details.escalation)
      .map((e) => [e.routing_key, e.payload.custom_details.escalation.level]),
    [
      ['R-1', 'L2'],
      ['R-2', 'L3'],
      ['R-3', 'Executive'],
    ],
  );
  assert.deepEqual(
    triggers()
      .filter((e) => !e.payload.custom_details.escalation)
      .map((e) => [e.routing_key, e.payload.custom_details.kind]),
    [
      ['R-0', 'firing'],
      ['R-0', 'update'],
    ],
  );
  assert.ok(triggers().every((e) => e.dedup_key === first!.groupKey));

  await runUntil(env, at(11), model, callAt, state);
  [first, ...others] = await incidents();
  assert.equal(first!.status, 'resolved');
  const resolvedAt = first!.resolvedAt;
  assert.ok(resolvedAt > at(9) && resolvedAt <= at(10) + 10 * SECOND, 'resolved within a window and an interval');
  const resolves = pd.requests.map((r) => r.json as Obj).filter((e) => e.event_action === 'resolve');
  assert.deepEqual(resolves.map((e) => e.routing_key).sort(), ['R-0', 'R-1', 'R-2', 'R-3']);

  await runUntil(env, at(14), model, callAt, state);
  const list = await incidents();
  assert.equal(list.length, 2, 'a new incident after the resolved one');
  const second = list.find((i) => i.id !== first!.id)!;
  assert.equal(second.status, 'open');
  assert.equal(second.groupKey, first!.groupKey, 'same group, same PagerDuty dedup_key');
  assert.equal(second.escalation.levelIndex, 0, 'a new incident starts at L1');
  assert.ok(second.openedAt >= at(12) && second.openedAt <= at(12) + 10 * SECOND);
  const last = triggers().at(-1)!;
  assert.deepEqual([last.routing_key, last.dedup_key], ['R-0', first!.groupKey]);
});

test('a human resolve says RESOLVED with who and why on every channel, with the values of the latest evaluation', async (t) => {
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  const teamsRx = await startLoopbackReceiver(() => ({ status: 202, body: '' }));
  const hook = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => Promise.all([slack.close(), teamsRx.close(), hook.close()]));
  const env = await setup(t, [
    { id: 'slack', name: 'slack', kind: 'slack', settings: { webhookUrl: slack.url, retry: fast } },
    { id: 'teams', name: 'teams', kind: 'teams', settings: { webhookUrl: teamsRx.url, retry: fast } },
    { id: 'hook', name: 'hook', kind: 'webhook', settings: { url: hook.url, retry: fast } },
  ]);
  const { api, pd } = env;
  const model = `m-${randomUUID().slice(0, 8)}`;
  await api('POST', '/api/v1/alerts/rules', {
    id: `errors-${model}`,
    name: 'errors',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    scope: { model },
    metric: 'errorRate',
    window: '1m',
    comparator: '>',
    value: 0.05,
    runbook: 'https://runbooks.example/m',
    summary: 'error rate {{value}}',
  });
  // One call in 4 fails, then one in 10 (still above 5 %): the resolve must carry the later value.
  const at = (m: number) => T0 + m * MINUTE;
  const callAt = (ts: number) => ({ isError: Math.floor(ts / 500) % (ts < at(2) ? 4 : 10) === 0, latencyMs: 40 });
  const state = { sentUpTo: at(-2) };
  await runUntil(env, at(3) + 5 * SECOND, model, callAt, state);
  const [incident] = (await api('GET', `/api/v1/incidents?model=${model}`))!.incidents as Obj[];
  assert.equal(incident!.status, 'open');
  const firing = (await api('GET', '/api/v1/alerts'))!.alerts.find((a: Obj) => a.ruleId === `errors-${model}`);
  assert.ok(firing.value < 0.15, `the latest evaluation saw ${firing.value}`);

  const sentBefore = { slack: slack.requests.length, teams: teamsRx.requests.length, hook: hook.requests.length };
  const res = await env.s.vigil.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident!.id}/resolve`,
    headers: env.s.auth,
    payload: { cause: 'a test client sending bad requests', falsePositive: true },
  });
  assert.equal(res.statusCode, 200, res.body);
  const shown = String(Number(firing.value.toPrecision(6)));

  const s = slack.requests.slice(sentBefore.slack).map((r) => r.json as Obj);
  assert.equal(s.length, 1);
  assert.match(s[0]!.blocks[0].text.text, /^\[RESOLVED\] errors · API Performance/);
  const facts = s[0]!.blocks.find((b: Obj) => b.fields).fields.map((f: Obj) => f.text);
  assert.ok(facts.includes('*Status*\nresolved'));
  assert.ok(
    facts.includes('*Resolved by*\nVIGIL_ADMIN_KEY: a test client sending bad requests (false positive)'),
    facts.join(' | '),
  );
  assert.ok(s[0]!.text.includes(`error rate ${shown}`), 'the summary has the latest value');

  const card = (teamsRx.requests.at(-1)!.json as Obj).attachments[0].content;
  assert.match(card.body[0].text, /^\[RESOLVED\]/);
  assert.ok(
    card.body[2].facts.some(
      (f: Obj) =>
        f.title === 'Resolved by' && f.value === 'VIGIL_ADMIN_KEY: a test client sending bad requests (false positive)',
    ),
  );
  assert.equal(teamsRx.requests.length, sentBefore.teams + 1);

  const w = hook.requests.at(-1)!.json as Obj;
  assert.equal(hook.requests.length, sentBefore.hook + 1);
  assert.equal(w.status, 'resolved');
  assert.equal(w.commonAnnotations.resolved_by, 'VIGIL_ADMIN_KEY');
  assert.equal(w.alerts[0].annotations.value, shown);
  assert.match(w.alerts[0].generatorURL, new RegExp(`/alerts/rules/errors-${model}$`));

  const resolve = pd.requests.map((r) => r.json as Obj).find((e) => e.event_action === 'resolve')!;
  assert.equal(resolve.dedup_key, incident!.groupKey);
  const after = (await api('GET', `/api/v1/incidents/${incident!.id}`))!;
  assert.deepEqual(
    [after.incident.status, after.incident.resolvedBy, after.incident.isFalsePositive],
    ['resolved', 'VIGIL_ADMIN_KEY', true],
  );
});
