import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { Incident } from '../src/storage/contracts/alerting-store.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = 86_400_000;
let s: TestServer;
before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

function incident(over: Partial<Incident>): Incident {
  return {
    id: randomUUID(),
    groupKey: randomUUID(),
    title: 'latency',
    area: 'API Performance',
    severity: 'critical',
    model: null,
    endpoint: null,
    team: 'devops',
    participants: [],
    status: 'resolved',
    openedAt: NOW - DAY,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: NOW - DAY + 30 * 60_000,
    resolvedBy: 'x',
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: null,
    isCustomerFacing: false,
    runbook: null,
    links: [],
    ruleIds: [],
    fingerprints: [],
    pagedChannels: [],
    escalation: null,
    ...over,
  };
}

test('scorecard: coverage with shadow AI, adoption, MTTR vs baseline and false-positive rate from incidents', async () => {
  const owned = `owned-${randomUUID().slice(0, 6)}`;
  const shadow = `shadow-${randomUUID().slice(0, 6)}`;
  const events = [owned, shadow].map((model) => ({
    model,
    endpoint: 'POST /x',
    timestamp: NOW - 60_000,
    latencyMs: 10,
  }));
  const res = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } });
  assert.equal(res.statusCode, 200);
  await s.vigil.pipeline.flush();
  const post = (payload: object) =>
    s.vigil.app.inject({ method: 'POST', url: '/api/v1/use-cases', headers: s.auth, payload });
  assert.equal(
    (
      await post({
        id: `legacy-${owned}`,
        name: 'Legacy',
        ownerTeam: 'bi',
        models: [owned],
        endpoints: ['POST /x'],
        stage: 'production',
      })
    ).statusCode,
    201,
  );
  assert.equal(
    (await post({ id: `new-${owned}`, name: 'New one', ownerTeam: 'ds', models: [], endpoints: [] })).statusCode,
    201,
  );

  // Baseline month: MTTR 120 min; last 30 days: 30 and 60 min (45 min, −62.5 %), one of two critical ones a false positive.
  const base = NOW - 200 * DAY;
  await s.vigil.store.alerting.createIncident(incident({ openedAt: base, resolvedAt: base + 120 * 60_000 }));
  await s.vigil.store.alerting.createIncident(
    incident({ openedAt: NOW - 2 * DAY, resolvedAt: NOW - 2 * DAY + 30 * 60_000 }),
  );
  await s.vigil.store.alerting.createIncident(
    incident({ openedAt: NOW - DAY, resolvedAt: NOW - DAY + 60 * 60_000, severity: 'warning' }),
  );
  await s.vigil.store.alerting.createIncident(
    incident({ openedAt: NOW - DAY, resolvedAt: NOW - DAY + 5 * 60_000, isFalsePositive: true }),
  );

  const r = await s.vigil.app.inject({ method: 'GET', url: '/api/v1/scorecard', headers: s.auth });
  assert.equal(r.statusCode, 200, r.body);
  const card = JSON.parse(r.body) as { metrics: any[]; shadowModels: Array<{ model: string }> };
  const m = Object.fromEntries(card.metrics.map((x) => [x.key, x]));

  assert.ok(card.shadowModels.some((x) => x.model === shadow));
  assert.equal(
    card.shadowModels.some((x) => x.model === owned),
    false,
  );
  const shadowItem = m.coverage.items.find((i: any) => i.id === `model:${shadow}`);
  assert.deepEqual(
    [shadowItem.isCounted, shadowItem.note],
    [false, 'shadow AI: seen in traffic, registered to no use case'],
  );
  const legacy = m.coverage.items.find((i: any) => i.id === `use-case:legacy-${owned}`);
  assert.equal(legacy.isCounted, false);
  assert.match(legacy.note, /development\.alert_rules: API Performance: no enabled rule/);
  assert.equal(m.coverage.isOnTarget, false);

  const adoptionItems = m.adoption.items.filter((i: any) => i.id.includes(owned) || i.id.includes(shadow));
  assert.deepEqual(
    adoptionItems.map((i: any) => [i.id, i.isCounted]),
    [
      [`use-case:legacy-${owned}`, false],
      [`use-case:new-${owned}`, true],
      [`model:${shadow}`, false],
    ],
  );

  assert.equal(m.mttr.current, 45);
  assert.equal(m.mttr.isOnTarget, true);
  assert.match(m.mttr.detail, /45 min vs baseline 120 min .*-62\.5 %/);
  assert.equal(m.false_positive_rate.current, 0.5);
  assert.equal(m.false_positive_rate.isOnTarget, false);
  assert.equal(m.false_positive_rate.items.length, 2);
});
