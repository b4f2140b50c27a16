import { Counter, Histogram, Registry, Gauge } from 'prom-client';
import type { IngestCardinality, IngestObserver } from '../ingest/index.js';
import type { EventColumns } from '../storage/index.js';
import { LatencyHistogram, SERIES_PER_HISTOGRAM } from './latency-histogram.js';
import { renderProtobufExposition } from './prometheus-protobuf.js';

interface SeriesChildren {
  ok: { inc(v?: number): void };
  error: { inc(v?: number): void };
  latency: { observe(v: number): void };
  cost: { inc(v?: number): void };
  inputTokens: { inc(v?: number): void };
  outputTokens: { inc(v?: number): void };
}

/**
 * Series one (model, endpoint) pair adds in the text format: calls ok/error, the latency histogram (137 buckets
 * + +Inf + sum + count, latency-histogram.ts), cost, 2 token directions: 145. Scraped as protobuf, the latency
 * histogram is one native series, so a pair is 6.
 */
export const SERIES_PER_PAIR = 2 + SERIES_PER_HISTOGRAM + 1 + 2;
const PROTOBUF_ACCEPT = /application\/vnd\.google\.protobuf[^,]*proto=io\.prometheus\.client\.MetricFamily/;
const PROTOBUF_CONTENT_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/** The label value of everything counted past the series budget. */
export const OTHER_LABEL = '(other)';

/**
 * The /metrics exposition: model-call metrics labelled by model and endpoint (counters since this process
 * started, as Prometheus expects) and Vigil's own ingest counters.
 *
 * Bounded: model-call series stop at `maxSeries`; calls of pairs (or error types) beyond it are counted under
 * model="(other)", endpoint="(other)" (error_type="(other)"), so totals stay true and the exposition stays
 * under maxSeries + SERIES_PER_PAIR + 1 model-call series (docs/events.md, "Cardinality").
 */
export class PrometheusExporter implements IngestObserver {
  readonly registry = new Registry();
  private series = 0;
  private folded = 0;
  private readonly errorSeries = new Set<string>();
  private readonly foldedSeries = new Counter({
    name: 'vigil_metrics_series_folded_total',
    help: 'Model calls counted under model="(other)" because /metrics reached its series limit (metricsMaxSeries).',
    registers: [this.registry],
  });

  constructor(private readonly maxSeries: number = Number.MAX_SAFE_INTEGER) {}
  private readonly calls = new Counter({
    name: 'vigil_model_calls_total',
    help: 'Model calls recorded.',
    labelNames: ['model', 'endpoint', 'status'],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'vigil_model_errors_total',
    help: 'Model calls that failed, by error type.',
    labelNames: ['model', 'endpoint', 'error_type'],
    registers: [this.registry],
  });
  readonly latency = new LatencyHistogram(this.registry);
  private readonly cost = new Counter({
    name: 'vigil_model_cost_usd_total',
    help: 'Model call cost in US dollars.',
    labelNames: ['model', 'endpoint'],
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'vigil_model_tokens_total',
    help: 'LLM tokens.',
    labelNames: ['model', 'endpoint', 'direction'],
    registers: [this.registry],
  });
  private readonly ingestItems = new Counter({
    name: 'vigil_ingest_items_total',
    help: 'Items received by the ingest API.',
    labelNames: ['kind', 'outcome'],
    registers: [this.registry],
  });
  private readonly ingestBatches = new Counter({
    name: 'vigil_ingest_batches_total',
    help: 'Ingest requests that reached the store.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly flushes = new Histogram({
    name: 'vigil_rollup_flush_seconds',
    help: 'Time to write live aggregates to the store.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  private readonly flushCells = new Counter({
    name: 'vigil_rollup_cells_written_total',
    help: 'Rollup cells merged into the store.',
    registers: [this.registry],
  });
  readonly up = new Gauge({ name: 'vigil_up', help: '1 while the server is serving.', registers: [this.registry] });

  // Labelled children cached per (model, endpoint): resolving labels hashes them, which cost more than the
  // observation itself on the ingest path.
  private readonly children = new Map<string, SeriesChildren>();

  private seriesFor(model: string, endpoint: string): SeriesChildren {
    const key = `${model}\u0000${endpoint}`;
    let c = this.children.get(key);
    if (!c && this.series + SERIES_PER_PAIR > this.maxSeries && model !== OTHER_LABEL) {
      this.foldedSeries.inc();
      this.folded++;
      return this.seriesFor(OTHER_LABEL, OTHER_LABEL);
    }
    if (!c) {
      this.series += SERIES_PER_PAIR;
      c = {
        ok: this.calls.labels({ model, endpoint, status: 'ok' }),
        error: this.calls.labels({ model, endpoint, status: 'error' }),
        latency: this.latency.series(model, endpoint),
        cost: this.cost.labels({ model, endpoint }),
        inputTokens: this.tokens.labels({ model, endpoint, direction: 'input' }),
        outputTokens: this.tokens.labels({ model, endpoint, direction: 'output' }),
      };
      this.children.set(key, c);
    }
    return c;
  }

  /** Counters are added once per run of one series in the batch; latencies are observed one by one. */
  onEvents(records: readonly EventColumns[]): void {
    let i = 0;
    while (i < records.length) {
      const { model } = records[i]!;
      const endpoint = records[i]!.endpoint ?? '';
      const c = this.seriesFor(model, endpoint);
      const folded = this.children.get(`${model}\u0000${endpoint}`) !== c;
      let ok = 0;
      let failed = 0;
      let cost = 0;
      let inputTokens = 0;
      let outputTokens = 0;
      for (; i < records.length && records[i]!.model === model && (records[i]!.endpoint ?? '') === endpoint; i++) {
        const r = records[i]!;
        if (r.status === 'error') {
          failed++;
          if (folded) this.countError(OTHER_LABEL, OTHER_LABEL, OTHER_LABEL);
          else this.countError(model, endpoint, r.errorType ?? 'unknown');
        } else ok++;
        if (r.latencyMs !== null) c.latency.observe(r.latencyMs / 1000);
        if (r.costUsd !== null) cost += r.costUsd;
        if (r.inputTokens !== null) inputTokens += r.inputTokens;
        if (r.outputTokens !== null) outputTokens += r.outputTokens;
      }
      if (ok) c.ok.inc(ok);
      if (failed) c.error.inc(failed);
      if (cost) c.cost.inc(cost);
      if (inputTokens) c.inputTokens.inc(inputTokens);
      if (outputTokens) c.outputTokens.inc(outputTokens);
    }
  }

  private countError(model: string, endpoint: string, errorType: string): void {
    const key = `${model}\u0000${endpoint}\u0000${errorType}`;
    if (!this.errorSeries.has(key)) {
      if (this.series + 1 > this.maxSeries && model !== OTHER_LABEL) {
        this.foldedSeries.inc();
        this.folded++;
        return this.countError(OTHER_LABEL, OTHER_LABEL, OTHER_LABEL);
      }
      this.errorSeries.add(key);
      this.series++;
    }
    this.errors.inc({ model, endpoint, error_type: errorType });
  }

  /**
   * The exposition a scraper asked for: protobuf (delimited MetricFamily messages, latency as native
   * histograms) when its Accept header names it — Prometheus does with native histograms on —, else text.
   */
  async render(accept: string | undefined): Promise<{ contentType: string; body: string | Buffer }> {
    if (accept && PROTOBUF_ACCEPT.test(accept))
      return { contentType: PROTOBUF_CONTENT_TYPE, body: await renderProtobufExposition(this.registry, this.latency) };
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Model-call series on /metrics, its limit, and calls counted under model="(other)" since start. */
  seriesUse(): { series: number; maxSeries: number; foldedCalls: number } {
    return { series: this.series, maxSeries: this.maxSeries, foldedCalls: this.folded };
  }

  /** Gauges and counters of the cardinality limits, read from `read()` at every scrape. */
  watchCardinality(read: () => IngestCardinality): void {
    const registers = [this.registry];
    new Gauge({
      name: 'vigil_cardinality_limit',
      help: 'Configured cardinality limits (config keys maxModels, maxEndpointsPerModel, …).',
      labelNames: ['limit'],
      registers,
      collect() {
        const c = read();
        for (const [limit, value] of Object.entries(c.limits)) this.set({ limit }, value);
        this.set({ limit: 'maxTagKeysPerModel' }, c.segments.keysPerModel);
        this.set({ limit: 'maxTagValuesPerKey' }, c.segments.valuesPerKey);
        this.set({ limit: 'maxSegments' }, c.segments.total);
      },
    });
    new Gauge({
      name: 'vigil_cardinality_usage',
      help: 'Current use of each limit: models, segments, and the busiest key or model for the per-key and per-model limits.',
      labelNames: ['limit'],
      registers,
      collect() {
        const c = read();
        this.set({ limit: 'maxModels' }, c.models);
        this.set({ limit: 'maxModelsPerKey' }, c.busiest.modelsPerKey.count);
        this.set({ limit: 'maxEndpointsPerModel' }, c.busiest.endpointsPerModel.count);
        this.set({ limit: 'maxFeaturesPerModel' }, c.busiest.featuresPerModel.count);
        this.set({ limit: 'maxErrorTypesPerModel' }, c.busiest.errorTypesPerModel.count);
        this.set({ limit: 'maxSegments' }, c.segments.count.total);
        this.set({ limit: 'maxTagKeysPerModel' }, c.segments.count.keys.count);
        this.set({ limit: 'maxTagValuesPerKey' }, c.segments.count.values.count);
      },
    });
    new Gauge({
      name: 'vigil_cardinality_rejected_events',
      help: 'Events refused with VIGIL_ERR_CARDINALITY_LIMIT since start, by limit (a counter, exposed as read).',
      labelNames: ['limit'],
      registers,
      collect() {
        for (const [limit, n] of Object.entries(read().rejected)) this.set({ limit }, n);
      },
    });
    new Gauge({
      name: 'vigil_cardinality_folded',
      help: 'Names counted under "(other)" (or tag keys left unsegmented) since start, by limit.',
      labelNames: ['limit'],
      registers,
      collect() {
        const c = read();
        this.set({ limit: 'maxErrorTypesPerModel' }, c.foldedErrorTypes);
        this.set({ limit: 'maxTagValuesPerKey' }, c.segments.foldedValues);
        this.set({ limit: 'maxTagKeysPerModel' }, c.segments.unsegmentedKeys);
      },
    });
  }

  onBatch(kind: 'events' | 'labels', accepted: number, rejected: number): void {
    this.ingestBatches.inc({ kind });
    if (accepted) this.ingestItems.inc({ kind, outcome: 'accepted' }, accepted);
    if (rejected) this.ingestItems.inc({ kind, outcome: 'rejected' }, rejected);
  }

  onFlush(cells: number, durationMs: number): void {
    this.flushes.observe(durationMs / 1000);
    this.flushCells.inc(cells);
  }
}
