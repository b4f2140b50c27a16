import type { ExportAttemptResult, ExportDestination, IncidentEvent, MetricPoint } from './export-types.js';
import { postWithRetry, type RetryOptions } from './export-http.js';

export interface DatadogOptions {
  /** API base URL of the site; default https://api.datadoghq.com. */
  url?: string;
  apiKey: string;
  tags?: string[];
}

/** Datadog's series types (metrics API v2). */
const COUNT = 1;
const GAUGE = 3;

/**
 * Datadog: metrics through the v2 series API (`POST /api/v2/series`, `DD-API-KEY`, 202), incidents as events
 * through the events API (`POST /api/v1/events`, one per request, `aggregation_key` = incident id so the
 * open, acknowledge and resolve events of one incident group together). Timestamps are epoch seconds; counts
 * carry their 60 s interval. Plain fetch with the documented body: the official client is ~150 MB installed.
 * @example new DatadogDestination({ apiKey, url: 'https://api.datadoghq.eu' }, retry)
 */
export class DatadogDestination implements ExportDestination {
  readonly kind = 'datadog' as const;
  // ~250 bytes a series: 1,000 stay well under the 500 KB (uncompressed) payload limit.
  readonly maxPointsPerRequest = 1000;
  private readonly base: string;

  constructor(
    private readonly options: DatadogOptions,
    private readonly retry: RetryOptions,
  ) {
    this.base = (options.url ?? 'https://api.datadoghq.com').replace(/\/+$/, '');
  }

  private headers(): Record<string, string> {
    return { 'dd-api-key': this.options.apiKey, 'content-type': 'application/json', accept: 'application/json' };
  }

  private tags(tags: Record<string, string>): string[] {
    return [...Object.entries(tags).map(([k, v]) => `${k}:${v}`), ...(this.options.tags ?? [])];
  }

  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const series = points.map((p) => ({
      metric: p.name,
      type: p.kind === 'count' ? COUNT : GAUGE,
      ...(p.kind === 'count' && { interval: Math.round(p.intervalMs / 1000) }),
      ...(p.unit === 'seconds' && { unit: 'second' }),
      points: [{ timestamp: Math.floor(p.timestampMs / 1000), value: p.value }],
      tags: this.tags(p.tags),
    }));
    return postWithRetry(
      `${this.base}/api/v2/series`,
      JSON.stringify({ series }),
      this.headers(),
      { retry: this.retry },
      signal,
    );
  }

  async sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult> {
    let attempts = 0;
    let last: ExportAttemptResult = { ok: true, attempts: 0, statusCode: null, error: null };
    for (const e of events) {
      const body = {
        title: `[Vigil] ${e.transition}: ${e.title}`.slice(0, 100),
        text: [
          `Incident ${e.incidentId} ${e.transition}${e.actor ? ` by ${e.actor}` : ''}.`,
          `Severity ${e.severity}, area ${e.area}, team ${e.team}.`,
          e.model ? `Model ${e.model}${e.endpoint ? ` ${e.endpoint}` : ''}.` : '',
          e.impactUsdPerHour !== null ? `Impact $${e.impactUsdPerHour}/h.` : '',
          e.url ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
        alert_type:
          e.transition === 'resolved'
            ? 'success'
            : e.transition === 'acknowledged'
              ? 'info'
              : e.severity === 'critical'
                ? 'error'
                : 'warning',
        priority: 'normal',
        date_happened: Math.floor(e.atMs / 1000),
        aggregation_key: e.incidentId,
        source_type_name: 'vigil',
        tags: this.tags({
          incident: e.incidentId,
          severity: e.severity,
          area: e.area,
          ...(e.model && { model: e.model }),
        }),
      };
      last = await postWithRetry(
        `${this.base}/api/v1/events`,
        JSON.stringify(body),
        this.headers(),
        { retry: this.retry },
        signal,
      );
      attempts += last.attempts;
      if (!last.ok) break;
    }
    return { ...last, attempts };
  }
}
