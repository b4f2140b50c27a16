import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Scorecard } from '@vigil/protocol';
import type { Scorecard as ScorecardT } from '@vigil/protocol';
import { computeCheckpoints, computeScorecard, MONITORING_CHECKPOINTS, type ScorecardUseCase } from '../governance/index.js';
import type { Store } from '../storage/index.js';
import { gatherFacts, readAlertingFacts, readSeenModels } from './governance-facts.js';
import { parseTimeParam } from './time-params.js';
import { VigilError } from '../errors/index.js';

const DAY = 86_400_000;

/** The MTTR baseline from the query parameters; undefined when none is given. */
export function parseBaseline(q: { baselineFrom?: string; baselineTo?: string }): { fromMs: number; toMs: number } | undefined {
  if (q.baselineFrom === undefined) return undefined;
  const fromMs = parseTimeParam('baselineFrom', q.baselineFrom);
  const toMs = q.baselineTo !== undefined ? parseTimeParam('baselineTo', q.baselineTo) : fromMs + 30 * DAY;
  if (toMs <= fromMs) throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.baselineTo: must be after baselineFrom');
  return { fromMs, toMs };
}

/** The deck's success metrics from use cases, traffic and (when present) incidents, as of `nowMs`. */
export async function buildScorecard(store: Store, nowMs: number, baseline: { fromMs: number; toMs: number } | undefined): Promise<ScorecardT> {
  const [records, seenModels, alerting] = await Promise.all([store.governance.listUseCases(), readSeenModels(store), readAlertingFacts(store)]);
  const useCases: ScorecardUseCase[] = [];
  for (const uc of records) {
    const checkpoints = computeCheckpoints(uc, await gatherFacts(store, uc, nowMs, { seenModels, alerting }));
    const monitoring = checkpoints.filter((c) => (MONITORING_CHECKPOINTS as readonly string[]).includes(c.key));
    useCases.push({
      id: uc.id,
      name: uc.spec.name,
      stage: uc.stage,
      isThroughIntake: uc.isThroughIntake,
      createdAtMs: uc.createdAtMs,
      models: uc.spec.models,
      isFullyMonitored: monitoring.every((c) => c.isMet),
      missing: monitoring.filter((c) => !c.isMet).flatMap((c) => c.missing.map((m) => `${c.key}: ${m}`)),
    });
  }
  const trafficModels = [...seenModels.entries()]
    .filter(([, m]) => m.lastSeen >= nowMs - 30 * DAY)
    .map(([model, m]) => ({ model, firstSeen: m.firstSeen, lastSeen: m.lastSeen }));
  let incidents = null;
  if (alerting) {
    try {
      const list = await store.alerting.listIncidents({ from: nowMs - 400 * DAY, to: nowMs + 1, limit: 100_000 });
      incidents = list.map((i) => ({ id: i.id, title: i.title, area: i.area, team: i.team, model: i.model, severity: i.severity, openedAt: i.openedAt, acknowledgedAt: i.acknowledgedAt, resolvedAt: i.resolvedAt, isFalsePositive: i.isFalsePositive }));
    } catch {
      incidents = null;
    }
  }
  return computeScorecard({ nowMs, useCases, trafficModels, incidents, baseline });
}

/** GET /api/v1/scorecard: the deck's success metrics from use cases, traffic and (when present) incidents. */
export function registerScorecardRoute(app: FastifyInstance, store: Store, now: () => number): void {
  app.get(
    '/api/v1/scorecard',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Success metrics: MTTR vs baseline, false-positive rate of critical alerts, coverage, adoption; shadow AI',
        tags: ['governance'],
        querystring: Type.Object({
          baselineFrom: Type.Optional(Type.String({ description: 'MTTR baseline start (ISO-8601 or epoch ms); default: the first incident.' })),
          baselineTo: Type.Optional(Type.String({ description: 'MTTR baseline end; default: 30 days after baselineFrom.' })),
        }),
        response: { 200: Scorecard, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query as { baselineFrom?: string; baselineTo?: string };
      const nowMs = now();
      return buildScorecard(store, nowMs, parseBaseline(q));
    },
  );
}
