// Infrastructure metrics in alert rules (docs/infrastructure.md): a threshold rule on infra.cpu.utilization in
// the Infrastructure area (DevOps PRIMARY in the default RACI matrix) fires when the host it selects runs hot
// for its `for` duration, and stays quiet on another host; rules with tags that select no resource are refused;
// the rule preview replays the same minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InfraPoint, InfraResource } from '../src/storage/index.js';
import { startTestServer } from './helpers/test-server.js';

const MINUTE = 60_000;

test('a rule on infra.cpu.utilization fires for the hot host, in the Infrastructure area routed to DevOps', async (t) => {
  const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
  let clock = T0;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const id = randomUUID().slice(0, 6);
  const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });

  const raci = (await api('GET', '/api/v1/raci')).json();
  const infraRow = raci.rows.find((r: any) => r.area === 'Infrastructure');
  assert.equal(Object.entries(infraRow.roles).find(([, v]) => v === 'PRIMARY')?.[0], 'DevOps');

  const host = (name: string): InfraResource => ({
    service: null,
    host: name,
    pod: null,
    container: null,
    namespace: null,
    model: null,
  });
  const points: InfraPoint[] = [];
  for (let m = 0; m < 30; m++) {
    const hot = m >= 15 ? 0.95 : 0.3; // the hot host saturates from minute 15
    points.push({
      resource: host(`hot-${id}`),
      metric: 'cpu.utilization',
      kind: 'gauge',
      series: '',
      time: T0 + m * MINUTE + 5_000,
      startTime: 0,
      value: hot,
    });
    points.push({
      resource: host(`calm-${id}`),
      metric: 'cpu.utilization',
      kind: 'gauge',
      series: '',
      time: T0 + m * MINUTE + 5_000,
      startTime: 0,
      value: 0.3,
    });
  }
  await s.vigil.store.infra.record(points);

  const rule = (h: string) => ({
    id: `cpu-${h}`,
    name: `CPU saturated on ${h}`,
    kind: 'threshold',
    area: 'Infrastructure',
    severity: 'warning',
    scope: { tags: { host: h } },
    metric: 'infra.cpu.utilization',
    window: '5m',
    comparator: '>',
    value: 0.85,
    for: '2m',
    runbook: 'https://runbooks.example/cpu-saturation',
  });
  for (const h of [`hot-${id}`, `calm-${id}`]) {
    const res = await api('POST', '/api/v1/alerts/rules', rule(h));
    assert.ok(res.statusCode < 300, res.body);
  }
  const refused = await api('POST', '/api/v1/alerts/rules', {
    ...rule('x'),
    id: 'bad',
    scope: { tags: { region: 'eu' } },
  });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /infrastructure rules select resources by service, host, pod, container, namespace/);

  const scheduler = (s.vigil.app as any).alerting.scheduler;
  let firedAt: number | null = null;
  let last = { firing: -1 };
  for (let now = T0 + 5 * MINUTE; now <= T0 + 30 * MINUTE; now += MINUTE) {
    clock = now;
    const round = await scheduler.evaluateOnce(now);
    if (firedAt === null && round.firing > 0) firedAt = now;
    last = round;
  }
  assert.ok(firedAt !== null, 'the CPU rule fired');
  // 5-minute average above 0.85 once 4 of 5 minutes are hot (minute 19 → window end 20), then `for: 2m`
  assert.ok(firedAt >= T0 + 20 * MINUTE && firedAt <= T0 + 23 * MINUTE, `fired at minute ${(firedAt - T0) / MINUTE}`);
  assert.equal(last.firing, 1, 'the hot host fires; the calm one does not');
  const alerts = (await api('GET', '/api/v1/alerts')).body;
  assert.match(alerts, new RegExp(`cpu-hot-${id}`));

  // The rule preview replays the stored infrastructure minutes: the hot host would have fired once and still
  // be firing at the end; the calm host never.
  const preview = async (h: string) => {
    const res = await api('POST', '/api/v1/alerts/rules/preview', { rule: rule(h), range: '1h' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const hot = await preview(`hot-${id}`);
  assert.equal(hot.firings, 1);
  assert.equal(hot.episodes.at(-1).resolvedAt, null);
  const hotFired = hot.episodes.at(-1).firedAt;
  assert.ok(
    hotFired >= T0 + 20 * MINUTE && hotFired <= T0 + 23 * MINUTE,
    `preview fired at ${(hotFired - T0) / MINUTE}`,
  );
  assert.ok(hot.values.some(([, v]: [number, number | null]) => v !== null && v > 0.9));
  const calm = await preview(`calm-${id}`);
  assert.equal(calm.firings, 0);
  assert.ok(calm.values.some(([, v]: [number, number | null]) => v !== null && Math.abs(v - 0.3) < 1e-9));
});
