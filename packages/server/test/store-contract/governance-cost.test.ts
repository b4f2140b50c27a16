// The GovernanceStore and CostStore contracts: use cases with optimistic versions and an audit entry committed
// with every change, sign-offs, load tests, label counts, coverage snapshots; the append-only price table,
// budgets and ROI inputs. Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord, UseCaseRecord } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const DAY = 86_400_000;

function useCase(id: string, version = 1): UseCaseRecord {
  return {
    id,
    spec: {
      name: id,
      description: null,
      ownerTeam: 'bi',
      models: ['m'],
      endpoints: [],
      isLlm: null,
      businessImpact: null,
      expectedQps: null,
      latencyLimitMs: null,
      accuracyThreshold: null,
      isAccuracyAnswered: false,
      compliance: null,
      riskTier: null,
      monitoringAreas: [],
    },
    stage: 'requirements',
    isThroughIntake: true,
    createdAtMs: T0,
    updatedAtMs: T0,
    specChangedAtMs: T0,
    version,
  };
}

const audit = (useCaseId: string, action: string, atMs = T0): AuditRecord => ({
  useCaseId,
  atMs,
  action,
  actor: { name: 'Ana', role: 'pm' },
  apiKeyName: 'ci',
  details: { action },
});

for (const backend of backends) {
  test(`${backend.name}: use cases: created once, updated only at the expected version, deleted; the audit trail has every step and outlives it`, async () => {
    await withStore(backend, async (store, opened) => {
      const g = store.governance;
      assert.equal(await g.createUseCase(useCase('u1'), audit('u1', 'created')), true);
      assert.equal(await g.createUseCase(useCase('u1'), audit('u1', 'created again')), false, 'the id is taken');
      const next = { ...useCase('u1', 2), stage: 'development' as const };
      assert.equal(await g.updateUseCase(next, 1, audit('u1', 'advanced')), true);
      assert.equal(await g.updateUseCase({ ...next, version: 3 }, 1, audit('u1', 'stale')), false, 'stale version');
      assert.deepEqual(await g.getUseCase('u1'), next);
      await g.createUseCase(useCase('u0'), audit('u0', 'created'));
      assert.deepEqual((await g.listUseCases()).map((u) => u.id).sort(), ['u0', 'u1']);
      await g.appendAudit(audit('u1', 'advance_refused', T0 + 1));
      assert.equal(await g.deleteUseCase('u1', audit('u1', 'deleted', T0 + 2)), true);
      const g2 = (await opened.reopen()).governance;
      assert.equal(await g2.getUseCase('u1'), null);
      const trail = await g2.listAudit('u1', 100);
      assert.deepEqual(
        trail.map((e) => e.action),
        ['created', 'advanced', 'advance_refused', 'deleted'],
        'oldest first; the refused and stale writes that changed nothing left no entry but the explicit one',
      );
      assert.deepEqual(trail[0]!.actor, { name: 'Ana', role: 'pm' });
      assert.deepEqual(trail[0]!.details, { action: 'created' });
      assert.equal(typeof trail[0]!.id, 'number');
      assert.deepEqual(
        (await g2.listAudit('u1', 2)).map((e) => e.action),
        ['created', 'advanced'],
      );
    });
  });

  test(`${backend.name}: sign-offs and load tests belong to their use case, with an audit entry each`, async () => {
    await withStore(backend, async (store) => {
      const g = store.governance;
      await g.createUseCase(useCase('u1'), audit('u1', 'created'));
      const signoff = {
        useCaseId: 'u1',
        key: 'production_readiness.runbook_reviewed',
        actor: { name: 'Dora', role: 'devops-lead' },
        apiKeyName: 'ci',
        atMs: T0 + 1,
        note: 'ok',
      };
      await g.addSignoff(signoff, audit('u1', 'signed_off', T0 + 1));
      const testId = await g.addLoadTest(
        { useCaseId: 'u1', fromMs: T0, toMs: T0 + 60_000, actor: null, apiKeyName: 'ci', atMs: T0 + 2, note: null },
        audit('u1', 'load_test_recorded', T0 + 2),
      );
      assert.equal(typeof testId, 'number');
      assert.deepEqual(await g.listSignoffs('u1'), [signoff]);
      const tests = await g.listLoadTests('u1');
      assert.deepEqual(
        tests.map((t) => [t.id, t.fromMs, t.toMs]),
        [[testId, T0, T0 + 60_000]],
      );
      assert.deepEqual(await g.listSignoffs('other'), []);
      assert.deepEqual(
        (await g.listAudit('u1', 10)).map((e) => e.action),
        ['created', 'signed_off', 'load_test_recorded'],
      );
    });
  });

  test(`${backend.name}: labels received per model in [from, to) are counted; coverage snapshots keep one per day`, async () => {
    await withStore(backend, async (store) => {
      const label = (model: string, ts: number) => ({
        model,
        requestId: `r${ts}`,
        label: '1',
        timestampMs: ts,
        receivedAtMs: ts,
      });
      await store.events.appendLabels([label('m', T0), label('m', T0 + 1), label('n', T0), label('m', T0 + DAY)]);
      assert.deepEqual(await store.governance.countLabelsReceived(['m', 'n', 'z'], T0, T0 + 10), { m: 2, n: 1 });
      const snapshot = (dayMs: number, counted: number) => ({
        dayMs,
        takenAtMs: dayMs + 60_000,
        counted,
        total: 4,
        ratio: counted / 4,
        uncovered: counted < 4 ? ['model:x'] : [],
      });
      const day = Math.floor(T0 / DAY) * DAY;
      await store.governance.putCoverageSnapshot(snapshot(day, 1));
      await store.governance.putCoverageSnapshot(snapshot(day, 3));
      await store.governance.putCoverageSnapshot(snapshot(day - DAY, 2));
      assert.deepEqual(await store.governance.listCoverageSnapshots(day - DAY, day + DAY), [
        snapshot(day - DAY, 2),
        snapshot(day, 3),
      ]);
      assert.deepEqual(await store.governance.listCoverageSnapshots(day, day + 1), [snapshot(day, 3)]);
    });
  });

  test(`${backend.name}: prices are appended as numbered versions; budgets replaced whole; ROI inputs stored as given`, async () => {
    await withStore(backend, async (store, opened) => {
      const price = (model: string, inputPerMTok: number, validFrom: number) => ({
        provider: 'openai',
        model,
        inputPerMTok,
        outputPerMTok: inputPerMTok * 4,
        validFrom,
        createdAtMs: T0,
        apiKeyName: 'ci',
        note: null,
      });
      const first = await store.cost.addPrices([price('gpt-4o-mini', 0.15, T0), price('gpt-4o', 2.5, T0)]);
      const second = await store.cost.addPrices([price('gpt-4o-mini', 0.1, T0 + DAY)]);
      assert.deepEqual(
        [...first, ...second].map((p) => p.version),
        [1, 2, 3],
        'increasing over the whole table',
      );
      assert.deepEqual(
        (await store.cost.listPrices()).map((p) => [p.version, p.model, p.inputPerMTok]),
        [
          [1, 'gpt-4o-mini', 0.15],
          [2, 'gpt-4o', 2.5],
          [3, 'gpt-4o-mini', 0.1],
        ],
      );
      const budget = (target: string, monthlyUsd: number) => ({
        scope: 'team' as const,
        target,
        monthlyUsd,
        updatedAtMs: T0,
      });
      await store.cost.replaceBudgets([budget('bi', 100), budget('ops', 50)]);
      await store.cost.replaceBudgets([budget('ops', 75)]);
      assert.equal(await store.cost.getRoiInputs(), null);
      const inputs = { inputs: { measured: { costPerIncidentUsd: 500 } }, updatedAtMs: T0, apiKeyName: 'ci' };
      await store.cost.putRoiInputs(inputs);
      const c = (await opened.reopen()).cost;
      assert.deepEqual(await c.listBudgets(), [budget('ops', 75)]);
      assert.deepEqual(await c.getRoiInputs(), inputs);
      assert.equal((await c.addPrices([price('o1', 15, T0)]))[0]!.version, 4, 'versions continue after a reopen');
    });
  });
}
