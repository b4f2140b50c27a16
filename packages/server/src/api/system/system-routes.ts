import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';

/** What the system routes ask of the server: its state, the store's readiness and the Prometheus exposition. */
export interface SystemProbe {
  isClosing(): boolean;
  /** Throws unless the store takes writes and its migrations are applied. */
  checkReady(): Promise<{ store: string; schemaVersion: number }>;
  /** The exposition the scraper's Accept header asks for: protobuf (native histograms) or text. */
  metrics(accept: string | undefined): Promise<{ contentType: string; body: string | Buffer }>;
}

/**
 * /healthz (liveness), /readyz (the store is writable and migrated) and /metrics (Prometheus exposition).
 * @example await app.register(systemRoutes, { probe });
 */
export const systemRoutes: FastifyPluginAsyncTypebox<{ probe: SystemProbe }> = async (app, { probe }) => {
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
      if (probe.isClosing()) throw new VigilError('VIGIL_ERR_NOT_READY', 'shutting down');
      try {
        return { status: 'ready' as const, ...(await probe.checkReady()) };
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
      const { contentType, body } = await probe.metrics(req.headers.accept);
      return reply.type(contentType).send(body);
    },
  );
};
