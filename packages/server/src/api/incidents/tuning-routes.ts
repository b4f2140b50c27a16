import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, TuningProposal, TuningQuery, TuningResult } from '@vigil/protocol';
import { MAX_TUNING_REPLAY_MS, type TuningService } from '../../incidents/index.js';
import { checkQuerySpan, parseTimeParam } from '../http/time-params.js';
import { VigilError } from '../../errors/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['alerting'];
const WEEK_MS = 7 * 86_400_000;

/**
 * Alert tuning from evidence: per-rule statistics over a period (ranked noisiest first) and, for one rule, a
 * change replayed with the rule preview that keeps its true incidents and removes false ones. Applying it is
 * a PUT of the proposed rule with its `reason` (the rules API, which records it in the rule change history).
 * @example await app.register(tuningRoutes, { tuning, now });
 */
export const tuningRoutes: FastifyPluginAsyncTypebox<{ tuning: TuningService; now: () => number }> = async (
  app,
  { tuning, now },
) => {
  const period = (q: { from?: string; to?: string }, maxMs?: number) => {
    const to = q.to === undefined ? now() : parseTimeParam('to', q.to);
    const from = q.from === undefined ? to - WEEK_MS : parseTimeParam('from', q.from);
    if (from >= to) throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.from: must be before `to`');
    checkQuerySpan('from', from, to, maxMs);
    return { from, to };
  };

  app.get(
    '/api/v1/alerts/tuning',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Per-rule firings, time firing, acknowledgement and false-positive rates, pages per person',
        tags,
        querystring: TuningQuery,
        response: { 200: TuningResult, ...errors },
      },
    },
    async (req) => {
      const { from, to } = period(req.query);
      return tuning.stats(from, to);
    },
  );

  app.get(
    '/api/v1/alerts/tuning/:id/proposal',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'A rule change that, replayed over the period, keeps every true incident and removes false ones',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        querystring: TuningQuery,
        response: { 200: TuningProposal, ...errors },
      },
    },
    async (req) => {
      const { from, to } = period(req.query, MAX_TUNING_REPLAY_MS);
      return tuning.propose(req.params.id, from, to);
    },
  );
};
