import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { actorName } from '../http/actor-name.js';
import {
  CommentBody,
  CommentResult,
  ErrorBody,
  IncidentDetail,
  IncidentList,
  IncidentListQuery,
  IncidentMetricsQuery,
  IncidentMetricsResult,
  IncidentOne,
  ResolveBody,
} from '@vigil/protocol';
import type { IncidentService } from '../../incidents/index.js';
import { parseDurationParam, parseQueryRange, parseTimeParam } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });
const tags = ['alerting'];

/**
 * Incidents: list, metrics (MTTA, MTTR, false positives), detail with timeline and deliveries, and what people
 * do — acknowledge, comment, resolve. The actor is the signed-in person, or the API key's name.
 * @example await app.register(incidentRoutes, { incidents });
 */
export const incidentRoutes: FastifyPluginAsyncTypebox<{ incidents: IncidentService }> = async (app, { incidents }) => {
  app.get(
    '/api/v1/incidents',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Incidents, newest first',
        tags,
        querystring: IncidentListQuery,
        response: { 200: IncidentList, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return {
        incidents: await incidents.list({
          status: q.status,
          team: q.team,
          area: q.area,
          model: q.model,
          from: q.from === undefined ? undefined : parseTimeParam('from', q.from),
          to: q.to === undefined ? undefined : parseTimeParam('to', q.to),
          limit: q.limit,
        }),
      };
    },
  );

  app.get(
    '/api/v1/incidents/metrics',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'MTTA, MTTR and false-positive rate of critical incidents per team, area or model over time',
        tags,
        querystring: IncidentMetricsQuery,
        response: { 200: IncidentMetricsResult, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const { from, to } = parseQueryRange(q, incidents.now(), 30 * 86_400_000);
      const bucketMs = q.bucket === undefined ? to - from : parseDurationParam('bucket', q.bucket);
      return incidents.metrics({ from, to, bucketMs, groupBy: q.groupBy });
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'An incident with its timeline and deliveries',
        tags,
        params: IdParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => incidents.detail(req.params.id),
  );

  app.post(
    '/api/v1/incidents/:id/acknowledge',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Acknowledge: stops escalation, tells the paged channels',
        tags,
        params: IdParams,
        response: { 200: IncidentOne, 409: ErrorBody, ...errors },
      },
    },
    async (req) => ({ incident: await incidents.acknowledge(req.params.id, actorOf(req)) }),
  );

  app.post(
    '/api/v1/incidents/:id/comments',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Add a comment to the timeline',
        tags,
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentResult, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ entry: await incidents.comment(req.params.id, actorOf(req), req.body.text) }),
  );

  app.post(
    '/api/v1/incidents/:id/resolve',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          'Resolve with a cause and a false-positive verdict (also records them on an incident its alerts already resolved)',
        tags,
        params: IdParams,
        body: ResolveBody,
        response: { 200: IncidentOne, ...errors },
      },
    },
    async (req) => ({
      incident: await incidents.resolve(req.params.id, {
        by: actorOf(req),
        cause: req.body.cause,
        isFalsePositive: req.body.falsePositive,
      }),
    }),
  );
};

/** Who did it: the signed-in person, else the API key's name (api/http/actor-name.ts). */
function actorOf(req: FastifyRequest): string {
  return actorName(req) ?? 'unknown';
}
