import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ArchivedReport,
  ErrorBody,
  ReportArchiveList,
  ReportRunBody,
  ReportSchedule,
  ReportScheduleAnswer,
} from '@vigil/protocol';
import type { ScheduledReportService } from '../../governance/index.js';
import { parseTimeParam } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['report'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/**
 * Scheduled monitoring-effectiveness reports: the schedule, the archive (numbers, HTML, PDF of every past
 * period) and a run on demand. docs/scheduled-reports.md.
 * @example await app.register(scheduledReportRoutes, { reports });
 */
export const scheduledReportRoutes: FastifyPluginAsyncTypebox<{ reports: ScheduledReportService }> = async (
  app,
  { reports },
) => {
  app.get(
    '/api/v1/reports/schedule',
    {
      config: { auth: 'read' },
      schema: { summary: 'The report schedule', tags, response: { 200: ReportScheduleAnswer, ...errors } },
    },
    async () => reports.schedule(),
  );

  app.put(
    '/api/v1/reports/schedule',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Set the report schedule: monthly or weekly, the send hour (UTC), the teams that receive it',
        tags,
        body: ReportSchedule,
        response: { 200: ReportScheduleAnswer, ...errors },
      },
    },
    async (req) => reports.setSchedule(req.body),
  );

  app.get(
    '/api/v1/reports/archive',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Archived reports, newest period first',
        tags,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: ReportArchiveList, ...errors },
      },
    },
    async (req) => ({ reports: await reports.list(req.query.limit) }),
  );

  app.get(
    '/api/v1/reports/archive/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: "One archived report with its period's numbers, frozen as generated",
        tags,
        params: IdParams,
        response: { 200: ArchivedReport, ...errors },
      },
    },
    async (req) => reports.get(req.params.id),
  );

  app.get(
    '/api/v1/reports/archive/:id/html',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The archived report as HTML',
        tags,
        params: IdParams,
        response: { 200: Type.String({ description: 'text/html' }), ...errors },
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(await reports.html(req.params.id)),
  );

  app.get(
    '/api/v1/reports/archive/:id/pdf',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The archived report as PDF (404 naming why when it has none, e.g. Chromium not installed)',
        tags,
        params: IdParams,
        // A Buffer bypasses the serializer; the schema documents the body for the OpenAPI document.
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const pdf = await reports.pdf(req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="vigil-report-${req.params.id}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.post(
    '/api/v1/reports/run',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Generate, archive and deliver the report of the last ended period (or the one holding a time)',
        tags,
        body: ReportRunBody,
        response: { 201: ArchivedReport, 409: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const report = await reports.run({
        cadence: body.cadence ?? (await reports.schedule()).schedule.cadence,
        periodContaining:
          body.periodContaining === undefined ? undefined : parseTimeParam('periodContaining', body.periodContaining),
        deliver: body.deliver ?? true,
      });
      return reply.code(201).send(report);
    },
  );
};
