import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  ExportDeliveryList,
  ExportDestinationBody,
  ExportDestinationList,
  ExportDestinationOne,
  ExportTestResult,
} from '@vigil/protocol';
import type { ExportService } from '../../export/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const DeliveriesQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });

/**
 * Export destinations (docs/exports.md): configure Datadog, Splunk HEC, New Relic, CloudWatch and OTLP targets,
 * see how far each is and what it answered, send a test point. Admin keys write; read keys read.
 * @example await app.register(exportRoutes, { exports: createExportService({ store, registry, now, … }) });
 */
export const exportRoutes: FastifyPluginAsyncTypebox<{ exports: ExportService }> = async (app, { exports }) => {
  app.get(
    '/api/v1/exports',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Export destinations with their delivery status',
        tags: ['exports'],
        response: { 200: ExportDestinationList, ...errors },
      },
    },
    async (): Promise<ExportDestinationList> => ({ destinations: await exports.list() }),
  );
  app.post(
    '/api/v1/exports',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Add an export destination (Datadog, Splunk, New Relic, CloudWatch, OTLP)',
        tags: ['exports'],
        body: ExportDestinationBody,
        response: { 201: ExportDestinationOne, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send({ destination: await exports.create(req.body) }),
  );
  app.put(
    '/api/v1/exports/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Change a destination; masked secrets sent back unchanged keep their stored value',
        tags: ['exports'],
        params: IdParams,
        body: ExportDestinationBody,
        response: { 200: ExportDestinationOne, ...errors },
      },
    },
    async (req): Promise<ExportDestinationOne> => ({
      destination: await exports.update(req.params.id, req.body),
    }),
  );
  app.delete(
    '/api/v1/exports/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Remove a destination',
        tags: ['exports'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await exports.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/exports/:id/deliveries',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Recent deliveries of a destination, newest first',
        tags: ['exports'],
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: ExportDeliveryList, ...errors },
      },
    },
    async (req): Promise<ExportDeliveryList> => ({
      deliveries: await exports.deliveries(req.params.id, req.query.limit),
    }),
  );
  app.post(
    '/api/v1/exports/:id/test',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Send one test point (vigil.export.test) now and answer what the destination said',
        tags: ['exports'],
        params: IdParams,
        response: { 200: ExportTestResult, ...errors },
      },
    },
    async (req): Promise<ExportTestResult> => ({ delivery: await exports.test(req.params.id) }),
  );
};
