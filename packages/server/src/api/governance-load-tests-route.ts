import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, LoadTestList } from '@vigil/protocol';
import { LOAD_TEST_SHARE } from '../governance/index.js';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import { observeWindow } from './governance-facts.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /api/v1/use-cases/:id/load-tests: the recorded load-test windows with the traffic Vigil observed in each. */
export function registerLoadTestListRoute(app: FastifyInstance, store: Store, now: () => number): void {
  app.get(
    '/api/v1/use-cases/:id/load-tests',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Recorded load-test windows, each with the calls observed and whether it meets the expected QPS',
        tags: ['governance'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: LoadTestList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req): Promise<LoadTestList> => {
      const { id } = req.params as { id: string };
      const uc = await store.governance.getUseCase(id);
      if (!uc)
        throw new VigilError(
          'VIGIL_ERR_NOT_FOUND',
          `use case "${id}" does not exist; list them with GET /api/v1/use-cases`,
        );
      const nowMs = now();
      const qps = uc.spec.expectedQps;
      const required = qps === null ? null : qps * 60 * LOAD_TEST_SHARE;
      const tests = await store.governance.listLoadTests(id);
      const loadTests = [];
      for (const t of tests) {
        const seen = await observeWindow(store, uc.spec.models, t.fromMs, t.toMs, nowMs);
        const perMinute = seen.minutes > 0 ? seen.calls / seen.minutes : null;
        loadTests.push({
          id: t.id ?? 0,
          from: iso(t.fromMs),
          to: iso(t.toMs),
          recordedAt: iso(t.atMs),
          actor: t.actor,
          apiKeyName: t.apiKeyName,
          note: t.note,
          minutes: seen.minutes,
          calls: seen.calls,
          callsPerMinute: perMinute,
          isPassing: required !== null && perMinute !== null && perMinute >= required - 1e-9,
        });
      }
      return { expectedQps: qps, requiredCallsPerMinute: required, loadTests };
    },
  );
}
