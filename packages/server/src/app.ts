import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { Config } from './config/index.js';
import { openStore, type Store } from './storage/index.js';
import {
  createOtlpService,
  IngestPipeline,
  OtlpGrpcServer,
  registerIngestRoutes,
  registerOtlpRoutes,
} from './ingest/index.js';
import { scheduleRetention } from './ingest/retention-job.js';
import {
  answerClientError,
  answerFrameworkError,
  installErrorHandling,
  MAX_PARAM_LENGTH,
} from './plugins/error-handler.js';
import { finiteNumbersPlugin, installRequestBounds } from './plugins/request-bounds.js';
import { installStoreHealth, StoreHealth } from './plugins/store-health.js';
import { installJsonBodyParser, MAX_BODY_BYTES } from './plugins/json-body-parser.js';
import { createKeyResolver, grantsAccess, installAuth } from './plugins/auth.js';
import { installLoadShedding } from './plugins/load-shedding.js';
import { PrometheusExporter } from './telemetry/prometheus-exporter.js';
import { registerSystemRoutes } from './api/system-routes.js';
import { registerLimitsRoutes } from './api/limits-routes.js';
import { registerHealthRoutes } from './api/health-routes.js';
import { registerOpenApiRoute } from './api/openapi-route.js';
import { installWebUi } from './plugins/web-ui.js';
import { registerModelHealthRoutes } from './api/model-health-routes.js';
import { registerAlertingFeature } from './api/alerting-routes.js';
import { registerGovernanceFeature } from './api/governance-routes.js';
import { registerCostFeature } from './api/cost-routes.js';
import { registerReportFeature } from './api/report-routes.js';
import { registerExportFeature } from './api/export-routes.js';

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
  /** OTLP/gRPC, built but not listening: `main.ts` (or a test) calls `listen(host, port)`. */
  otlpGrpc: OtlpGrpcServer;
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
  // Read before the store opens, so a wrong path fails start-up with its name and nothing half-started.
  const tls =
    config.tlsCert && config.tlsKey
      ? { cert: readTlsFile(config.tlsCert, 'tlsCert'), key: readTlsFile(config.tlsKey, 'tlsKey') }
      : undefined;
  const store =
    deps.store ??
    openStore({ backend: 'sqlite', dataDir: config.dataDir, sync: config.sync, busyTimeoutMs: config.busyTimeoutMs });
  const app = Fastify({
    ...(tls && { https: { cert: tls.cert, key: tls.key } }),
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: MAX_BODY_BYTES,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    // Requests that arrive while closing reach the load-shedding hook, which answers 503 + Retry-After in the
    // one error shape (Fastify's own 503 has neither).
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler: answerClientError,
    frameworkErrors: (err, req, reply) => answerFrameworkError(err, req as FastifyRequest, reply as FastifyReply),
    ajv: {
      customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false },
      plugins: [finiteNumbersPlugin],
    },
  });
  let closing = false;
  let stopRetention: (() => void) | undefined;
  const exporter = new PrometheusExporter(config.metricsMaxSeries);
  const health = new StoreHealth(store, {
    minFreeBytes: config.minFreeDiskMb * 1024 * 1024,
    probeIntervalMs: 2000,
    log: app.log,
    now,
  });
  const pipeline = new IngestPipeline(store, exporter, app.log, {
    flushIntervalMs: config.flushIntervalMs,
    windowFlushIntervalMs: config.windowFlushIntervalMs,
    segmentFlushIntervalMs: config.segmentFlushIntervalMs,
    maskCardNumbers: config.redactCardNumbers,
    cardinality: {
      maxModels: config.maxModels,
      maxModelsPerKey: config.maxModelsPerKey,
      maxEndpointsPerModel: config.maxEndpointsPerModel,
      maxFeaturesPerModel: config.maxFeaturesPerModel,
      maxErrorTypesPerModel: config.maxErrorTypesPerModel,
    },
    segments: {
      keysPerModel: config.maxTagKeysPerModel,
      valuesPerKey: config.maxTagValuesPerKey,
      total: config.maxSegments,
    },
    onFlushError: (err) => health.report(err),
    now,
  });

  exporter.watchCardinality(() => pipeline.cardinality());
  installErrorHandling(app, { health });
  installRequestBounds(app);
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
  installStoreHealth(app, health);

  registerSystemRoutes(app, { store, health, exporter, isClosing: () => closing });
  registerIngestRoutes(app, { pipeline, store });
  const otlp = createOtlpService({ pipeline });
  registerOtlpRoutes(app, { otlp });
  const otlpGrpc = new OtlpGrpcServer({
    otlp,
    resolveKey: createKeyResolver({ keys: store.keys, adminKey: config.adminKey }),
    mayIngest: (role) => grantsAccess(role, 'ingest'),
    isStoreFault: (err) => health.report(err),
    maxInFlight: config.maxInFlight,
    tls,
    log: app.log,
  });
  registerHealthRoutes(app, { store, now });
  registerLimitsRoutes(app, { cardinality: () => pipeline.cardinality(), metricsSeries: () => exporter.seriesUse() });
  registerOpenApiRoute(app);

  const ctx: FeatureContext = { app, store, config, pipeline, now };
  // Feature areas, in the order data flows; each registers its routes and returns its background work.
  const features: FeatureLifecycle[] = [];
  features.push(registerModelHealthRoutes(ctx));
  features.push(registerAlertingFeature(ctx));
  features.push(registerGovernanceFeature(ctx));
  features.push(registerCostFeature(ctx), registerReportFeature(ctx));
  features.push(registerExportFeature({ ...ctx, registry: exporter.registry }));
  void ctx;

  await installWebUi(app, deps.webRoot);

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    await otlpGrpc.close();
    for (const f of [...features].reverse()) await f.stop?.();
    stopRetention?.();
    health.stop();
    await pipeline.stop();
    exporter.up.set(0);
    if (!deps.store) await store.close();
  });

  return {
    app,
    store,
    pipeline,
    otlpGrpc,
    async start() {
      // A store that cannot be read or written (corrupt, I/O errors) still gets a server: /healthz answers,
      // /readyz and every write say why (503), instead of a process that exits before anyone can see it.
      const unlessStoreFault = async <T>(fallback: T, work: () => Promise<T> | T): Promise<T> => {
        try {
          return await work();
        } catch (err) {
          if (!health.report(err)) throw err;
          return fallback;
        }
      };
      const replayed = await unlessStoreFault(0, () => pipeline.recover());
      pipeline.start();
      stopRetention = scheduleRetention(store, { retentionDays: config.retentionDays, now, log: app.log });
      for (const f of features) await unlessStoreFault(undefined, () => f.start?.());
      exporter.up.set(1);
      return { replayed };
    },
  };
}

function readTlsFile(path: string, key: 'tlsCert' | 'tlsKey'): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${key}: cannot read ${path}: ${(err as Error).message}`);
  }
}
