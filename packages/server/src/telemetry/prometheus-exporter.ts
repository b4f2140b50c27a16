import { Counter, Histogram, Registry, Gauge } from 'prom-client';
import type { IngestObserver } from '../ingest/index.js';
import type { EventRecord } from '../storage/index.js';

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

  onEvent(r: EventRecord): void {
    const endpoint = r.endpoint ?? '';
    this.calls.inc({ model: r.model, endpoint, status: r.status });
    if (r.status === 'error') this.errors.inc({ model: r.model, endpoint, error_type: r.errorType ?? 'unknown' });
    if (r.latencyMs !== null) this.latency.observe({ model: r.model, endpoint }, r.latencyMs / 1000);
    if (r.costUsd !== null) this.cost.inc({ model: r.model, endpoint }, r.costUsd);
    if (r.inputTokens !== null) this.tokens.inc({ model: r.model, endpoint, direction: 'input' }, r.inputTokens);
    if (r.outputTokens !== null) this.tokens.inc({ model: r.model, endpoint, direction: 'output' }, r.outputTokens);
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
