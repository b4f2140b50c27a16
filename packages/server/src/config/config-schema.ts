import { Type, type Static } from '@sinclair/typebox';

/**
 * Every server setting: type, default and description in one schema. The same schema documents
 * `vigil serve --help` and validates what the environment and flags supply.
 */
export const ConfigSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port (0 picks a free one).' }),
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to listen on.' }),
    dataDir: Type.String({ minLength: 1, default: './data', description: 'Directory of the embedded SQLite store.' }),
    databaseUrl: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'PostgreSQL connection URL (postgres://user:password@host:5432/db) for a store several nodes share; without it the embedded SQLite store in dataDir (docs/deploy.md).',
      }),
    ),
    nodeName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          "This node's name on a shared PostgreSQL store: a restarted node takes its own writer back and replays it. Default: the host name.",
      }),
    ),
    clusterStaleMs: Type.Integer({
      minimum: 2000,
      maximum: 600_000,
      default: 15_000,
      description:
        'PostgreSQL store: a node silent this long (heartbeat every fifth of it) is dead; another node adopts its writer and replays what it acknowledged.',
    }),
    leaseCheckIntervalMs: Type.Integer({
      minimum: 100,
      maximum: 60_000,
      default: 5000,
      description:
        "How often a node checks the lease of the background work (alert evaluation, escalation, deliveries, digests, retention, snapshots) and looks for dead nodes' writers.",
    }),
    adminKey: Type.Optional(
      Type.String({
        minLength: 16,
        description: 'Admin API key accepted as-is (automation and tests). Otherwise one is generated at first start.',
      }),
    ),
    logLevel: Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { default: 'info', description: 'Log level.' },
    ),
    requestLogLevel: Type.Optional(
      Type.Union([Type.Literal('debug'), Type.Literal('info')], {
        description:
          'Level of the two lines logged per HTTP request. Default: debug (hidden at the default log level), or info when the log level is set explicitly (--log-level info brings them back).',
      }),
    ),
    sync: Type.Union([Type.Literal('normal'), Type.Literal('full')], {
      default: 'normal',
      description:
        'SQLite synchronous mode. "normal" (WAL) survives a process crash; "full" also survives power loss, at a cost.',
    }),
    busyTimeoutMs: Type.Integer({
      minimum: 0,
      default: 5000,
      description: 'SQLite busy timeout in ms (see docs/storage.md for the measurement behind the default).',
    }),
    flushIntervalMs: Type.Integer({
      minimum: 50,
      maximum: 60000,
      default: 1000,
      description: 'How often live API-health aggregates are written to the store.',
    }),
    windowFlushIntervalMs: Type.Integer({
      minimum: 50,
      maximum: 3_600_000,
      default: 30000,
      description:
        'How often model-health windows (profiles, performance) are written; each is ~60 KB to merge, so less often than rollups. The late label join (labels sent before their predictions) runs as often.',
    }),
    segmentFlushIntervalMs: Type.Integer({
      minimum: 50,
      maximum: 600_000,
      default: 10000,
      description:
        "How often segment cells (API-health per tag value) are written; there are many more of them than the calls' cells.",
    }),
    redactCardNumbers: Type.Boolean({
      default: true,
      description:
        'Mask payment card numbers (brand prefix, length and Luhn) in events to their last four digits before storing them (PCI DSS).',
    }),
    maxInFlight: Type.Integer({
      minimum: 1,
      default: 256,
      description: 'Concurrent ingest requests before the server answers 503 with Retry-After.',
    }),
    maxEventLoopDelayMs: Type.Integer({
      minimum: 0,
      default: 1000,
      description: 'Event-loop delay above which the server sheds load (503 + Retry-After); 0 disables.',
    }),
    retentionDays: Type.Integer({
      minimum: 1,
      default: 30,
      description: 'Days raw events are kept; rollups are kept longer.',
    }),
    externalUrl: Type.Optional(
      Type.String({
        pattern: '^https?://[^\\s]+$',
        maxLength: 2048,
        description:
          'Base URL users open the dashboard at, for links in alert notifications (e.g. https://vigil.example.com). Default: the address the server listens on.',
      }),
    ),
    minFreeDiskMb: Type.Integer({
      minimum: 0,
      default: 32,
      description:
        'Free space the data directory needs: below it /readyz is not ready and writes answer 503 until there is room again.',
    }),
    maxModels: Type.Integer({
      minimum: 1,
      default: 1000,
      description:
        'Models one deployment keeps (the demo has 4). An event for a new model past it is refused (VIGIL_ERR_CARDINALITY_LIMIT).',
    }),
    maxModelsPerKey: Type.Integer({
      minimum: 1,
      default: 500,
      description: "New models one API key may introduce; past it that key's events for new models are refused.",
    }),
    maxEndpointsPerModel: Type.Integer({
      minimum: 1,
      default: 200,
      description: 'Endpoints per model (the demo has 2 at most); an event with a new endpoint past it is refused.',
    }),
    maxFeaturesPerModel: Type.Integer({
      minimum: 1,
      default: 1000,
      description: 'Feature names per model (the demo has 5 at most); an event with new features past it is refused.',
    }),
    maxErrorTypesPerModel: Type.Integer({
      minimum: 1,
      default: 300,
      description: 'Error types per model (the demo has 3 at most); later new ones are counted as "(other)".',
    }),
    maxTagKeysPerModel: Type.Integer({
      minimum: 1,
      default: 200,
      description:
        'Tag keys per model with segments of their own (the demo has 2); further keys are stored, not segmented.',
    }),
    maxTagValuesPerKey: Type.Integer({
      minimum: 1,
      default: 2500,
      description:
        'Values per tag key and model with segments of their own (the demo has 24); later values share "key=(other)".',
    }),
    maxSegments: Type.Integer({
      minimum: 1,
      default: 25_000,
      description:
        'Tag values with segments of their own over all models (the demo has 104); later ones share "key=(other)".',
    }),
    metricsMaxSeries: Type.Integer({
      minimum: 100,
      default: 60_000,
      description:
        'Model-call series on /metrics (a (model, endpoint) pair is 145 in the text format, so ~410 pairs; the demo needs ~900 series); later pairs are counted under model="(other)".',
    }),
    sessionTtlHours: Type.Integer({
      minimum: 1,
      maximum: 720,
      default: 12,
      description: 'Hours a dashboard session lasts after login.',
    }),
    maxLoginFailures: Type.Integer({
      minimum: 1,
      default: 5,
      description:
        'Failed logins for one account (four times as many from one address) within loginWindowMinutes before further logins are refused.',
    }),
    loginWindowMinutes: Type.Integer({ minimum: 1, default: 15, description: 'Window of the failed-login count.' }),
    loginRateLimitPerMinute: Type.Integer({
      minimum: 1,
      default: 30,
      description: 'Login requests per minute from one address (429 past it).',
    }),
    keyRateLimitPerMinute: Type.Integer({
      minimum: 0,
      default: 120_000,
      description: 'Requests per minute one API key may make (429 + Retry-After past it); 0 turns the limit off.',
    }),
    cookieSecure: Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')], {
      default: 'auto',
      description:
        'Secure flag of the session cookie: "auto" sets it when the request came over https or externalUrl is https.',
    }),
    corsOrigins: Type.String({
      default: '',
      description: 'Comma-separated origins allowed to call the API from a browser (CORS). Empty: CORS off.',
    }),
    auditRetentionDays: Type.Integer({
      minimum: 1,
      default: 400,
      description: 'Days the audit trail is kept (at least 12 months by default).',
    }),
    allowLoopbackTargets: Type.Boolean({
      default: false,
      description:
        'Allow notification targets on loopback addresses (127.0.0.0/8, ::1, localhost). Off: only public or private-network hosts.',
    }),
    secretsKey: Type.Optional(
      Type.String({
        minLength: 32,
        description:
          'Key that encrypts channel and exporter secrets at rest (base64 or hex of 32 bytes, or any passphrase ≥ 32 characters).',
      }),
    ),
    secretsKeyFile: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'File holding the secrets key (mode 0600). Default: <dataDir>/secrets.key, created with mode 0600 on first start.',
      }),
    ),
    exportIntervalMs: Type.Integer({
      minimum: 0,
      maximum: 3_600_000,
      default: 15_000,
      description: 'How often each export destination (Datadog, Splunk, …) gets a cycle; 0 turns exports off.',
    }),
    exportSettleMs: Type.Integer({
      minimum: 0,
      maximum: 3_600_000,
      default: 60_000,
      description: 'How long after a minute ends before its numbers are exported (late events, rollup flush).',
    }),
    otlpGrpc: Type.Boolean({
      default: false,
      description: 'Serve OTLP/gRPC (traces, metrics, logs) on otlpGrpcPort (4317 unless set).',
    }),
    otlpGrpcPort: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 65535,
        description: 'Port of the OTLP/gRPC server (0 picks a free one); setting it turns OTLP/gRPC on.',
      }),
    ),
    tlsCert: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'PEM certificate chain file: serve HTTPS (and OTLP/gRPC over TLS). Needs tlsKey.',
      }),
    ),
    tlsKey: Type.Optional(
      Type.String({ minLength: 1, description: 'PEM private key file of tlsCert. Needs tlsCert.' }),
    ),
    alertEvalIntervalMs: Type.Integer({
      minimum: 0,
      default: 30000,
      description: 'How often alert rules are evaluated; 0 turns the evaluation timer off (tests drive rounds).',
    }),
    reportCheckIntervalMs: Type.Integer({
      minimum: 0,
      default: 600000,
      description:
        'How often the scheduled report job checks whether a period is due (docs/scheduled-reports.md); 0 turns the timer off.',
    }),
    reportChromiumPath: Type.String({
      minLength: 1,
      maxLength: 4096,
      default: '/usr/bin/chromium',
      description:
        'The Chromium that prints scheduled reports to PDF (headless, through playwright-core). Without it reports are archived and sent as HTML, and the PDF is reported as unavailable.',
    }),
  },
  { additionalProperties: false },
);
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Environment variable and flag for each setting. */
export const CONFIG_SOURCES: Record<keyof Static<typeof ConfigSchema>, { env: string; flag: string }> = {
  port: { env: 'VIGIL_PORT', flag: 'port' },
  host: { env: 'VIGIL_HOST', flag: 'host' },
  dataDir: { env: 'VIGIL_DATA_DIR', flag: 'data-dir' },
  databaseUrl: { env: 'VIGIL_DATABASE_URL', flag: 'database-url' },
  adminKey: { env: 'VIGIL_ADMIN_KEY', flag: 'admin-key' },
  logLevel: { env: 'VIGIL_LOG_LEVEL', flag: 'log-level' },
  requestLogLevel: { env: 'VIGIL_REQUEST_LOG_LEVEL', flag: 'request-log-level' },
  sync: { env: 'VIGIL_SYNC', flag: 'sync' },
  busyTimeoutMs: { env: 'VIGIL_BUSY_TIMEOUT_MS', flag: 'busy-timeout-ms' },
  nodeName: { env: 'VIGIL_NODE_NAME', flag: 'node-name' },
  clusterStaleMs: { env: 'VIGIL_CLUSTER_STALE_MS', flag: 'cluster-stale-ms' },
  leaseCheckIntervalMs: { env: 'VIGIL_LEASE_CHECK_INTERVAL_MS', flag: 'lease-check-interval-ms' },
  flushIntervalMs: { env: 'VIGIL_FLUSH_INTERVAL_MS', flag: 'flush-interval-ms' },
  windowFlushIntervalMs: { env: 'VIGIL_WINDOW_FLUSH_INTERVAL_MS', flag: 'window-flush-interval-ms' },
  segmentFlushIntervalMs: { env: 'VIGIL_SEGMENT_FLUSH_INTERVAL_MS', flag: 'segment-flush-interval-ms' },
  redactCardNumbers: { env: 'VIGIL_REDACT_CARD_NUMBERS', flag: 'redact-card-numbers' },
  maxInFlight: { env: 'VIGIL_MAX_IN_FLIGHT', flag: 'max-in-flight' },
  maxEventLoopDelayMs: { env: 'VIGIL_MAX_EVENT_LOOP_DELAY_MS', flag: 'max-event-loop-delay-ms' },
  retentionDays: { env: 'VIGIL_RETENTION_DAYS', flag: 'retention-days' },
  externalUrl: { env: 'VIGIL_EXTERNAL_URL', flag: 'external-url' },
  alertEvalIntervalMs: { env: 'VIGIL_ALERT_EVAL_INTERVAL_MS', flag: 'alert-eval-interval-ms' },
  reportCheckIntervalMs: { env: 'VIGIL_REPORT_CHECK_INTERVAL_MS', flag: 'report-check-interval-ms' },
  reportChromiumPath: { env: 'VIGIL_REPORT_CHROMIUM_PATH', flag: 'report-chromium-path' },
  minFreeDiskMb: { env: 'VIGIL_MIN_FREE_DISK_MB', flag: 'min-free-disk-mb' },
  maxModels: { env: 'VIGIL_MAX_MODELS', flag: 'max-models' },
  maxModelsPerKey: { env: 'VIGIL_MAX_MODELS_PER_KEY', flag: 'max-models-per-key' },
  maxEndpointsPerModel: { env: 'VIGIL_MAX_ENDPOINTS_PER_MODEL', flag: 'max-endpoints-per-model' },
  maxFeaturesPerModel: { env: 'VIGIL_MAX_FEATURES_PER_MODEL', flag: 'max-features-per-model' },
  maxErrorTypesPerModel: { env: 'VIGIL_MAX_ERROR_TYPES_PER_MODEL', flag: 'max-error-types-per-model' },
  maxTagKeysPerModel: { env: 'VIGIL_MAX_TAG_KEYS_PER_MODEL', flag: 'max-tag-keys-per-model' },
  maxTagValuesPerKey: { env: 'VIGIL_MAX_TAG_VALUES_PER_KEY', flag: 'max-tag-values-per-key' },
  maxSegments: { env: 'VIGIL_MAX_SEGMENTS', flag: 'max-segments' },
  metricsMaxSeries: { env: 'VIGIL_METRICS_MAX_SERIES', flag: 'metrics-max-series' },
  sessionTtlHours: { env: 'VIGIL_SESSION_TTL_HOURS', flag: 'session-ttl-hours' },
  maxLoginFailures: { env: 'VIGIL_MAX_LOGIN_FAILURES', flag: 'max-login-failures' },
  loginWindowMinutes: { env: 'VIGIL_LOGIN_WINDOW_MINUTES', flag: 'login-window-minutes' },
  loginRateLimitPerMinute: { env: 'VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE', flag: 'login-rate-limit-per-minute' },
  keyRateLimitPerMinute: { env: 'VIGIL_KEY_RATE_LIMIT_PER_MINUTE', flag: 'key-rate-limit-per-minute' },
  cookieSecure: { env: 'VIGIL_COOKIE_SECURE', flag: 'cookie-secure' },
  corsOrigins: { env: 'VIGIL_CORS_ORIGINS', flag: 'cors-origins' },
  auditRetentionDays: { env: 'VIGIL_AUDIT_RETENTION_DAYS', flag: 'audit-retention-days' },
  allowLoopbackTargets: { env: 'VIGIL_ALLOW_LOOPBACK_TARGETS', flag: 'allow-loopback-targets' },
  secretsKey: { env: 'VIGIL_SECRETS_KEY', flag: 'secrets-key' },
  secretsKeyFile: { env: 'VIGIL_SECRETS_KEY_FILE', flag: 'secrets-key-file' },
  exportIntervalMs: { env: 'VIGIL_EXPORT_INTERVAL_MS', flag: 'export-interval-ms' },
  exportSettleMs: { env: 'VIGIL_EXPORT_SETTLE_MS', flag: 'export-settle-ms' },
  otlpGrpc: { env: 'VIGIL_OTLP_GRPC', flag: 'otlp-grpc' },
  otlpGrpcPort: { env: 'VIGIL_OTLP_GRPC_PORT', flag: 'otlp-grpc-port' },
  tlsCert: { env: 'VIGIL_TLS_CERT', flag: 'tls-cert' },
  tlsKey: { env: 'VIGIL_TLS_KEY', flag: 'tls-key' },
};

/** The OTLP/gRPC port when OTLP/gRPC is on (4317, the OTLP default, unless set), else null. */
export function otlpGrpcPortOf(config: Config): number | null {
  if (config.otlpGrpcPort !== undefined) return config.otlpGrpcPort;
  return config.otlpGrpc ? 4317 : null;
}
