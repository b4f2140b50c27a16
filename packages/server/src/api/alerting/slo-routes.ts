import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, SloBody, SloStatusResult } from '@vigil/protocol';
import { computeSloStatus, type AlertingService, type SloConfig } from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import { registerCollection } from './document-collections.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * SLOs (a document collection) and GET /api/v1/slos/{id}/status: error budget remaining and burn rates now.
 * @example await app.register(sloRoutes, { alerting });
 */
export const sloRoutes: FastifyPluginAsyncTypebox<{ alerting: AlertingService }> = async (app, { alerting }) => {
  const { store } = alerting;
  registerCollection<SloConfig, typeof SloBody>(
    app,
    {
      path: '/api/v1/slos',
      plural: 'slos',
      singular: 'slo',
      body: SloBody,
      item: SloBody,
      collection: store.slos,
      prepare: (s) => {
        if (s.kind === 'latency' && s.latencyThresholdMs === undefined)
          throw new VigilError('VIGIL_ERR_VALIDATION', 'body.latencyThresholdMs: is required for a latency SLO');
        return s;
      },
    },
    alerting.now,
  );

  app.get(
    '/api/v1/slos/:id/status',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Error budget remaining and burn rates of an SLO now',
        tags: ['alerting'],
        params: Type.Object({ id: Type.String() }),
        response: { 200: SloStatusResult, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      const slo = await store.slos.get(id);
      if (!slo) throw new VigilError('VIGIL_ERR_NOT_FOUND', `slo "${id}" does not exist`);
      return { slo, status: await computeSloStatus(alerting.rollups, slo, alerting.now()) };
    },
  );
};
