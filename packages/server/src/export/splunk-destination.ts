import type { ExportAttemptResult, ExportDestination, IncidentEvent, MetricPoint } from './export-types.js';
import { postWithRetry, type RetryOptions } from './export-http.js';

export interface SplunkOptions {
  /** HEC base URL, e.g. https://splunk.example.com:8088. */
  url: string;
  token: string;
  index?: string;
  metricsIndex?: string;
  source?: string;
}

/**
 * Splunk HTTP Event Collector: `POST /services/collector/event` with `Authorization: Splunk <token>`, a batch
 * being JSON objects one after another (not an array), gzip-compressed. Metrics use the multi-metric form (one
 * event per model, endpoint and minute; `"event": "metric"`, each value a `metric_name:<name>` field, the other
 * fields its dimensions), incidents are `_json` events with sourcetype `vigil:incident`. Times are epoch seconds.
 * @example new SplunkDestination({ url: 'https://splunk:8088', token }, retry)
 */
export class SplunkDestination implements ExportDestination {
  readonly kind = 'splunk' as const;
  readonly maxPointsPerRequest = 2000;
  private readonly endpoint: string;

  constructor(
    private readonly options: SplunkOptions,
    private readonly retry: RetryOptions,
  ) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/services/collector/event`;
  }

  private post(objects: object[], signal: AbortSignal): Promise<ExportAttemptResult> {
    return postWithRetry(
      this.endpoint,
      objects.map((o) => JSON.stringify(o)).join('\n'),
      { authorization: `Splunk ${this.options.token}`, 'content-type': 'application/json' },
      { gzip: true, retry: this.retry },
      signal,
    );
  }

  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const grouped = new Map<string, { time: number; fields: Record<string, string | number> }>();
    for (const p of points) {
      const key = `${p.timestampMs}\u0000${JSON.stringify(p.tags)}`;
      let g = grouped.get(key);
      if (!g) grouped.set(key, (g = { time: p.timestampMs / 1000, fields: { ...p.tags } }));
      g.fields[`metric_name:${p.name}`] = p.value;
    }
    return this.post(
      [...grouped.values()].map((g) => ({
        time: g.time,
        event: 'metric',
        source: this.options.source ?? 'vigil',
        host: 'vigil',
        ...(this.options.metricsIndex && { index: this.options.metricsIndex }),
        fields: g.fields,
      })),
      signal,
    );
  }

  sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult> {
    return this.post(
      events.map((e) => ({
        time: e.atMs / 1000,
        source: this.options.source ?? 'vigil',
        sourcetype: 'vigil:incident',
        host: 'vigil',
        ...(this.options.index && { index: this.options.index }),
        event: { ...e },
      })),
      signal,
    );
  }
}
