import { encodeOtlpRequest } from '../ingest/index.js';
import type { ExportAttemptResult, ExportDestination, IncidentEvent, MetricPoint } from './export-types.js';
import { postWithRetry, type RetryOptions } from './export-http.js';

export interface OtlpExportOptions {
  /** OTLP/HTTP base URL: /v1/metrics and /v1/logs are appended. */
  url: string;
  headers?: Record<string, string>;
  encoding?: 'protobuf' | 'json';
}

const UNITS: Record<MetricPoint['unit'], string> = {
  calls: '{call}',
  seconds: 's',
  usd: 'USD',
  tokens: '{token}',
  ratio: '1',
};
const ns = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);
const attributes = (tags: Record<string, unknown>) =>
  Object.entries(tags)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: String(v) } }));
const RESOURCE = { attributes: attributes({ 'service.name': 'vigil' }) };
const SCOPE = { name: 'vigil', version: '1' };

/**
 * OTLP/HTTP export (protobuf by default, or JSON) to any OpenTelemetry Collector, and through one to Azure
 * Monitor, Google Cloud or another backend: metrics as delta sums (counts) and gauges (latency quantiles,
 * scores) at `/v1/metrics`, incident transitions as log records with event names `vigil.incident.<transition>`
 * at `/v1/logs`. Retries follow the OTLP specification (429, 502, 503, 504 with Retry-After).
 * @example new OtlpDestination({ url: 'http://collector:4318', headers: { authorization: 'Bearer …' } }, retry)
 */
export class OtlpDestination implements ExportDestination {
  readonly kind = 'otlp' as const;
  readonly maxPointsPerRequest = 5000;
  private readonly base: string;

  constructor(
    private readonly options: OtlpExportOptions,
    private readonly retry: RetryOptions,
  ) {
    this.base = options.url.replace(/\/+$/, '');
  }

  private post(
    signal: 'metrics' | 'logs',
    body: Record<string, unknown>,
    abort: AbortSignal,
  ): Promise<ExportAttemptResult> {
    const json = this.options.encoding === 'json';
    return postWithRetry(
      `${this.base}/v1/${signal}`,
      json ? JSON.stringify(body) : encodeOtlpRequest(signal, body),
      { 'content-type': json ? 'application/json' : 'application/x-protobuf', ...this.options.headers },
      { gzip: true, retry: this.retry },
      abort,
    );
  }

  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const byName = new Map<string, MetricPoint[]>();
    for (const p of points) {
      const list = byName.get(p.name);
      if (list) list.push(p);
      else byName.set(p.name, [p]);
    }
    const metrics = [...byName].map(([name, list]) => {
      const dataPoints = list.map((p) => ({
        attributes: attributes(p.tags),
        ...(p.kind === 'count' && { startTimeUnixNano: ns(p.timestampMs) }),
        timeUnixNano: ns(p.kind === 'count' ? p.timestampMs + p.intervalMs : p.timestampMs),
        asDouble: p.value,
      }));
      const first = list[0]!;
      return first.kind === 'count'
        ? { name, unit: UNITS[first.unit], sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints } }
        : { name, unit: UNITS[first.unit], gauge: { dataPoints } };
    });
    return this.post(
      'metrics',
      { resourceMetrics: [{ resource: RESOURCE, scopeMetrics: [{ scope: SCOPE, metrics }] }] },
      signal,
    );
  }

  sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const logRecords = events.map((e) => ({
      timeUnixNano: ns(e.atMs),
      observedTimeUnixNano: ns(e.atMs),
      // ERROR for a critical incident opening, WARN for the others opening, INFO for acknowledge and resolve.
      severityNumber: e.transition === 'opened' ? (e.severity === 'critical' ? 17 : 13) : 9,
      eventName: `vigil.incident.${e.transition}`,
      body: { stringValue: e.title },
      attributes: attributes({
        'vigil.incident.id': e.incidentId,
        'vigil.incident.transition': e.transition,
        'vigil.incident.severity': e.severity,
        'vigil.incident.area': e.area,
        'vigil.incident.team': e.team,
        'vigil.incident.actor': e.actor,
        'vigil.incident.impact_usd_per_hour': e.impactUsdPerHour,
        'vigil.incident.url': e.url,
        'vigil.model': e.model,
        'vigil.endpoint': e.endpoint,
      }),
    }));
    return this.post(
      'logs',
      { resourceLogs: [{ resource: RESOURCE, scopeLogs: [{ scope: SCOPE, logRecords }] }] },
      signal,
    );
  }
}
