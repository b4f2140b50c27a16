import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Config } from './config/index.js';
import { openStore, type Store } from './storage/index.js';
import { IngestPipeline, registerIngestRoutes, registerOtlpRoutes } from './ingest/index.js';
import { scheduleRetention } from './ingest/retention-job.js';
import { installErrorHandling } from './plugins/error-handler.js';
import { installJsonBodyParser, MAX_BODY_BYTES } from './plugins/json-body-parser.js';
import { installAuth } from './plugins/auth.js';
import { RequestLogController } from './plugins/request-log.js';
import { installLoadShedding } from './plugins/load-shedding.js';
import { PrometheusExporter } from './telemetry/prometheus-exporter.js';
import { registerSystemRoutes } from './api/system-routes.js';
import { registerHealthRoutes } from './api/health-routes.js';
import { registerOpenApiRoute } from './api/openapi-route.js';
import { installWebUi } from './plugins/web-ui.js';
import { registerModelHealthRoutes } from './api/model-health-routes.js';
import { registerAlertingFeature } from './api/alerting-routes.js';
import { registerGovernanceFeature } from './api/governance-routes.js';
import { registerCostFeature } from './api/cost-routes.js';
import { registerReportFeature } from './api/report-routes.js';
import { registerInboxRoutes } from './api/inbox-routes.js';
import { registerMetricSummaryRoute } from './api/metrics-summary-route.js';
import { registerDashboardFeature } from './api/dashboard-routes.js';

export interface AppDeps {
  /** A store to use instead of opening the configured one (the app then does not close it). */
  store?: Store;
  now?: () => number;
  /** Directory of the built dashboard; defaults to packages/web/dist. */
  webRoot?: string;
}

/** What a feature area (model health, alerting, governance) gets to wire itself in. */
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

export interface VigilApp {
  app: FastifyInstance;
  store: Store;
  pipeline: IngestPipeline;
  /** Replays events the rollups miss (after a crash) and starts the periodic flush. */
  start(): Promise<{ replayed: number }>;
}

/**
 * Builds the whole server for production and tests alike: nothing here reads the environment or listens.
 * `app.close()` stops taking requests, lets acknowledged ones finish, flushes aggregates and closes the store.
 *
 * @example
 *   const { app, start } = await buildApp(loadConfig({ VIGIL_DATA_DIR: dir, VIGIL_ADMIN_KEY: key }));
 *   await start(); await app.listen({ port: 0 });
 */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<VigilApp> {
  const now = deps.now ?? Date.now;
  const store =
    deps.store ??
    openStore({ backend: 'sqlite', dataDir: config.dataDir, sync: config.sync, busyTimeoutMs: config.busyTimeoutMs });
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    logController: new RequestLogController(config.requestLogLevel ?? 'debug'),
    bodyLimit: MAX_BODY_BYTES,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false } },
  });
  let closing = false;
  let stopRetention: (() => void) | undefined;
  const exporter = new PrometheusExporter();
  const pipeline = new IngestPipeline(store, exporter, app.log, {
    flushIntervalMs: config.flushIntervalMs,
    windowFlushIntervalMs: config.windowFlushIntervalMs,
    segmentFlushIntervalMs: config.segmentFlushIntervalMs,
    maskCardNumbers: config.redactCardNumbers,
    now,
  });

  installErrorHandling(app);
  installJsonBodyParser(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Vigil API',
        version: '1',
        description:
          'Self-hosted monitoring for AI in production. Authenticate with "Authorization: Bearer <api key>".',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await installLoadShedding(app, {
    maxInFlight: config.maxInFlight,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    isClosing: () => closing,
  });
  installAuth(app, { keys: store.keys, adminKey: config.adminKey });

  registerSystemRoutes(app, { store, exporter, isClosing: () => closing });
  registerIngestRoutes(app, { pipeline, store });
  registerOtlpRoutes(app, { pipeline });
  registerHealthRoutes(app, { store, now });
  registerMetricSummaryRoute(app, { store, now });
  registerOpenApiRoute(app);

  const ctx: FeatureContext = { app, store, config, pipeline, now };
  // Feature areas, in the order data flows; each registers its routes and returns its background work.
  const features: FeatureLifecycle[] = [];
  features.push(registerModelHealthRoutes(ctx));
  features.push(registerAlertingFeature(ctx));
  features.push(registerGovernanceFeature(ctx));
  features.push(registerCostFeature(ctx), registerReportFeature(ctx));
  registerInboxRoutes(app, { store });
  features.push(registerDashboardFeature(ctx));
  void ctx;

  await installWebUi(app, deps.webRoot);

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    for (const f of [...features].reverse()) await f.stop?.();
    stopRetention?.();
    await pipeline.stop();
    exporter.up.set(0);
    if (!deps.store) await store.close();
  });

  return {
    app,
    store,
    pipeline,
    async start() {
      const replayed = await pipeline.recover();
      pipeline.start();
      stopRetention = scheduleRetention(store, { retentionDays: config.retentionDays, now, log: app.log });
      for (const f of features) await f.start?.();
      exporter.up.set(1);
      return { replayed };
    },
  };
}
