import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type { Store } from '../storage/index.js';
import type { PrometheusExporter } from '../telemetry/prometheus-exporter.js';
import type { StoreHealth } from '../plugins/store-health.js';

export function registerSystemRoutes(
  app: FastifyInstance,
  deps: { store: Store; health: StoreHealth; exporter: PrometheusExporter; isClosing: () => boolean },
): void {
  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Liveness: the process is serving',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Readiness: the store is writable and migrations are applied',
        tags: ['system'],
        response: {
          200: Type.Object({ status: Type.Literal('ready'), store: Type.String(), schemaVersion: Type.Integer() }),
          503: ErrorBody,
        },
      },
    },
    async () => {
      if (deps.isClosing()) throw new VigilError('VIGIL_ERR_NOT_READY', 'shutting down');
      try {
        const { schemaVersion } = await deps.health.checkReady();
        return { status: 'ready' as const, store: deps.store.kind, schemaVersion };
      } catch (err) {
        if (err instanceof VigilError) throw err;
        throw new VigilError('VIGIL_ERR_NOT_READY', `store not ready: ${(err as Error).message}`);
      }
    },
  );

  app.get(
    '/metrics',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Prometheus exposition: text, or protobuf with native histograms when the scraper asks for it',
        tags: ['system'],
        produces: ['text/plain', 'application/vnd.google.protobuf'],
      },
    },
    async (req, reply) => {
      const { contentType, body } = await deps.exporter.render(req.headers.accept);
      return reply.type(contentType).send(body);
    },
  );
}
