// Alert tuning from evidence (docs/alert-tuning.md): a rule fires on one real outage and on two short blips
// that people resolve as false positives. The tuning API ranks it, proposes a change replayed with the rule
// preview, the change is applied through the rules API (and lands in the rule change history), and a replay
// of the same data by the live scheduler on a fresh server fires only for the real outage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MINUTE_MS } from '../src/analysis/api-health/index.js';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const END = T0 + 60 * MINUTE_MS;
const pdAccepted = (req: ReceivedRequest) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', dedup_key: (req.json as Obj).dedup_key }),
});

/** Minute by minute: errors in 1 of `every` calls (0 = none). A 10-minute outage at 50 %, two 3-minute blips at 25 %. */
function errorEveryAt(minute: number): number {
  if (minute >= 10 && minute < 20) return 2;
  if ((minute >= 30 && minute < 33) || (minute >= 45 && minute < 48)) return 4;
  return 0;
}

async function serverWithData(clock: { now: number }, model: string, pdUrl: string) {
  const s = await startTestServer({ now: () => clock.now, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const send = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
    const res = await s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const events = [];
  for (let m = 0; m < 60; m++)
    for (let k = 0; k < 20; k++) {
      const every = errorEveryAt(m);
      events.push({
        model,
        endpoint: 'POST /score',
        timestamp: T0 + m * MINUTE_MS + k * 3000,
        latencyMs: 40,
        status: every && k % every === 0 ? 'error' : 'ok',
      });
    }
  for (let i = 0; i < events.length; i += 1000)
    await send('POST', '/api/v1/events', { events: events.slice(i, i + 1000) });
  await s.vigil.pipeline.flush();
  const retry = { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };
  await send('POST', '/api/v1/channels', {
    id: 'pd',
    name: 'pd',
    kind: 'pagerduty',
    settings: { routingKey: 'R-devops', eventsUrl: pdUrl, retry },
  });
  await send('POST', '/api/v1/teams', {
    name: 'DevOps',
    members: [
      { id: 'ann', name: 'Ann' },
      { id: 'bo', name: 'Bo' },
    ],
    rotation: { startsAt: T0 - 86_400_000, handoffWeekday: 1, handoffHour: 9, memberIds: ['ann', 'bo'] },
    channels: { page: ['pd'], notify: [], digest: [] },
  });
  return { s, send };
}

/** Runs the live scheduler over the hour at its 30 s step, as the server would have. */
async function runLive(s: TestServer, clock: { now: number }) {
  for (let t = T0 + MINUTE_MS; t <= END; t += 30_000) {
    clock.now = t;
    await s.vigil.app.alerting.scheduler.evaluateOnce(t);
  }
}

const rule = (model: string) => ({
  id: `err-${model}`,
  name: 'error rate high',
  kind: 'threshold',
  area: 'API Performance',
  severity: 'critical',
  runbook: 'https://runbooks.example/errors',
  scope: { model },
  metric: 'errorRate',
  window: '2m',
  comparator: '>',
  value: 0.2,
  for: '1m',
});

test('tuning: stats rank the noisy rule; the replayed proposal, applied, keeps the outage and drops the blips', async (t) => {
  const pd = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd.close());
  const model = `m-${randomUUID().slice(0, 8)}`;
  const clock = { now: T0 };
  const { s, send } = await serverWithData(clock, model, pd.url);
  t.after(() => s.close());
  await send('POST', '/api/v1/alerts/rules', rule(model));
  await runLive(s, clock);

  const incidents = (await s.vigil.app.inject({ url: '/api/v1/incidents', headers: s.auth })).json().incidents as Obj[];
  assert.equal(incidents.length, 3, 'the outage and the two blips each opened an incident');
  const byOpen = incidents.sort((a, b) => a.openedAt - b.openedAt);
  assert.ok(byOpen.every((i) => i.status === 'resolved'));
  // People acknowledge the outage after 2 minutes and call both blips false positives.
  clock.now = byOpen[0]!.openedAt + 2 * MINUTE_MS;
  const outage = byOpen[0]!;
  for (const [i, fp] of [
    [byOpen[1]!, true],
    [byOpen[2]!, true],
    [outage, false],
  ] as const)
    await send('POST', `/api/v1/incidents/${i.id}/resolve`, { cause: fp ? 'blip' : 'bad deploy', falsePositive: fp });
  clock.now = END;

  const stats = (
    await s.vigil.app.inject({
      url: `/api/v1/alerts/tuning?from=${T0}&to=${END}`,
      headers: s.auth,
    })
  ).json();
  const row = (stats.rules as Obj[]).find((r) => r.ruleId === rule(model).id)!;
  assert.equal(row.firings, 3);
  assert.equal(row.falsePositives, 2);
  assert.equal(row.resolved, 3);
  assert.equal(row.falsePositiveRate, 2 / 3);
  assert.equal(row.acknowledged, 0);
  assert.equal(row.pages, pd.requests.filter((r) => (r.json as Obj).event_action === 'trigger').length);
  assert.equal(row.pages, 3);
  assert.equal(row.onCallPeople, 2);
  assert.ok(Math.abs(row.pagesPerWeekPerPerson - 3 / (1 / 168) / 2) < 1e-6, String(row.pagesPerWeekPerPerson));
  assert.ok(row.firingMs > 0);

  const proposalRes = await s.vigil.app.inject({
    url: `/api/v1/alerts/tuning/${encodeURIComponent(rule(model).id)}/proposal?from=${T0}&to=${END}`,
    headers: s.auth,
  });
  assert.equal(proposalRes.statusCode, 200, proposalRes.body);
  const proposal = proposalRes.json();
  assert.deepEqual(proposal.current, { firings: 3, caughtTrue: 1, caughtFalse: 2 });
  assert.ok(proposal.proposal, proposal.note);
  const chosen = proposal.proposal.candidate;
  assert.deepEqual([chosen.field, chosen.before, chosen.after], ['for', '1m', '2m']);
  assert.deepEqual([chosen.keptTrue, chosen.removedFalse, chosen.isSafe, chosen.firings], [1, 2, true, 1]);
  const unsafe = (proposal.candidates as Obj[]).filter((c) => !c.isSafe);
  assert.ok(
    unsafe.every((c) => c.keptTrue < 1),
    'a candidate is unsafe only when it loses the outage',
  );

  // One click: PUT the proposed rule with its reason through the rules API.
  const applied = await s.vigil.app.inject({
    method: 'PUT',
    url: `/api/v1/alerts/rules/${encodeURIComponent(rule(model).id)}?reason=${encodeURIComponent(proposal.proposal.reason)}`,
    headers: s.auth,
    payload: proposal.proposal.rule,
  });
  assert.equal(applied.statusCode, 200, applied.body);
  assert.equal(applied.json().change, 'updated');
  const historyRes = await s.vigil.app.inject({
    url: `/api/v1/alerts/rules/${encodeURIComponent(rule(model).id)}/history`,
    headers: s.auth,
  });
  assert.equal(historyRes.statusCode, 200, historyRes.body);
  const history = historyRes.json().changes as Obj[];
  assert.deepEqual(
    history.map((h) => [h.change, h.version, h.actor]),
    [
      ['update', 2, 'VIGIL_ADMIN_KEY'],
      ['create', 1, 'VIGIL_ADMIN_KEY'],
    ],
  );
  assert.deepEqual(history[0]!.fields, [{ field: 'for', before: '1m', after: '2m' }]);
  assert.equal(history[0]!.reason, proposal.proposal.reason);
  const tooLong = await s.vigil.app.inject({
    method: 'PUT',
    url: `/api/v1/alerts/rules/${encodeURIComponent(rule(model).id)}?reason=${'x'.repeat(501)}`,
    headers: s.auth,
    payload: proposal.proposal.rule,
  });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.json().message, /querystring\.reason/);

  // The replay: the same data on a fresh server, the live scheduler running the applied rule.
  const stored = (
    await s.vigil.app.inject({ url: `/api/v1/alerts/rules/${encodeURIComponent(rule(model).id)}`, headers: s.auth })
  ).json().rule.rule;
  const pd2 = await startLoopbackReceiver(pdAccepted);
  t.after(() => pd2.close());
  const clock2 = { now: T0 };
  const replay = await serverWithData(clock2, model, pd2.url);
  t.after(() => replay.s.close());
  await replay.send('POST', '/api/v1/alerts/rules', stored);
  await runLive(replay.s, clock2);
  const replayed = (await replay.s.vigil.app.inject({ url: '/api/v1/incidents', headers: replay.s.auth })).json()
    .incidents as Obj[];
  assert.equal(replayed.length, 1, 'only the outage fires');
  assert.ok(
    replayed[0]!.openedAt >= outage.openedAt && replayed[0]!.openedAt <= outage.resolvedAt,
    'the kept incident is the outage',
  );
});

test('tuning: bad periods are refused with the parameter named; an unknown rule is 404', async (t) => {
  const s = await startTestServer({ env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const bad = await s.vigil.app.inject({ url: '/api/v1/alerts/tuning?from=2026-12-02&to=2026-12-01', headers: s.auth });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /querystring\.from/);
  const long = await s.vigil.app.inject({
    url: '/api/v1/alerts/tuning/x/proposal?from=2026-10-01&to=2026-12-01',
    headers: s.auth,
  });
  assert.equal(long.statusCode, 400);
  assert.match(long.json().message, /querystring\.from.*14d/);
  const missing = await s.vigil.app.inject({ url: '/api/v1/alerts/tuning/nope/proposal', headers: s.auth });
  assert.equal(missing.statusCode, 404);
});
