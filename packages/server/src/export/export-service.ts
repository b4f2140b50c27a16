import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ExportDelivery, ExportDestinationBody, ExportDestinationView, ExportKind } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type {
  AlertingStore,
  ExportDestinationRecord,
  ExportStateRecord,
  ExportStore,
  ReferenceStore,
  RollupStore,
} from '../storage/index.js';
import { collectIncidentEvents, collectMinuteMetrics, collectModelHealth } from './export-collector.js';
import { createDestination } from './destination-factory.js';
import { sendChunks, type RetryOptions } from './export-http.js';
import { maskExportSettings, restoreExportSecrets } from './export-secrets.js';
import type { ExportAttemptResult, ExportDestination, MetricPoint } from './export-types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Deliveries kept per destination for the status page. */
const KEEP_DELIVERIES = 200;
/** At most this much history per cycle: a destination back from an outage catches up an hour a cycle. */
const MAX_WINDOW_MS = HOUR_MS;

export interface ExportServiceOptions {
  store: { exports: ExportStore; rollups: RollupStore; alerting: AlertingStore; references: ReferenceStore | null };
  /** Where the vigil_export_* counters go (the /metrics registry). */
  registry: Registry;
  now: () => number;
  /** How often each destination is given a cycle; 0 = no timer (tests call runOnce). */
  intervalMs: number;
  /** How long after a minute ends before it is exported (late events and the rollup flush). */
  settleMs: number;
  /** How far back a new destination starts. Default 10 minutes. */
  backfillMs?: number;
  retry?: RetryOptions;
  /** One cycle's time limit, retries included. Default 120 s. */
  cycleTimeoutMs?: number;
  /** Base URL for incident links. */
  externalUrl?: string;
  log: FastifyBaseLogger;
}

/** The export stage's API for its routes and the app's lifecycle (docs/exports.md). */
export interface ExportService {
  list(): Promise<ExportDestinationView[]>;
  create(body: ExportDestinationBody): Promise<ExportDestinationView>;
  update(id: string, body: ExportDestinationBody): Promise<ExportDestinationView>;
  remove(id: string): Promise<void>;
  deliveries(id: string, limit: number): Promise<ExportDelivery[]>;
  /** Sends one test point now and records the delivery. */
  test(id: string): Promise<ExportDelivery>;
  /** Runs a cycle of every enabled destination (or one) and waits for it. */
  runOnce(id?: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Exports Vigil's numbers to the tools a company already runs. Each destination runs its own cycle — closed
 * minutes of per-model, per-endpoint rollups since its cursor, the last closed hour's drift and quality
 * scores, and incident transitions —, with retries and backoff inside, so a destination that is down (or
 * slow) delays nobody else; its cursor stays put and it catches up when it is back (at least once: a batch
 * that failed half-way is sent again).
 * @example
 * const exports = createExportService({ store, registry: exporter.registry, now: Date.now, intervalMs: 15_000, settleMs: 60_000, log });
 * exports.start();
 */
export function createExportService(options: ExportServiceOptions): ExportService {
  const { store, now, log } = options;
  const backfillMs = options.backfillMs ?? 10 * MINUTE_MS;
  const retry: RetryOptions = {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    attemptTimeoutMs: 10_000,
    ...options.retry,
  };
  const running = new Map<string, Promise<void>>();
  const aborts = new Set<AbortController>();
  const lagSeconds = new Map<string, { kind: string; lag: number }>();
  const plugins = new Map<string, { updatedAtMs: number; destination: ExportDestination }>();
  /** Consecutive failed cycles and when the next may start: a destination that keeps failing is tried less often. */
  const failing = new Map<string, { count: number; nextAtMs: number }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const registers = [options.registry];
  const batches = new Counter({
    name: 'vigil_export_batches_total',
    help: 'Export deliveries (with their retries) by destination, what (metrics, events, test) and outcome.',
    labelNames: ['destination', 'kind', 'what', 'outcome'],
    registers,
  });
  const items = new Counter({
    name: 'vigil_export_items_total',
    help: 'Metric points and events delivered, by destination.',
    labelNames: ['destination', 'kind', 'what'],
    registers,
  });
  const attemptsCounter = new Counter({
    name: 'vigil_export_attempts_total',
    help: 'HTTP attempts of export deliveries (more than batches when retried).',
    labelNames: ['destination', 'kind'],
    registers,
  });
  new Gauge({
    name: 'vigil_export_lag_seconds',
    help: 'How far behind real time each destination is (now minus the end of the last minute delivered).',
    labelNames: ['destination', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const [destination, { kind, lag }] of lagSeconds) this.set({ destination, kind }, lag);
    },
  });

  const incidentUrl = (id: string) =>
    options.externalUrl ? `${options.externalUrl.replace(/\/+$/, '')}/incidents/${id}` : null;

  function plugin(d: ExportDestinationRecord): ExportDestination {
    const cached = plugins.get(d.id);
    if (cached && cached.updatedAtMs === d.updatedAtMs) return cached.destination;
    const destination = createDestination(d.kind as ExportKind, d.settings, retry);
    plugins.set(d.id, { updatedAtMs: d.updatedAtMs, destination });
    return destination;
  }

  function initialState(d: ExportDestinationRecord): ExportStateRecord {
    return {
      destinationId: d.id,
      metricsThroughMs: Math.floor((d.createdAtMs - backfillMs) / MINUTE_MS) * MINUTE_MS,
      healthThroughMs: Math.floor(d.createdAtMs / HOUR_MS) * HOUR_MS,
      eventsThroughMs: d.createdAtMs - backfillMs,
      lastAttemptAtMs: null,
      lastSuccessAtMs: null,
      lastError: null,
      batchesOk: 0,
      batchesFailed: 0,
      itemsSent: 0,
    };
  }

  async function record(
    d: ExportDestinationRecord,
    state: ExportStateRecord,
    what: ExportDelivery['what'],
    result: ExportAttemptResult,
    count: number,
    startedAt: number,
    newestMs: number | null,
  ): Promise<ExportDelivery> {
    const at = now();
    const delivery: ExportDelivery = {
      at,
      what,
      ok: result.ok,
      attempts: result.attempts,
      statusCode: result.statusCode,
      error: result.error,
      items: count,
      durationMs: at - startedAt,
      lagMs: result.ok && newestMs !== null ? Math.max(0, at - newestMs) : null,
    };
    state.lastAttemptAtMs = at;
    if (result.ok) {
      state.lastSuccessAtMs = at;
      state.lastError = null;
      state.batchesOk++;
      state.itemsSent += count;
      items.inc({ destination: d.name, kind: d.kind, what }, count);
    } else {
      state.lastError = result.error;
      state.batchesFailed++;
    }
    batches.inc({ destination: d.name, kind: d.kind, what, outcome: result.ok ? 'ok' : 'failed' });
    attemptsCounter.inc({ destination: d.name, kind: d.kind }, result.attempts);
    await store.exports.addDelivery({ destinationId: d.id, atMs: at, ...delivery }, KEEP_DELIVERIES);
    return delivery;
  }

  /** Sends points in chunks; moves the metrics cursor past every whole minute delivered. */
  async function deliverPoints(
    d: ExportDestinationRecord,
    state: ExportStateRecord,
    points: MetricPoint[],
    signal: AbortSignal,
  ): Promise<ExportAttemptResult & { sent: number }> {
    const destination = plugin(d);
    return sendChunks(points, destination.maxPointsPerRequest, (chunk) => destination.sendMetrics(chunk, signal));
  }

  async function cycle(d: ExportDestinationRecord): Promise<void> {
    const controller = new AbortController();
    aborts.add(controller);
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(options.cycleTimeoutMs ?? 120_000)]);
    try {
      const state = (await store.exports.getState(d.id)) ?? initialState(d);
      const failedBefore = state.batchesFailed;
      const t = now();
      // 1. Closed minutes of API-health rollups.
      const to = Math.min(
        Math.floor((t - options.settleMs) / MINUTE_MS) * MINUTE_MS,
        state.metricsThroughMs! + MAX_WINDOW_MS,
      );
      if (to > state.metricsThroughMs!) {
        const points = await collectMinuteMetrics(store.rollups, state.metricsThroughMs!, to);
        if (points.length === 0) state.metricsThroughMs = to;
        else {
          const started = now();
          const result = await deliverPoints(d, state, points, signal);
          // Whole minutes that went out move the cursor; a failure resends from the first minute not fully sent.
          if (result.ok) state.metricsThroughMs = to;
          else if (result.sent > 0) state.metricsThroughMs = points[result.sent]!.timestampMs;
          await record(
            d,
            state,
            'metrics',
            result,
            result.ok ? points.length : result.sent,
            started,
            result.ok ? to : null,
          );
        }
      }
      // 2. The last closed hour's model-health scores (older hours missed during an outage are not sent).
      const hourTo = Math.floor((t - options.settleMs) / HOUR_MS) * HOUR_MS;
      if (state.metricsThroughMs! >= hourTo && hourTo > state.healthThroughMs!) {
        const points = await collectModelHealth(
          { rollups: store.rollups, references: store.references },
          hourTo - HOUR_MS,
        );
        let ok = true;
        if (points.length > 0) {
          const started = now();
          const result = await deliverPoints(d, state, points, signal);
          ok = result.ok;
          await record(d, state, 'metrics', result, points.length, started, hourTo);
        }
        if (ok) state.healthThroughMs = hourTo;
      }
      // 3. Incident transitions.
      const events = await collectIncidentEvents(store.alerting, state.eventsThroughMs!, t, incidentUrl);
      if (events.length > 0) {
        const started = now();
        const result = await plugin(d).sendEvents(events, signal);
        if (result.ok) state.eventsThroughMs = events.at(-1)!.atMs;
        await record(d, state, 'events', result, events.length, started, events.at(-1)!.atMs);
      }
      lagSeconds.set(d.name, { kind: d.kind, lag: Math.max(0, (now() - state.metricsThroughMs!) / 1000) });
      await store.exports.putState(state);
      // After a failed cycle wait 2, 4, 8… intervals (at most 5 minutes) before the next: the cursor keeps the data.
      if (state.batchesFailed > failedBefore) {
        const count = (failing.get(d.id)?.count ?? 0) + 1;
        const wait = Math.min(5 * MINUTE_MS, options.intervalMs * 2 ** count);
        failing.set(d.id, { count, nextAtMs: now() + wait });
      } else failing.delete(d.id);
    } catch (err) {
      log.error({ err, destination: d.name }, 'export cycle failed');
    } finally {
      aborts.delete(controller);
    }
  }

  function launch(d: ExportDestinationRecord): Promise<void> {
    const current = running.get(d.id);
    if (current) return current;
    const p = cycle(d).finally(() => running.delete(d.id));
    running.set(d.id, p);
    return p;
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      const t = now();
      for (const d of await store.exports.listDestinations())
        if (d.enabled && (failing.get(d.id)?.nextAtMs ?? 0) <= t) void launch(d);
    } catch (err) {
      log.error({ err }, 'export tick failed');
    }
  }

  async function view(d: ExportDestinationRecord): Promise<ExportDestinationView> {
    const s = (await store.exports.getState(d.id)) ?? initialState(d);
    return {
      id: d.id,
      name: d.name,
      kind: d.kind as ExportKind,
      enabled: d.enabled,
      settings: maskExportSettings(d.kind as ExportKind, d.settings),
      createdAt: d.createdAtMs,
      status: {
        exportedThrough: s.metricsThroughMs,
        eventsThrough: s.eventsThroughMs,
        lagSeconds: s.metricsThroughMs === null ? null : Math.max(0, (now() - s.metricsThroughMs) / 1000),
        lastAttemptAt: s.lastAttemptAtMs,
        lastSuccessAt: s.lastSuccessAtMs,
        lastError: s.lastError,
        batchesOk: s.batchesOk,
        batchesFailed: s.batchesFailed,
        itemsSent: s.itemsSent,
      },
    };
  }

  async function get(id: string): Promise<ExportDestinationRecord> {
    const d = await store.exports.getDestination(id);
    if (!d)
      throw new VigilError(
        'VIGIL_ERR_NOT_FOUND',
        `export destination "${id}": not found; GET /api/v1/exports lists them`,
      );
    return d;
  }

  return {
    async list() {
      return Promise.all((await store.exports.listDestinations()).map(view));
    },
    async create(body) {
      const t = now();
      const d: ExportDestinationRecord = {
        id: randomUUID(),
        name: body.name,
        kind: body.kind,
        enabled: body.enabled ?? true,
        settings: body.settings as Record<string, unknown>,
        createdAtMs: t,
        updatedAtMs: t,
      };
      await store.exports.putDestination(d);
      return view(d);
    },
    async update(id, body) {
      const stored = await get(id);
      if (stored.kind !== body.kind)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `kind: a ${stored.kind} destination cannot become ${body.kind}; create a new one`,
        );
      const d: ExportDestinationRecord = {
        ...stored,
        name: body.name,
        enabled: body.enabled ?? stored.enabled,
        settings: restoreExportSecrets(body.kind, body.settings as Record<string, unknown>, stored.settings),
        updatedAtMs: Math.max(now(), stored.updatedAtMs + 1),
      };
      await store.exports.putDestination(d);
      return view(d);
    },
    async remove(id) {
      await running.get(id);
      if (!(await store.exports.deleteDestination(id)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `export destination "${id}": not found`);
      plugins.delete(id);
    },
    async deliveries(id, limit) {
      await get(id);
      return (await store.exports.listDeliveries(id, limit)).map(({ destinationId: _d, atMs, ...rest }) => ({
        at: atMs,
        ...rest,
      }));
    },
    async test(id) {
      const d = await get(id);
      const state = (await store.exports.getState(d.id)) ?? initialState(d);
      const t = now();
      const point: MetricPoint = {
        name: 'vigil.export.test',
        kind: 'gauge',
        value: 1,
        unit: 'ratio',
        timestampMs: t,
        intervalMs: MINUTE_MS,
        tags: { destination: d.name },
      };
      const result = await plugin(d).sendMetrics([point], AbortSignal.timeout(options.cycleTimeoutMs ?? 120_000));
      const delivery = await record(d, state, 'test', result, 1, t, t);
      await store.exports.putState(state);
      return delivery;
    },
    async runOnce(id) {
      const all = await store.exports.listDestinations();
      await Promise.all(all.filter((d) => d.enabled && (id === undefined || d.id === id)).map(launch));
    },
    start() {
      stopped = false;
      if (options.intervalMs > 0 && !timer) {
        timer = setInterval(() => void tick(), options.intervalMs);
        timer.unref();
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const c of aborts) c.abort(new Error('server is stopping'));
      await Promise.allSettled([...running.values()]);
    },
  };
}
