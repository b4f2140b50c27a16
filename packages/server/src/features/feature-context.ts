import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import type { IngestPipeline } from '../ingest/index.js';
import type { Store } from '../storage/index.js';

/**
 * What a feature area gets to wire itself in: the server to register its route plugins on, the store, the
 * configuration, the ingest pipeline and the clock. The composition root (app.ts) builds it; features import
 * this module, never app.ts.
 */
export interface FeatureContext {
  app: FastifyInstance;
  store: Store;
  config: Config;
  pipeline: IngestPipeline;
  now: () => number;
}

/** A feature's background work, started after crash recovery and stopped before the store closes. */
export interface FeatureLifecycle {
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}
