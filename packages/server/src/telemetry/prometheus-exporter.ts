import { Counter, Histogram, Registry, Gauge } from 'prom-client';
import type { IngestObserver } from '../ingest/index.js';
import type { EventRecord } from '../storage/index.js';

interface SeriesChildren {
  ok: { inc(v?: number): void };
  error: { inc(v?: number): void };
  latency: { observe(v: number): void };
  cost: { inc(v?: number): void };
  inputTokens: { inc(v?: number): void };
  outputTokens: { inc(v?: number): void };
}

/** Latency buckets in seconds, from 5 ms to 60 s: model calls span fast classifiers to slow LLMs. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The /metrics exposition: model-call metrics labelled by model and endpoint (counters since this process
 * started, as Prometheus expects) and Vigil's own ingest counters.
 */
export class PrometheusExporter implements IngestObserver {
  readonly registry = new Registry();
  private readonly calls = new Counter({ name: 'vigil_model_calls_total', help: 'Model calls recorded.', labelNames: ['model', 'endpoint', 'status'], registers: [this.registry] });
  private readonly errors = new Counter({ name: 'vigil_model_errors_total', help: 'Model calls that failed, by error type.', labelNames: ['model', 'endpoint', 'error_type'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'vigil_model_latency_seconds',
    help: 'Model call latency.',
    labelNames: ['model', 'endpoint'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly cost = new Counter({ name: 'vigil_model_cost_usd_total', help: 'Model call cost in US dollars.', labelNames: ['model', 'endpoint'], registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'vigil_model_tokens_total', help: 'LLM tokens.', labelNames: ['model', 'endpoint', 'direction'], registers: [this.registry] });
  private readonly ingestItems = new Counter({ name: 'vigil_ingest_items_total', help: 'Items received by the ingest API.', labelNames: ['kind', 'outcome'], registers: [this.registry] });
  private readonly ingestBatches = new Counter({ name: 'vigil_ingest_batches_total', help: 'Ingest requests that reached the store.', labelNames: ['kind'], registers: [this.registry] });
  private readonly flushes = new Histogram({
    name: 'vigil_rollup_flush_seconds',
    help: 'Time to write live aggregates to the store.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  private readonly flushCells = new Counter({ name: 'vigil_rollup_cells_written_total', help: 'Rollup cells merged into the store.', registers: [this.registry] });
  readonly up = new Gauge({ name: 'vigil_up', help: '1 while the server is serving.', registers: [this.registry] });

  // Labelled children cached per (model, endpoint): resolving labels hashes them, which cost more than the
  // observation itself on the ingest path.
  private readonly children = new Map<string, SeriesChildren>();

  private seriesFor(model: string, endpoint: string): SeriesChildren {
    const key = `${model}\u0000${endpoint}`;
    let c = this.children.get(key);
    if (!c) {
      c = {
        ok: this.calls.labels({ model, endpoint, status: 'ok' }),
        error: this.calls.labels({ model, endpoint, status: 'error' }),
        latency: this.latency.labels({ model, endpoint }),
        cost: this.cost.labels({ model, endpoint }),
        inputTokens: this.tokens.labels({ model, endpoint, direction: 'input' }),
        outputTokens: this.tokens.labels({ model, endpoint, direction: 'output' }),
      };
      this.children.set(key, c);
    }
    return c;
  }

  onEvent(r: EventRecord): void {
    const endpoint = r.endpoint ?? '';
    const c = this.seriesFor(r.model, endpoint);
    if (r.status === 'error') {
      c.error.inc();
      this.errors.inc({ model: r.model, endpoint, error_type: r.errorType ?? 'unknown' });
    } else c.ok.inc();
    if (r.latencyMs !== null) c.latency.observe(r.latencyMs / 1000);
    if (r.costUsd !== null) c.cost.inc(r.costUsd);
    if (r.inputTokens !== null) c.inputTokens.inc(r.inputTokens);
    if (r.outputTokens !== null) c.outputTokens.inc(r.outputTokens);
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
