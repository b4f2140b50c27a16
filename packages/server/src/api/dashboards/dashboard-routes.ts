import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  DashboardBody,
  DashboardHomeBody,
  DashboardHomes,
  DashboardList,
  DashboardOne,
  ErrorBody,
} from '@vigil/protocol';
import type { DashboardService } from '../../dashboards/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const tags = ['dashboards'];

/**
 * Custom dashboards (`/api/v1/dashboards…`) and team homes (`/api/v1/dashboard-homes/:team`): reads need a
 * read key, writes an admin key. docs/dashboard.md "Custom dashboards".
 * @example await app.register(dashboardRoutes, { dashboards });
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ dashboards: DashboardService }> = async (
  app,
  { dashboards },
) => {
  app.get(
    '/api/v1/dashboards',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Custom dashboards and the home each team pinned',
        tags,
        response: { 200: DashboardList, ...errors },
      },
    },
    async () => dashboards.list(),
  );
  app.post(
    '/api/v1/dashboards',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Save a new dashboard',
        tags,
        body: DashboardBody,
        response: { 201: DashboardOne, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send({ dashboard: await dashboards.create(req.body) }),
  );
  app.get(
    '/api/v1/dashboards/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'One dashboard (the shared link)',
        tags,
        params: IdParams,
        response: { 200: DashboardOne, ...errors },
      },
    },
    async (req) => ({ dashboard: await dashboards.get(req.params.id) }),
  );
  app.put(
    '/api/v1/dashboards/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace a dashboard (name, range, panels)',
        tags,
        params: IdParams,
        body: DashboardBody,
        response: { 200: DashboardOne, ...errors },
      },
    },
    async (req) => ({
      dashboard: await dashboards.replace(req.params.id, req.body),
    }),
  );
  app.delete(
    '/api/v1/dashboards/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a dashboard (teams that pinned it have no home until they pin another)',
        tags,
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await dashboards.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/v1/dashboard-homes/:team',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Pin a dashboard as a team's home (dashboardId null unpins)",
        tags,
        params: Type.Object({ team: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: DashboardHomeBody,
        response: { 200: DashboardHomes, ...errors },
      },
    },
    async (req) => ({
      homes: await dashboards.setHome(req.params.team, req.body.dashboardId),
    }),
  );
};
