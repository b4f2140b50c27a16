import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SeededRandom } from '../src/demo/seeded-random.js';
import { RollupMetricSource } from '../src/alerting/service/index.js';
import { startTestServer } from './helpers/test-server.js';

const SECOND = 1000;
// Not on a minute: every window has partial minutes at both edges.
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0) + 17_345;

interface Call {
  timestamp: number;
  status: 'ok' | 'error';
  latencyMs: number;
  region: string;
}

/** Exactly what a window [from, to) holds, computed from the calls themselves. */
function bruteForce(calls: readonly Call[], from: number, to: number, region?: string) {
  const inside = calls.filter((c) => c.timestamp >= from && c.timestamp < to && (!region || c.region === region));
  const errors = inside.filter((c) => c.status === 'error').length;
  const latencies = inside.map((c) => c.latencyMs).sort((a, b) => a - b);
  return {
    calls: inside.length,
    errors,
    errorRate: inside.length ? errors / inside.length : null,
    callsPerMinute: (inside.length * 60_000) / (to - from),
    // DDSketch's lower rank convention: the value at rank 0.95 · (n − 1).
    p95: latencies.length ? latencies[Math.floor(0.95 * (latencies.length - 1))]! : null,
  };
}

test('a rule window covers [now − w, now) exactly, partial minutes included, at every evaluation (brute force over the same events)', async (t) => {
  const rng = new SeededRandom(20261120);
  const model = `w-${randomUUID().slice(0, 8)}`;
  // Traffic that turns bad and good at second granularity: a 14 s burst, a 3 s blip, then alternating seconds.
  const isBadSecond = (s: number) =>
    (s >= 95 && s < 109) || (s >= 170 && s < 173) || (s >= 240 && s < 280 && s % 2 === 0);
  const calls: Call[] = [];
  for (let s = 0; s < 360; s++)
    for (let k = 0, n = 2 + rng.int(4); k < n; k++) {
      const bad = isBadSecond(s) && rng.chance(0.8);
      calls.push({
        timestamp: T0 + s * SECOND + rng.int(SECOND),
        status: bad ? 'error' : 'ok',
        latencyMs: Math.round(bad ? rng.logNormal(900, 0.3) : rng.logNormal(60, 0.4)),
        region: rng.chance(0.3) ? 'eu' : 'us',
      });
    }
  let clock = T0 + 400 * SECOND;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const events = calls.map((c) => ({
    model,
    endpoint: 'POST /v1/score',
    timestamp: c.timestamp,
    status: c.status,
    latencyMs: c.latencyMs,
    tags: { region: c.region },
  }));
  for (let i = 0; i < events.length; i += 500) {
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events: events.slice(i, i + 500) },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();

  // The metric source the scheduler uses, asked directly for several metrics, windows and a segment.
  const source = new RollupMetricSource(s.vigil.store.rollups, null, null, {
    events: s.vigil.store.events,
    retentionMs: 86_400_000,
  });
  const windows = [15 * SECOND, 60 * SECOND, 90 * SECOND, 5 * 60 * SECOND];
  let checked = 0;
  for (let now = T0 + 20 * SECOND; now <= T0 + 365 * SECOND; now += 7 * SECOND + 123) {
    const queries = windows.flatMap((w) =>
      ['calls', 'errors', 'errorRate', 'callsPerMinute', 'latency.p95'].flatMap((metric) => [
        { metric, model, from: now - w, to: now },
        { metric, model, tags: { region: 'eu' }, from: now - w, to: now },
      ]),
    );
    const values = await source.fetchMany(queries);
    for (const [i, q] of queries.entries()) {
      const truth = bruteForce(calls, q.from, q.to, q.tags?.region);
      const got = values[i]!;
      const where = `${q.metric}${q.tags ? ' eu' : ''} over ${(q.to - q.from) / 1000} s at +${(now - T0) / 1000} s`;
      if (q.metric === 'latency.p95') {
        if (truth.p95 === null) assert.equal(got, null, where);
        // DDSketch: 1 % relative error on the rank's value.
        else assert.ok(Math.abs(got! - truth.p95) <= 0.011 * truth.p95 + 1, `${where}: ${got} vs ${truth.p95}`);
      } else {
        const want = truth[q.metric as 'calls' | 'errors' | 'errorRate' | 'callsPerMinute'];
        if (want === null) assert.equal(got, null, where);
        else assert.ok(Math.abs(got! - want) < 1e-9, `${where}: ${got} vs ${want}`);
      }
      checked++;
    }
  }
  t.diagnostic(`${checked} window values equal the brute force`);

  // Through the scheduler: "error rate > 5 % over 1m" fires exactly at the evaluations where the last 60 s
  // held more than 5 % errors, and the value each evaluation saw is that share.
  const rule = {
    id: `err-${model}`,
    name: 'error rate over 1m',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'warning',
    runbook: 'https://runbooks.example/errors',
    scope: { model },
    metric: 'errorRate',
    window: '1m',
    comparator: '>',
    value: 0.05,
  };
  const created = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/rules',
    headers: s.auth,
    payload: rule,
  });
  assert.equal(created.statusCode, 201, created.body);
  const scheduler = s.vigil.app.alerting.scheduler;
  let transitions = 0;
  let wasFiring = false;
  for (let now = T0 + 30 * SECOND; now <= T0 + 365 * SECOND; now += 5 * SECOND) {
    clock = now;
    await scheduler.evaluateOnce(now);
    const truth = bruteForce(calls, now - 60 * SECOND, now);
    const alert = (await scheduler.listAlerts(now)).find((a) => a.ruleId === rule.id);
    const isFiring = alert?.state === 'firing';
    assert.equal(isFiring, truth.errorRate !== null && truth.errorRate > 0.05, `state at +${(now - T0) / 1000} s`);
    if (alert) assert.equal(alert.value, truth.errorRate, `value at +${(now - T0) / 1000} s`);
    if (isFiring !== wasFiring) transitions++;
    wasFiring = isFiring;
  }
  assert.ok(transitions >= 4, `the alert followed the traffic (${transitions} transitions)`);
});
