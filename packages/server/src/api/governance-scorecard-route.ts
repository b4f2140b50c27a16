import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Scorecard } from '@vigil/protocol';
import type { Scorecard as ScorecardT } from '@vigil/protocol';
import {
  computeCheckpoints,
  computeScorecard,
  MONITORING_CHECKPOINTS,
  startOfUtcDay,
  TREND_WINDOW_MS,
  type ScorecardInput,
  type ScorecardUseCase,
} from '../governance/index.js';
import type { Store } from '../storage/index.js';
import { gatherFacts, readAlertingFacts, readSeenModels } from './governance-facts.js';
import { parseTimeParam } from './time-params.js';
import { VigilError } from '../errors/index.js';
import type { IncidentRecord } from '../alerting/escalation/incident-metrics.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const CoverageHistory = Type.Object({
  snapshots: Type.Array(
    Type.Object({
      day: Type.String({ description: 'UTC day, YYYY-MM-DD.' }),
      takenAt: Type.String({ format: 'date-time' }),
      counted: Type.Integer({ description: 'Production use cases and models in traffic fully monitored.' }),
      total: Type.Integer(),
      ratio: Type.Union([Type.Number(), Type.Null()], { description: 'counted ÷ total; null when total is 0.' }),
      uncovered: Type.Array(Type.String(), {
        description: 'Scorecard item ids not fully monitored: use-case:<id>, model:<name>.',
      }),
    }),
  ),
});

/** The MTTR baseline from the query parameters (never ending after `nowMs`); undefined when none is given. */
export function parseBaseline(
  q: {
    baselineFrom?: string;
    baselineTo?: string;
  },
  nowMs: number,
): { fromMs: number; toMs: number } | undefined {
  if (q.baselineFrom === undefined) return undefined;
  const fromMs = parseTimeParam('baselineFrom', q.baselineFrom);
  const toMs = q.baselineTo !== undefined ? parseTimeParam('baselineTo', q.baselineTo) : fromMs + 30 * DAY;
  if (toMs <= fromMs)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.baselineTo: must be after baselineFrom');
  if (toMs > nowMs)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.baselineTo: the baseline period must have ended (it ends ${iso(toMs)}, now is ${iso(nowMs)}); pass an earlier baselineTo${q.baselineTo === undefined ? ' (it defaults to 30 days after baselineFrom)' : ''}`,
    );
  return { fromMs, toMs };
}

/** What coverage is computed from, as of `nowMs`: each use case's monitoring checkpoints and the models seen in traffic in the last 30 days. */
export async function readCoverageFacts(
  store: Store,
  nowMs: number,
): Promise<Pick<ScorecardInput, 'nowMs' | 'useCases' | 'trafficModels'>> {
  const [records, seenModels, alerting] = await Promise.all([
    store.governance.listUseCases(),
    readSeenModels(store),
    readAlertingFacts(store),
  ]);
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
  return { nowMs, useCases, trafficModels };
}

/** Incidents of the last 400 days for the incident metrics; null when the alerting store cannot be read. */
async function readIncidentRecords(store: Store, nowMs: number): Promise<IncidentRecord[] | null> {
  if (!(store as Partial<Store>).alerting) return null;
  try {
    const list = await store.alerting.listIncidents({ from: nowMs - 400 * DAY, to: nowMs + 1, limit: 100_000 });
    return list.map((i) => ({
      id: i.id,
      title: i.title,
      area: i.area,
      team: i.team,
      model: i.model,
      severity: i.severity,
      openedAt: i.openedAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      isFalsePositive: i.isFalsePositive,
    }));
  } catch {
    return null;
  }
}

/** The deck's success metrics from use cases, traffic, stored coverage snapshots and (when present) incidents, as of `nowMs`. */
export async function buildScorecard(
  store: Store,
  nowMs: number,
  baseline: { fromMs: number; toMs: number } | undefined,
): Promise<ScorecardT> {
  const [facts, coverageHistory, incidents, inputs] = await Promise.all([
    readCoverageFacts(store, nowMs),
    store.governance.listCoverageSnapshots(nowMs - TREND_WINDOW_MS, nowMs + 1),
    readIncidentRecords(store, nowMs),
    store.cost.getRoiInputs(),
  ]);
  const stated = (inputs?.inputs as { measured?: { baselineMttrMinutes?: number } } | undefined)?.measured
    ?.baselineMttrMinutes;
  return computeScorecard({ ...facts, incidents, baseline, coverageHistory, statedBaselineMttrMinutes: stated });
}

/**
 * GET /api/v1/scorecard: the deck's success metrics from use cases, traffic, coverage snapshots and (when
 * present) incidents; GET /api/v1/scorecard/coverage-history: the stored daily coverage snapshots.
 */
export function registerScorecardRoute(app: FastifyInstance, store: Store, now: () => number): void {
  app.get(
    '/api/v1/scorecard',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Success metrics: MTTR vs baseline, false-positive rate of critical alerts, coverage, adoption; shadow AI',
        tags: ['governance'],
        querystring: Type.Object({
          baselineFrom: Type.Optional(
            Type.String({ description: 'MTTR baseline start (ISO-8601 or epoch ms); default: the first incident.' }),
          ),
          baselineTo: Type.Optional(
            Type.String({ description: 'MTTR baseline end; default: 30 days after baselineFrom.' }),
          ),
        }),
        response: { 200: Scorecard, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query as { baselineFrom?: string; baselineTo?: string };
      const nowMs = now();
      return buildScorecard(store, nowMs, parseBaseline(q, nowMs));
    },
  );

  app.get(
    '/api/v1/scorecard/coverage-history',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Daily coverage snapshots (the coverage trend), with the use cases and models not fully monitored each day',
        tags: ['governance'],
        querystring: Type.Object({
          from: Type.Optional(
            Type.String({ description: 'First day (ISO-8601 or epoch ms); default 180 days before `to`.' }),
          ),
          to: Type.Optional(Type.String({ description: 'End (exclusive); default now.' })),
        }),
        response: { 200: CoverageHistory, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query as { from?: string; to?: string };
      const to = q.to !== undefined ? parseTimeParam('to', q.to) : now() + 1;
      const from = q.from !== undefined ? parseTimeParam('from', q.from) : to - TREND_WINDOW_MS;
      if (from >= to)
        throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.from: must be before "to" (from=${from}, to=${to})`);
      const rows = await store.governance.listCoverageSnapshots(startOfUtcDay(from), to);
      return {
        snapshots: rows.map((r) => ({
          day: iso(r.dayMs).slice(0, 10),
          takenAt: iso(r.takenAtMs),
          counted: r.counted,
          total: r.total,
          ratio: r.ratio,
          uncovered: r.uncovered,
        })),
      };
    },
  );
}
