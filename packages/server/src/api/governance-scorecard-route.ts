import type { FastifyInstance } from 'fastify';
import type { Store } from '../storage/index.js';

export function registerScorecardRoute(app: FastifyInstance, store: Store, now: () => number): void {
  void app;
  void store;
  void now;
}
