import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AlertList, AlertListQuery, ErrorBody } from '@vigil/protocol';
import type { AlertingService } from '../../alerting/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * GET /api/v1/alerts: pending, firing and recently resolved alerts with their silence or maintenance state,
 * firing first, and the last evaluation round.
 * @example await app.register(alertListRoutes, { alerting });
 */
export const alertListRoutes: FastifyPluginAsyncTypebox<{ alerting: AlertingService }> = async (app, { alerting }) => {
  const { scheduler } = alerting;
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
    async (req) => {
      const { state } = req.query;
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
      return { alerts, lastRound: scheduler.lastRound() };
    },
  );
};
