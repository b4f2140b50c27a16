import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import type { IngestPipeline } from '../ingest/index.js';
import type { Store } from '../storage/index.js';
import type { SecuritySignalRecorder } from '../audit/index.js';

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
  /** Counts security signals (failed logins, rejected keys, key use, LLM signals) on every node. */
  signals: SecuritySignalRecorder;
}

/**
 * A feature's background work, started after crash recovery on the node holding the background lease
 * (features/background-leader.ts) and stopped before the store closes or when the lease is lost. `follow` is
 * called on the nodes that do not run it: state the work keeps in memory must then be read from the store.
 */
export interface FeatureLifecycle {
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  follow?(): Promise<void> | void;
}
