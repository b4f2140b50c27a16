import type { FastifyInstance } from 'fastify';
import { ErrorBody, InboxList, InboxQuery } from '@vigil/protocol';
import type { Store } from '../storage/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /api/v1/inbox: what the built-in inbox channel received, per team (docs/alerting.md "Inbox"). */
export function registerInboxRoutes(app: FastifyInstance, deps: { store: Store }): void {
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
    async (req): Promise<InboxList> => {
      const q = req.query as InboxQuery;
      const [messages, teams] = await Promise.all([
        deps.store.inbox.list({ team: q.team, incidentId: q.incidentId, limit: q.limit }),
        deps.store.inbox.countByTeam(),
      ]);
      return {
        messages: messages.map(({ atMs, ...m }) => ({ ...m, at: iso(atMs) })),
        teams: teams.map((t) => ({ team: t.team, messages: t.messages, lastAt: iso(t.lastAtMs) })),
      };
    },
  );
}
