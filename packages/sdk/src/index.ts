/**
 * @vigil/sdk — record AI model calls from any Node 18+ service. Zero runtime dependencies.
 *
 * @example
 *   import { Vigil } from '@vigil/sdk';
 *   const vigil = new Vigil({ url: 'http://localhost:8080', apiKey: process.env.VIGIL_API_KEY });
 *   app.use(vigil.middleware({ model: 'drink-recommender' }));
 */
export { Vigil, type TrackMeta, type VigilStats, type FastifyPlugin } from './vigil-client.js';
export type { VigilOptions } from './vigil-options.js';
export { VigilError, type VigilErrorCode } from './vigil-error.js';
export type { ChannelStats } from './delivery-channel.js';
export type {
  HttpMeta,
  NodeLikeRequest,
  NodeLikeResponse,
  FastifyLikeRequest,
  FastifyHooks,
  ConnectMiddleware,
} from './http-middleware.js';
export type * from './event-types.js';
