import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { Config } from './config/index.js';
import {
  openStore,
  type ChannelConfig,
  type DocumentCollection,
  type ExportStore,
  type Store,
} from './storage/index.js';
import {
  createEventReader,
  createInfraIngestService,
  createOtlpService,
  IngestPipeline,
  OtlpGrpcServer,
} from './ingest/index.js';
import { scheduleRetention } from './ingest/retention-job.js';
import { adoptOrphanWriters } from './ingest/orphan-writer-job.js';
import { scheduleLateLabelJoin } from './ingest/late-label-job.js';
import { BackgroundLeader } from './features/background-leader.js';
import {
  answerClientError,
  answerFrameworkError,
  installErrorHandling,
  MAX_PARAM_LENGTH,
} from './plugins/error-handler.js';
import { finiteNumbersPlugin, installRequestBounds } from './plugins/request-bounds.js';
import { installStoreHealth, StoreHealth } from './plugins/store-health.js';
import { installJsonBodyParser, MAX_BODY_BYTES } from './plugins/json-body-parser.js';
import { installProtobufBodyParser } from './plugins/protobuf-body-parser.js';
import { createKeyResolver, grantsIngest, modelsAllowedFor } from './plugins/auth.js';
import { RequestLogController } from './plugins/request-log.js';
import { installLoadShedding } from './plugins/load-shedding.js';
import { PrometheusExporter } from './telemetry/prometheus-exporter.js';
import { systemRoutes } from './api/system/system-routes.js';
import { openApiRoutes } from './api/system/openapi-routes.js';
import { ingestRoutes } from './api/ingest/ingest-routes.js';
import { limitsRoutes } from './api/ingest/limits-routes.js';
import { installWebUi } from './plugins/web-ui.js';
import { otlpRoutes } from './api/ingest/otlp-routes.js';
import { remoteWriteRoutes } from './api/ingest/remote-write-routes.js';
import type { FeatureContext, FeatureLifecycle } from './features/feature-context.js';
import { registerHealthFeature } from './features/health-feature.js';
import { registerIdentityFeature } from './features/identity-feature.js';
import type { IdentityService } from './identity/index.js';
import type { AuditService } from './audit/index.js';
import { createSecretBox, loadSecretsKey } from './secrets/index.js';
import { withSealedSecrets } from './features/sealed-store.js';
import { registerAlertingFeature } from './features/alerting-feature.js';
import { registerGovernanceFeature } from './features/governance-feature.js';
import { registerDashboardsFeature } from './features/dashboards-feature.js';
import { registerReportsFeature } from './features/reports-feature.js';
import { registerExportFeature } from './features/export-feature.js';
import { registerPrivacyFeature } from './features/privacy-feature.js';
import { registerSubjectsFeature } from './features/subjects-feature.js';
import { SecuritySignalRecorder } from './audit/index.js';

export interface AppDeps {
  /** A store to use instead of opening the configured one (the app then does not close it). */
  store?: Store;
  now?: () => number;
  /** Directory of the built dashboard; defaults to packages/web/dist. */
  webRoot?: string;
}

export interface VigilApp {
  app: FastifyInstance;
  store: Store;
  pipeline: IngestPipeline;
  /** People, sessions and API keys. */
  identity: IdentityService;
  audit: AuditService;
  /** Security signals counted in memory and written every second; `flush()` writes them now (tests). */
  signals: SecuritySignalRecorder;
  /** Alert channels with their secrets opened (the store holds them sealed with the secrets key). */
  channels: DocumentCollection<ChannelConfig>;
  /** Export destinations, likewise opened. */
  exports: ExportStore;
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
  const store = deps.store ?? (await openStore(config));
  const app = Fastify({
    ...(tls && { https: { cert: tls.cert, key: tls.key } }),
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    logController: new RequestLogController(config.requestLogLevel ?? 'debug'),
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
  let leader: BackgroundLeader | undefined;
  const exporter = new PrometheusExporter(config.metricsMaxSeries);
  const health = new StoreHealth(store, {
    minFreeBytes: config.minFreeDiskMb * 1024 * 1024,
    probeIntervalMs: 2000,
    log: app.log,
    now,
  });
  const pipelineOptions = {
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
    now,
  };
  const pipeline = new IngestPipeline(store, exporter, app.log, {
    ...pipelineOptions,
    onFlushError: (err) => health.report(err),
  });

  exporter.watchCardinality(() => pipeline.cardinality());
  installErrorHandling(app, { health });
  installRequestBounds(app);
  installJsonBodyParser(app);
  installProtobufBodyParser(app);
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
  // Security signals are counted on every node and written every second (docs/security-signals.md).
  const signals = new SecuritySignalRecorder(store.securitySignals, now, (err) => health.report(err));
  pipeline.setSecuritySignals(signals);
  const ctx: FeatureContext = { app, store, config, pipeline, now, signals };
  // Channel, exporter and single sign-on secrets are encrypted at rest with a key from the configuration or a 0600
  // file; personal-data hashes are keyed with it too.
  const secretsKey = loadSecretsKey({
    secretsKey: config.secretsKey,
    secretsKeyFile: config.secretsKeyFile,
    dataDir: config.dataDir,
  });
  const box = createSecretBox(secretsKey);
  // Identity first: its hooks (security headers, permissions, audit) must cover every route after it.
  const identityFeature = await registerIdentityFeature(ctx, { box });
  installStoreHealth(app, health);

  await app.register(systemRoutes, {
    probe: {
      isClosing: () => closing,
      checkReady: async () => ({ store: store.kind, ...(await health.checkReady()) }),
      metrics: (accept) => exporter.render(accept),
    },
  });
  await app.register(ingestRoutes, { pipeline, events: createEventReader(store) });
  const otlp = createOtlpService({ pipeline, infra: store.infra });
  await app.register(otlpRoutes, { otlp });
  await app.register(remoteWriteRoutes, { infraIngest: createInfraIngestService({ infra: store.infra }) });
  const otlpGrpc = new OtlpGrpcServer({
    otlp,
    resolveKey: createKeyResolver(identityFeature.identity),
    mayIngest: grantsIngest,
    allowedModels: (key) => modelsAllowedFor(key, identityFeature.modelsOfUseCases),
    isStoreFault: (err) => health.report(err),
    maxInFlight: config.maxInFlight,
    maxMessageBytes: MAX_BODY_BYTES,
    tls,
    log: app.log,
  });
  await app.register(limitsRoutes, {
    cardinality: () => pipeline.cardinality(),
    metricsSeries: () => exporter.seriesUse(),
  });
  await app.register(openApiRoutes);

  // Feature areas, in the order data flows; each registers its route plugins and returns its background work.
  // Governance comes before alerting in wiring only: budget rules read the cost service's budgets.
  const healthFeature = await registerHealthFeature(ctx);
  const governance = await registerGovernanceFeature(ctx);
  const privacy = await registerPrivacyFeature(ctx, { secretsKey });
  const sealed = withSealedSecrets(store, box);
  const sealedCtx = { ...ctx, store: sealed.store };
  const alerting = await registerAlertingFeature(sealedCtx, { budgets: (at) => governance.cost.computeBudgets(at) });
  const reports = await registerReportsFeature(sealedCtx, { cost: governance.cost, ...alerting });
  const dashboards = await registerDashboardsFeature(sealedCtx);
  const exportFeature = await registerExportFeature(sealedCtx, { registry: exporter.registry });
  const subjects = await registerSubjectsFeature(ctx, { audit: identityFeature.audit, secretsKey });
  const features: FeatureLifecycle[] = [
    identityFeature,
    healthFeature,
    alerting,
    governance,
    reports,
    dashboards,
    exportFeature,
    privacy,
    subjects,
  ];

  await installWebUi(app, deps.webRoot);

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    await otlpGrpc.close();
    await leader?.stop();
    health.stop();
    await pipeline.stop();
    await signals.stop();
    exporter.up.set(0);
    if (!deps.store) await store.close();
  });

  return {
    app,
    store,
    pipeline,
    identity: identityFeature.identity,
    audit: identityFeature.audit,
    signals,
    channels: sealed.channels,
    exports: sealed.exports,
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
      // Channels and export destinations stored before encryption are sealed once.
      await unlessStoreFault(undefined, () => sealed.sealAll(now()));
      pipeline.start();
      signals.start();
      let stopRetention: (() => void) | undefined;
      const retention: FeatureLifecycle = {
        start: () => {
          stopRetention = scheduleRetention(store, { retentionDays: config.retentionDays, now, log: app.log });
        },
        stop: () => stopRetention?.(),
      };
      let stopLateLabels: (() => Promise<void>) | undefined;
      const lateLabels: FeatureLifecycle = {
        start: () => {
          stopLateLabels = scheduleLateLabelJoin(store, {
            intervalMs: config.windowFlushIntervalMs,
            now,
            log: app.log,
          });
        },
        stop: () => stopLateLabels?.(),
      };
      // Background work runs on the node holding the background lease (every node, alone, on SQLite); every
      // node takes over the writers of nodes that died (PostgreSQL; none on SQLite).
      const guarded = (f: FeatureLifecycle): FeatureLifecycle => ({
        start: () => unlessStoreFault(undefined, async () => f.start?.()),
        stop: () => f.stop?.(),
        follow: () => unlessStoreFault(undefined, async () => f.follow?.()),
      });
      leader = new BackgroundLeader({
        store,
        jobs: [retention, lateLabels, ...features.map(guarded)],
        everyCheck: () => adoptOrphanWriters(store, app.log, pipelineOptions),
        checkIntervalMs: config.leaseCheckIntervalMs,
        log: app.log,
      });
      await leader.start();
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
