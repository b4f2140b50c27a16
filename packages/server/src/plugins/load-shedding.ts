import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { VigilError } from '../errors/index.js';

/**
 * Refuses work instead of queueing it without bound: ingest routes (config.shedLoad) answer 503 with
 * Retry-After when more than `maxInFlight` are being processed or the event loop lags past
 * `maxEventLoopDelayMs`; everything answers 503 while the server shuts down.
 */
export async function installLoadShedding(
  app: FastifyInstance,
  opts: { maxInFlight: number; maxEventLoopDelayMs: number; isClosing: () => boolean },
): Promise<void> {
  let inFlight = 0;
  // Event-loop delay, sampled every 500 ms. Only ingest sheds on it: reads and health checks keep
  // answering while a burst of writes drains (and while start-up compiles modules).
  let loopDelayMs = 0;
  if (opts.maxEventLoopDelayMs > 0) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const timer = setInterval(() => {
      loopDelayMs = histogram.mean / 1e6;
      histogram.reset();
    }, 500);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      histogram.disable();
    });
  }
  app.addHook('onRequest', async (req, reply) => {
    if (opts.isClosing()) {
      reply.header('Retry-After', '5').header('Connection', 'close');
      throw new VigilError(
        'VIGIL_ERR_OVERLOADED',
        'server is shutting down; retry against another node or after restart',
        undefined,
        { 'Retry-After': '5' },
      );
    }
    if (!req.routeOptions.config?.shedLoad) return;
    if (opts.maxEventLoopDelayMs > 0 && loopDelayMs > opts.maxEventLoopDelayMs) {
      throw new VigilError(
        'VIGIL_ERR_OVERLOADED',
        `server overloaded (event-loop delay ${Math.round(loopDelayMs)} ms); retry after the Retry-After delay`,
        undefined,
        { 'Retry-After': '1' },
      );
    }
    if (inFlight >= opts.maxInFlight) {
      throw new VigilError(
        'VIGIL_ERR_OVERLOADED',
        `server busy: ${inFlight} ingest requests in flight; retry after the Retry-After delay`,
        undefined,
        { 'Retry-After': '1' },
      );
    }
    inFlight++;
    // 'close' fires once whether the response finished or the client went away.
    reply.raw.once('close', () => inFlight--);
  });
}
