import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  AlertList,
  AlertListQuery,
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
  type Answer,
} from '@vigil/protocol';
import { computeIncidentMetrics } from '../../incidents/index.js';
import type { AlertingService, Incident } from '../../alerting/service/index.js';
import { VigilError } from '../../errors/index.js';
import { parseDurationParam, parseQueryRange, parseTimeParam } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });

/** Who did it: the API key's name (the configured admin key reads "VIGIL_ADMIN_KEY"). */
export function actorOf(req: FastifyRequest): string {
  return req.apiKey?.name ?? 'unknown';
}

export function registerAlertingIncidentRoutes(app: FastifyInstance, alerting: AlertingService): void {
  const { store, scheduler, incidents } = alerting;

  async function incidentOr404(id: string): Promise<Incident> {
    const incident = await store.getIncident(id);
    if (!incident) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident "${id}" does not exist`);
    return incident;
  }

  app.get(
    '/api/v1/alerts',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Pending, firing and recently resolved alerts, with silence/maintenance state',
        tags: ['alerting'],
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errors },
      },
    },
    async (req): Promise<Answer<AlertList>> => {
      const { state } = req.query as { state?: string };
      const all = await scheduler.listAlerts(alerting.now());
      const alerts = all.filter((a) =>
        state === undefined ? true : state === 'silenced' ? a.isSilenced : a.state === state,
      );
      alerts.sort((a, b) =>
        a.state === b.state
          ? b.activeAt - a.activeAt
          : a.state === 'firing'
            ? -1
            : b.state === 'firing'
              ? 1
              : a.state < b.state
                ? -1
                : 1,
      );
      return { alerts, lastRound: scheduler.lastRound() as Record<string, number> | null };
    },
  );

  app.get(
    '/api/v1/incidents',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Incidents, newest first',
        tags: ['alerting'],
        querystring: IncidentListQuery,
        response: { 200: IncidentList, ...errors },
      },
    },
    async (req): Promise<Answer<IncidentList>> => {
      const q = req.query as {
        status?: Incident['status'];
        team?: string;
        area?: string;
        model?: string;
        from?: string;
        to?: string;
        limit: number;
      };
      return {
        incidents: await store.listIncidents({
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
        tags: ['alerting'],
        querystring: IncidentMetricsQuery,
        response: { 200: IncidentMetricsResult, ...errors },
      },
    },
    async (req): Promise<Answer<IncidentMetricsResult>> => {
      const q = req.query as {
        from?: string;
        to?: string;
        bucket?: string;
        groupBy: 'team' | 'area' | 'model' | 'all';
      };
      const { from, to } = parseQueryRange(q, alerting.now(), 30 * 86_400_000);
      const bucketMs = q.bucket === undefined ? to - from : parseDurationParam('bucket', q.bucket);
      if ((to - from) / bucketMs > 1000)
        throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.bucket: more than 1,000 buckets; use a wider bucket');
      const list = await store.listIncidents({ from, to, limit: 1_000_000 });
      const buckets = computeIncidentMetrics(
        list.map((i) => ({ ...i, isFalsePositive: i.isFalsePositive, businessImpactUsd: i.impactUsdPerHour })),
        { from, to, bucketMs, groupBy: q.groupBy },
      );
      return { from, to, bucketMs, groupBy: q.groupBy, buckets };
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'An incident with its timeline and deliveries',
        tags: ['alerting'],
        params: IdParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req): Promise<Answer<IncidentDetail>> => {
      const incident = await incidentOr404((req.params as { id: string }).id);
      const [timeline, deliveries] = await Promise.all([
        store.listTimeline(incident.id),
        store.listDeliveries({ incidentId: incident.id }),
      ]);
      return { incident, timeline, deliveries };
    },
  );

  app.post(
    '/api/v1/incidents/:id/acknowledge',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Acknowledge: stops escalation, tells the paged channels',
        tags: ['alerting'],
        params: IdParams,
        response: { 200: IncidentOne, 409: ErrorBody, ...errors },
      },
    },
    async (req): Promise<Answer<IncidentOne>> => {
      const incident = await incidentOr404((req.params as { id: string }).id);
      if (incident.status === 'resolved')
        throw new VigilError('VIGIL_ERR_CONFLICT', `incident "${incident.id}" is already resolved`);
      return {
        incident: await scheduler.runExclusive(async () =>
          incidents.acknowledge(
            (await store.getIncident(incident.id)) ?? incident,
            actorOf(req),
            alerting.now(),
            scheduler.alertLookup(),
          ),
        ),
      };
    },
  );

  app.post(
    '/api/v1/incidents/:id/comments',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Add a comment to the timeline',
        tags: ['alerting'],
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentResult, ...errors },
      },
    },
    async (req, reply) => {
      const incident = await incidentOr404((req.params as { id: string }).id);
      const entry = await incidents.comment(
        incident,
        actorOf(req),
        (req.body as { text: string }).text,
        alerting.now(),
      );
      return reply.code(201).send({ entry } satisfies Answer<CommentResult>);
    },
  );

  app.post(
    '/api/v1/incidents/:id/resolve',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          'Resolve with a cause and a false-positive verdict (also records them on an incident its alerts already resolved)',
        tags: ['alerting'],
        params: IdParams,
        body: ResolveBody,
        response: { 200: IncidentOne, ...errors },
      },
    },
    async (req): Promise<Answer<IncidentOne>> => {
      const incident = await incidentOr404((req.params as { id: string }).id);
      const body = req.body as { cause: string; falsePositive: boolean };
      // Between rounds, on the incident as it is then: a round may have resolved it meanwhile.
      return {
        incident: await scheduler.runExclusive(async () =>
          incidents.resolveByHuman(
            (await store.getIncident(incident.id)) ?? incident,
            { by: actorOf(req), cause: body.cause, isFalsePositive: body.falsePositive },
            alerting.now(),
            await scheduler.loadRouting(),
            scheduler.alertLookup(),
          ),
        ),
      };
    },
  );
}
