import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, InboxList, InboxQuery } from '@vigil/protocol';
import type { InboxService } from '../../alerting/index.js';

/**
 * GET /api/v1/inbox: what the built-in inbox channel received, per team (docs/alerting.md "Inbox").
 * @example await app.register(inboxRoutes, { inbox: createInboxService(store.inbox) });
 */
export const inboxRoutes: FastifyPluginAsyncTypebox<{ inbox: InboxService }> = async (app, { inbox }) => {
  app.get(
    '/api/v1/inbox',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Messages the inbox channel received (what each team was paged or told), newest first',
        tags: ['alerting'],
        querystring: InboxQuery,
        response: { 200: InboxList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => inbox.list({ team: req.query.team, incidentId: req.query.incidentId, limit: req.query.limit }),
  );
};
