import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EventBatch, EventPage, IngestResult, LabelBatch, LabelIngestResult, ErrorBody } from '@vigil/protocol';
import { toStoredEvent, type EventReader, type IngestPipeline } from '../../ingest/index.js';
import { parseTimeParam } from '../http/time-params.js';

const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
};

const EventsQuery = Type.Object({
  model: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms, inclusive.' })),
  to: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms, exclusive.' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page.' })),
});

/**
 * POST /api/v1/events and /api/v1/labels (each item validated on its own; 2xx only after COMMIT) and
 * GET /api/v1/events.
 * @example await app.register(ingestRoutes, { pipeline, events: createEventReader(store) });
 */
export const ingestRoutes: FastifyPluginAsyncTypebox<{ pipeline: IngestPipeline; events: EventReader }> = async (
  app,
  { pipeline, events },
) => {
  app.post(
    '/api/v1/events',
    {
      config: { auth: 'ingest', shedLoad: true, validatesItems: true },
      schema: {
        summary: 'Record model calls',
        description:
          'Takes 1–1,000 events (body ≤ 5 MB, gzip accepted). Each event is validated on its own; a 2xx answer means every accepted event is durably committed. 200 when all pass, 207 when some are rejected.',
        tags: ['ingest'],
        body: EventBatch,
        response: { 200: IngestResult, 207: IngestResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { status, body } = await pipeline.ingestEvents(
        req.body.events,
        req.rawJson,
        req.apiKey?.id ?? null,
        req.allowedModels ?? null,
      );
      return reply.code(status).send(body);
    },
  );

  app.post(
    '/api/v1/labels',
    {
      config: { auth: 'ingest', shedLoad: true, validatesItems: true },
      schema: {
        summary: 'Record ground truth',
        description:
          'Labels join the stored prediction of their model with the same requestId. Same batch semantics as events; the answer also counts (and lists, up to 100) the accepted labels that matched no prediction.',
        tags: ['ingest'],
        body: LabelBatch,
        response: { 200: LabelIngestResult, 207: LabelIngestResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { status, body } = await pipeline.ingestLabels(req.body.labels, req.allowedModels ?? null);
      return reply.code(status).send(body);
    },
  );

  app.get(
    '/api/v1/events',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Read stored events, newest first',
        tags: ['ingest'],
        querystring: EventsQuery,
        response: { 200: EventPage, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await events.findEvents({
        model: q.model,
        requestId: q.requestId,
        fromMs: q.from !== undefined ? parseTimeParam('from', q.from) : undefined,
        toMs: q.to !== undefined ? parseTimeParam('to', q.to) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { events: page.events.map(toStoredEvent), nextCursor: page.nextCursor };
    },
  );
};
