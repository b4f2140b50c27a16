// The AlertingStore contract (storage/contracts/alerting-store.ts): rules with versions and a revision, alert
// state, incidents with their timeline and deliveries, the RACI matrix, the escalation policy and the document
// collections. Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRule, MonitoringArea, RaciRole } from '@vigil/protocol';
import type { AlertInstance, Incident, Store } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);

const rule = (id: string, threshold = 1): AlertRule => ({
  id,
  name: `rule ${id}`,
  kind: 'threshold',
  area: 'API Performance',
  severity: 'critical',
  metric: 'errorRate',
  comparator: '>',
  value: threshold,
  window: '5m',
  runbook: 'https://runbooks.example/errors',
});

function incident(id: string, openedAt: number, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    groupKey: `g-${id}`,
    title: `incident ${id}`,
    area: 'API Performance',
    severity: 'critical',
    model: 'm',
    endpoint: null,
    team: 'DevOps',
    participants: [],
    status: 'open',
    openedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: null,
    isCustomerFacing: false,
    runbook: null,
    links: [{ text: 'chart', href: 'http://vigil/x' }],
    ruleIds: ['r1'],
    fingerprints: ['f1'],
    pagedChannels: [],
    escalation: null,
    ...extra,
  };
}

// The state tracker keeps one series per rule, so a snapshot holds at most one alert per rule.
const alert = (fingerprint: string): AlertInstance => ({
  fingerprint,
  ruleId: `rule-${fingerprint}`,
  labels: { alertname: 'r1', model: 'm' },
  annotations: { summary: 's' },
  state: 'firing',
  severity: 'critical',
  area: 'API Performance',
  activeAt: T0,
  firedAt: T0 + 1,
  resolvedAt: null,
  keepFiringSince: null,
  lastEvaluatedAt: T0 + 2,
  value: 0.5,
  forMs: 0,
  keepFiringForMs: 0,
});

async function reopen(opened: { reopen(): Promise<Store> }): Promise<Store['alerting']> {
  return (await opened.reopen()).alerting;
}

for (const backend of backends) {
  test(`${backend.name}: rules: created, updated (version moves only on a change), deleted; the revision moves with each change`, async () => {
    await withStore(backend, async (store) => {
      const a = store.alerting;
      const rev0 = await a.rulesRevision();
      const created = await a.putRule(rule('r1'), 'api', T0);
      assert.equal(created.change, 'created');
      assert.equal(created.stored.version, 1);
      assert.equal((await a.putRule(rule('r1'), 'api', T0 + 1)).change, 'unchanged');
      const rev1 = await a.rulesRevision();
      assert.notEqual(rev1, rev0);
      const updated = await a.putRule(rule('r1', 2), 'yaml', T0 + 2);
      assert.equal(updated.change, 'updated');
      assert.deepEqual(
        [updated.stored.version, updated.stored.source, updated.stored.createdAt, updated.stored.updatedAt],
        [2, 'yaml', T0, T0 + 2],
      );
      assert.notEqual(await a.rulesRevision(), rev1);
      await a.putRule(rule('r0'), 'api', T0);
      assert.deepEqual(
        (await a.listRules()).map((r) => r.rule.id),
        ['r0', 'r1'],
      );
      assert.deepEqual((await a.getRule('r1'))?.rule, rule('r1', 2));
      const rev2 = await a.rulesRevision();
      assert.equal(await a.deleteRule('r1'), true);
      assert.equal(await a.deleteRule('r1'), false);
      assert.notEqual(await a.rulesRevision(), rev2);
      assert.equal(await a.getRule('r1'), null);
    });
  });

  test(`${backend.name}: the alert-state snapshot is replaced whole and survives a reopen`, async () => {
    await withStore(backend, async (store, opened) => {
      await store.alerting.saveAlertState([alert('a'), alert('b')], T0);
      await store.alerting.saveAlertState([alert('b'), alert('c')], T0 + 1);
      const loaded = await (await reopen(opened)).loadAlertState();
      assert.deepEqual(loaded.map((x) => x.fingerprint).sort(), ['b', 'c']);
      assert.deepEqual(
        loaded.find((x) => x.fingerprint === 'c'),
        alert('c'),
      );
    });
  });

  test(`${backend.name}: incidents: created, updated, found active by group key, listed newest first with filters`, async () => {
    await withStore(backend, async (store) => {
      const a = store.alerting;
      await a.createIncident(incident('i1', T0));
      await a.createIncident(incident('i2', T0 + 1000, { team: 'InfoSec', model: 'n' }));
      await a.createIncident(
        incident('i3', T0 + 2000, { groupKey: 'g-i1', status: 'resolved', resolvedAt: T0 + 3000 }),
      );
      assert.equal((await a.findActiveIncident('g-i1'))?.id, 'i1', 'the resolved one of the group is not active');
      const acknowledged = { ...incident('i1', T0), status: 'acknowledged' as const, acknowledgedAt: T0 + 5 };
      await a.updateIncident({ ...acknowledged, acknowledgedBy: 'ana', participants: ['Data Science'] });
      const got = await a.getIncident('i1');
      assert.equal(got?.status, 'acknowledged');
      assert.equal(got?.acknowledgedBy, 'ana');
      assert.deepEqual(got?.participants, ['Data Science']);
      assert.deepEqual(got?.links, [{ text: 'chart', href: 'http://vigil/x' }]);
      assert.equal(await a.getIncident('nope'), null);
      const ids = async (q: Parameters<typeof a.listIncidents>[0]) => (await a.listIncidents(q)).map((i) => i.id);
      assert.deepEqual(await ids({}), ['i3', 'i2', 'i1']);
      assert.deepEqual(await ids({ status: 'resolved' }), ['i3']);
      assert.deepEqual(await ids({ team: 'InfoSec' }), ['i2']);
      assert.deepEqual(await ids({ model: 'n' }), ['i2']);
      assert.deepEqual(await ids({ from: T0 + 500, to: T0 + 2000 }), ['i2'], 'openedAt in [from, to)');
      assert.deepEqual(await ids({ limit: 1 }), ['i3']);
    });
  });

  test(`${backend.name}: an incident's timeline reads in time order; deliveries are recorded and filtered`, async () => {
    await withStore(backend, async (store) => {
      const a = store.alerting;
      await a.createIncident(incident('i1', T0));
      const second = await a.addTimeline({
        incidentId: 'i1',
        at: T0 + 10,
        kind: 'comment',
        actor: 'ana',
        message: 'looking',
        details: null,
      });
      const first = await a.addTimeline({
        incidentId: 'i1',
        at: T0,
        kind: 'fired',
        actor: 'system',
        message: 'fired',
        details: { value: 0.5 },
      });
      assert.ok(second.id !== first.id);
      assert.deepEqual(
        (await a.listTimeline('i1')).map((e) => [e.kind, e.details]),
        [
          ['fired', { value: 0.5 }],
          ['comment', null],
        ],
      );
      const delivery = (incidentId: string | null, channelId: string, ok: boolean) => ({
        incidentId,
        channelId,
        channelKind: 'slack',
        team: 'DevOps',
        purpose: 'page',
        notificationId: 'n1',
        notificationKind: 'firing',
        ok,
        skipped: null,
        attempts: ok ? 1 : 3,
        statusCode: ok ? 200 : 500,
        error: ok ? null : 'HTTP 500',
        startedAt: T0,
        finishedAt: T0 + 5,
        attemptLog: [{ attempt: 1 }],
      });
      const d1 = await a.addDelivery(delivery('i1', 'slack-1', true));
      await a.addDelivery(delivery(null, 'slack-2', false));
      assert.equal(typeof d1.id, 'number');
      assert.deepEqual(
        (await a.listDeliveries({ incidentId: 'i1' })).map((d) => [d.channelId, d.ok, d.attemptLog]),
        [['slack-1', true, [{ attempt: 1 }]]],
      );
      assert.deepEqual(
        (await a.listDeliveries({ channelId: 'slack-2' })).map((d) => [d.ok, d.error, d.attempts]),
        [[false, 'HTTP 500', 3]],
      );
    });
  });

  test(`${backend.name}: the RACI matrix is replaced whole; the escalation policy is null until set`, async () => {
    await withStore(backend, async (store, opened) => {
      const rows: Array<{ area: MonitoringArea; roles: Record<string, RaciRole> }> = [
        { area: 'Infrastructure', roles: { DevOps: 'PRIMARY', Business: 'INFORMED' } },
        { area: 'Compliance', roles: { InfoSec: 'PRIMARY' } },
      ];
      await store.alerting.setRaciRows(rows);
      await store.alerting.setRaciRows(rows.slice(1));
      assert.equal(await store.alerting.getEscalationPolicy(), null);
      const policy = {
        levels: [{ name: 'L1', team: 'DevOps', ackTimeoutMs: 900_000 }],
        executiveImpactUsd: 5000,
        reminderAfterMs: 3_600_000,
        reminderIntervalMs: 3_600_000,
      };
      await store.alerting.setEscalationPolicy(policy);
      const a = await reopen(opened);
      assert.deepEqual(await a.getRaciRows(), rows.slice(1));
      assert.deepEqual(await a.getEscalationPolicy(), policy);
    });
  });

  test(`${backend.name}: document collections put (saying whether it existed), get, list by id, delete`, async () => {
    await withStore(backend, async (store) => {
      const slos = store.alerting.slos;
      const slo = (id: string, objectivePercent: number) => ({
        id,
        name: id,
        kind: 'availability' as const,
        model: 'm',
        objectivePercent,
      });
      assert.deepEqual(await slos.put(slo('b', 99), T0), { existed: false });
      assert.deepEqual(await slos.put(slo('a', 99.5), T0), { existed: false });
      assert.deepEqual(await slos.put(slo('b', 99.9), T0 + 1), { existed: true });
      assert.deepEqual(await slos.get('b'), slo('b', 99.9));
      assert.deepEqual(
        (await slos.list()).map((s) => s.id),
        ['a', 'b'],
      );
      assert.equal(await slos.delete('a'), true);
      assert.equal(await slos.delete('a'), false);
      assert.equal(await slos.get('a'), null);
      // Every collection keeps its own documents.
      await store.alerting.channels.put({ id: 'b', name: 'ops', kind: 'webhook', settings: { url: 'http://x' } }, T0);
      assert.equal((await store.alerting.channels.get('b'))?.kind, 'webhook');
      assert.deepEqual(await slos.get('b'), slo('b', 99.9));
      assert.deepEqual(await store.alerting.teams.list(), []);
      assert.deepEqual(await store.alerting.silences.list(), []);
      assert.deepEqual(await store.alerting.maintenanceWindows.list(), []);
    });
  });
}
