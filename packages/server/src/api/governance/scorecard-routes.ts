import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Scorecard } from '@vigil/protocol';
import { TREND_WINDOW_MS, type ScorecardService } from '../../governance/index.js';
import { parseBaseline } from './baseline-params.js';
import { parseQueryRange } from '../http/time-params.js';

const iso = (ms: number) => new Date(ms).toISOString();
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

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

/**
 * GET /api/v1/scorecard: the deck's success metrics from use cases, traffic, coverage snapshots and incidents;
 * GET /api/v1/scorecard/coverage-history: the stored daily coverage snapshots.
 * @example await app.register(scorecardRoutes, { scorecards: governance.scorecards, now });
 */
export const scorecardRoutes: FastifyPluginAsyncTypebox<{ scorecards: ScorecardService; now: () => number }> = async (
  app,
  { scorecards, now },
) => {
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
        response: { 200: Scorecard, ...errors },
      },
    },
    async (req) => scorecards.scorecard(parseBaseline(req.query, now())),
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
        response: { 200: CoverageHistory, ...errors },
      },
    },
    async (req) => {
      const { from, to } = parseQueryRange(req.query, now() + 1, TREND_WINDOW_MS);
      const rows = await scorecards.coverageHistory(from, to);
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
};
