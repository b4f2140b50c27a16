import type { ExportAttemptResult, ExportDestination, IncidentEvent, MetricPoint } from './export-types.js';
import { postWithRetry, type RetryOptions } from './export-http.js';

export interface NewRelicOptions {
  apiKey: string;
  accountId: string;
  region?: 'us' | 'eu';
  metricUrl?: string;
  eventUrl?: string;
}

const METRIC_URL = {
  us: 'https://metric-api.newrelic.com/metric/v1',
  eu: 'https://metric-api.eu.newrelic.com/metric/v1',
};
const EVENT_URL = {
  us: 'https://insights-collector.newrelic.com/v1/accounts/{accountId}/events',
  eu: 'https://insights-collector.eu01.nr-data.net/v1/accounts/{accountId}/events',
};

/**
 * New Relic: the Metric API (`POST /metric/v1`, an array of `{common, metrics}` blocks, timestamps in ms,
 * counts with `interval.ms`) and the Event API (`POST /v1/accounts/{id}/events`, flat objects with
 * `eventType: "VigilIncident"`, timestamps in seconds), both with `Api-Key` and gzip bodies, as recommended.
 * @example new NewRelicDestination({ apiKey, accountId: '123', region: 'eu' }, retry)
 */
export class NewRelicDestination implements ExportDestination {
  readonly kind = 'newrelic' as const;
  // ~200 bytes a point: 2,000 compress far below the 1 MB payload limit.
  readonly maxPointsPerRequest = 2000;
  private readonly metricUrl: string;
  private readonly eventUrl: string;

  constructor(
    private readonly options: NewRelicOptions,
    private readonly retry: RetryOptions,
  ) {
    const region = options.region ?? 'us';
    this.metricUrl = options.metricUrl ?? METRIC_URL[region];
    this.eventUrl = (options.eventUrl ?? EVENT_URL[region]).replace('{accountId}', options.accountId);
  }

  private post(url: string, body: unknown, signal: AbortSignal): Promise<ExportAttemptResult> {
    return postWithRetry(
      url,
      JSON.stringify(body),
      { 'api-key': this.options.apiKey, 'content-type': 'application/json' },
      { gzip: true, retry: this.retry },
      signal,
    );
  }

  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const metrics = points.map((p) => ({
      name: p.name,
      type: p.kind,
      value: p.value,
      timestamp: p.timestampMs,
      ...(p.kind === 'count' && { 'interval.ms': p.intervalMs }),
      attributes: p.tags,
    }));
    return this.post(this.metricUrl, [{ common: { attributes: { 'service.name': 'vigil' } }, metrics }], signal);
  }

  sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const body = events.map((e) => {
      const { atMs, ...rest } = e;
      const flat = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
      return { eventType: 'VigilIncident', ...flat, timestamp: Math.floor(atMs / 1000) };
    });
    return this.post(this.eventUrl, body, signal);
  }
}
