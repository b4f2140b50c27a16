import type { FastifyInstance } from 'fastify';
import underPressure from '@fastify/under-pressure';
import { VigilError, toErrorBody } from '../errors/index.js';

/**
 * Refuses work instead of queueing it without bound: ingest routes (config.shedLoad) answer 503 with
 * Retry-After when more than `maxInFlight` are being processed or the event loop lags past
 * `maxEventLoopDelayMs`; everything answers 503 while the server shuts down.
 */
export async function installLoadShedding(app: FastifyInstance, opts: { maxInFlight: number; maxEventLoopDelayMs: number; isClosing: () => boolean }): Promise<void> {
  let inFlight = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (opts.isClosing()) {
      reply.header('Retry-After', '5').header('Connection', 'close');
      throw new VigilError('VIGIL_ERR_OVERLOADED', 'server is shutting down; retry against another node or after restart', undefined, { 'Retry-After': '5' });
    }
    if (!req.routeOptions.config?.shedLoad) return;
    if (inFlight >= opts.maxInFlight) {
      throw new VigilError('VIGIL_ERR_OVERLOADED', `server busy: ${inFlight} ingest requests in flight; retry after the Retry-After delay`, undefined, { 'Retry-After': '1' });
    }
    inFlight++;
    // 'close' fires once whether the response finished or the client went away.
    reply.raw.once('close', () => inFlight--);
  });
  if (opts.maxEventLoopDelayMs > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      retryAfter: 1,
      exposeStatusRoute: false,
      pressureHandler: (req, reply, type, value) => {
        const err = new VigilError('VIGIL_ERR_OVERLOADED', `server overloaded (${type} ${Math.round(Number(value))}); retry after the Retry-After delay`);
        reply.header('Retry-After', '1').code(503).send(toErrorBody(err, req.id));
      },
    });
  }
}
