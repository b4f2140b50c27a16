import { buildInfraExport, CounterTotals, type ResourceMetrics } from './infra-export.js';
import type { InfraModel } from './infra-model.js';

const MINUTE_MS = 60_000;
/** Scrapes per request while backfilling: ~50 KB each, so a request stays far below the 5 MB body limit. */
const BACKFILL_SCRAPES_PER_REQUEST = 20;
/** How long an export is retried while the server sheds load. */
const RETRY_FOR_MS = 120_000;

export interface InfraCollectorOptions {
  model: InfraModel;
  serverUrl: string;
  /** The ingest key the simulator's SDK clients use. */
  apiKey: string;
  now?: () => number;
  /** Scrape and export interval. Default 15 s (the receivers' `collection_interval`). */
  intervalMs?: number;
  onError?: (err: Error) => void;
}

/**
 * A simulated OpenTelemetry Collector (hostmetrics, kubeletstats and k8s_cluster receivers, otlphttp exporter
 * with `encoding: json`): every `intervalMs` it POSTs one OTLP/JSON export of the cluster's nodes, pods and
 * containers to /v1/metrics with the demo's ingest key. `backfill` first sends the recent past, one point a
 * minute, through the same endpoint, so the Infrastructure page has charts at once.
 *
 * @example
 *   const collector = new DemoInfraCollector({ model: new InfraModel(traffic, historyStart), serverUrl, apiKey });
 *   await collector.backfill(Date.now() - 6 * 3_600_000);
 *   collector.start();
 */
export class DemoInfraCollector {
  private readonly now: () => number;
  private readonly intervalMs: number;
  private counters: CounterTotals | null = null;
  private timer: NodeJS.Timeout | undefined;
  private isRunning = false;
  private isStopped = false;
  private counts = { exports: 0, failures: 0 };

  constructor(private readonly opts: InfraCollectorOptions) {
    this.now = opts.now ?? Date.now;
    this.intervalMs = opts.intervalMs ?? 15_000;
  }

  /** Sends one point a minute for [fromMs, now), in batches; returns the scrapes sent. */
  async backfill(fromMs: number): Promise<number> {
    const end = this.now();
    let t = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
    this.counters ??= new CounterTotals(t);
    let n = 0;
    while (t < end) {
      const batch: ResourceMetrics[] = [];
      for (let k = 0; k < BACKFILL_SCRAPES_PER_REQUEST && t < end; k++, t += MINUTE_MS, n++)
        batch.push(...buildInfraExport(this.opts.model, this.counters, t));
      await this.send(batch);
    }
    return n;
  }

  /** Scrapes and exports now and then every interval, until `stop`. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.counters ??= new CounterTotals(this.now());
    void this.tick();
  }

  stop(): void {
    this.isRunning = false;
    this.isStopped = true;
    clearTimeout(this.timer);
  }

  stats(): { exports: number; failures: number } {
    return { ...this.counts };
  }

  private async tick(): Promise<void> {
    if (!this.isRunning) return;
    try {
      await this.send(buildInfraExport(this.opts.model, this.counters!, this.now()));
    } catch (err) {
      // The Collector's exporter retries and then drops; the next scrape carries the counters' totals anyway.
      this.counts.failures++;
      if (this.isRunning) this.opts.onError?.(err as Error);
    }
    if (!this.isRunning) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * POSTs one export. 429 and 503 (the server sheds load while the simulator catches up) are retried after
   * Retry-After, as the Collector's `retry_on_failure` does, for up to `RETRY_FOR_MS`.
   */
  private async send(resourceMetrics: ResourceMetrics[]): Promise<void> {
    const body = JSON.stringify({ resourceMetrics });
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (;;) {
      const res = await fetch(`${this.opts.serverUrl}/v1/metrics`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.apiKey}`, 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (res.status === 200) {
        this.counts.exports++;
        return;
      }
      const isRetryable = res.status === 429 || res.status === 503;
      if (!isRetryable || !this.isSending() || Date.now() > giveUpAt)
        throw new Error(`POST /v1/metrics answered ${res.status}: ${text.slice(0, 300)}`);
      const after = Number(res.headers.get('retry-after'));
      await new Promise((r) => setTimeout(r, Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 1000));
    }
  }

  private isSending(): boolean {
    return !this.isStopped;
  }
}
