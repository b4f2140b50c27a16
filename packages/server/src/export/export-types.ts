import type { ExportKind } from '@vigil/protocol';

/**
 * One number Vigil exports, vendor-neutral. Counts cover `intervalMs` from `timestampMs` (a minute cell);
 * gauges are a value at `timestampMs` (latency quantiles of the minute, hourly model-health scores).
 */
export interface MetricPoint {
  /** Dotted name, e.g. `vigil.latency.p95`; CloudWatch gets a CamelCase form (cloudwatch-destination.ts). */
  name: string;
  kind: 'count' | 'gauge';
  value: number;
  unit: 'calls' | 'seconds' | 'usd' | 'tokens' | 'ratio';
  timestampMs: number;
  intervalMs: number;
  /** model, and endpoint when the call had one. */
  tags: Record<string, string>;
}

/** An incident opened, acknowledged or resolved, as exported. */
export interface IncidentEvent {
  incidentId: string;
  transition: 'opened' | 'acknowledged' | 'resolved';
  atMs: number;
  title: string;
  severity: string;
  area: string;
  model: string | null;
  endpoint: string | null;
  team: string;
  /** Who acknowledged or resolved ("system" when its alerts cleared). */
  actor: string | null;
  impactUsdPerHour: number | null;
  url: string | null;
}

/** What one delivery (with its retries) came to. */
export interface ExportAttemptResult {
  ok: boolean;
  attempts: number;
  statusCode: number | null;
  error: string | null;
}

/**
 * An export destination plug-in: turns Vigil's points and events into one vendor's documented format and
 * sends them, with retries and backoff on 429, 5xx and network errors. Never throws: failures come back as a
 * result, and the service keeps its cursor so nothing is skipped.
 * @example const result = await destination.sendMetrics(points, AbortSignal.timeout(120_000));
 */
export interface ExportDestination {
  readonly kind: ExportKind;
  /** The most points one request may carry (vendor limits: Datadog 500 KB, CloudWatch 1,000 metrics…). */
  readonly maxPointsPerRequest: number;
  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult>;
  sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult>;
}
