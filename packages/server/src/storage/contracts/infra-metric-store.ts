import type { InfraLink } from '@vigil/protocol';

/**
 * Infrastructure metrics (`Store.infra`): minute series per resource, fed by OTLP metrics (the OpenTelemetry
 * Collector's hostmetrics and kubeletstats receivers) and Prometheus remote-write (docs/infrastructure.md).
 * storage/sqlite (migrations 192, 193, 210) and storage/postgres (migrations 190, 191, 210) implement it. Times are
 * epoch ms.
 *
 * A resource is identified by its service.name / host.name / k8s.pod.name / container.name (`resourceKey`), and,
 * for OpenTelemetry GenAI client metrics, the LLM model as well (`genAiModel`): one resource per service and LLM.
 * Per resource, metric and minute the store keeps what a reader needs to answer "average" and "last" for a
 * gauge and "how much in this minute" for a counter: `sum`, `count` and the `last` value by time. Counters
 * arrive cumulative (OTLP cumulative temporality, every Prometheus counter): the store keeps the last value of
 * each source series and adds the increase to the minute, in the same transaction, so a series is never
 * counted twice; a value below the previous one or a new start time is a reset and counts from zero.
 */
export interface InfraResource {
  service: string | null;
  host: string | null;
  pod: string | null;
  container: string | null;
  namespace: string | null;
  /** The model this resource serves, from a `vigil.model` resource attribute (or label), when given. */
  model: string | null;
  /**
   * GenAI client metrics only (ingest/otlp-genai-metrics.ts): the LLM the calls went to (`gen_ai.request.model`,
   * else `gen_ai.response.model`). Part of the identity, so one service calling two LLMs is two resources.
   */
  genAiModel?: string | null;
  /** GenAI client metrics only: `gen_ai.provider.name` (else the deprecated `gen_ai.system`). */
  genAiProvider?: string | null;
}

export interface InfraResourceRecord extends InfraResource {
  key: string;
  genAiModel: string | null;
  genAiProvider: string | null;
  firstSeen: number;
  lastSeen: number;
  /** Metric names with at least one stored minute. */
  metrics: string[];
}

export interface InfraPoint {
  resource: InfraResource;
  /** Vigil's metric name (docs/infrastructure.md lists them), e.g. `cpu.utilization`, `network.io`. */
  metric: string;
  /**
   * `gauge`: the value at `time`. `cumulative`: a running total since `startTime` (the store turns it into the
   * increase since the series' previous point). `delta`: an increase already.
   */
  kind: 'gauge' | 'cumulative' | 'delta';
  /** Identity of the source series within resource and metric (its reduced attributes), for counter state. */
  series: string;
  time: number;
  /** When a cumulative series started counting (0 = unknown); a change means it was reset. */
  startTime: number;
  value: number;
}

export interface InfraMinuteRecord {
  resourceKey: string;
  metric: string;
  /** Start of the minute. */
  minute: number;
  sum: number;
  count: number;
  last: number;
}

export interface InfraMetricStore {
  /** Stores the points in one transaction; when it resolves they are committed. */
  record(points: readonly InfraPoint[]): Promise<{ stored: number }>;
  /**
   * Resources seen at or after `since` (default: all), most recently seen first, at most `limit` (default 500);
   * `genAi: true` only the GenAI client resources (with a `genAiModel`), `false` only the others.
   */
  listResources(query: { since?: number; limit?: number; genAi?: boolean }): Promise<InfraResourceRecord[]>;
  /** Minutes in [from, to) of one metric, for the given resources (all when omitted), oldest first. */
  readMinutes(query: {
    metric: string;
    from: number;
    to: number;
    resourceKeys?: readonly string[];
  }): Promise<InfraMinuteRecord[]>;
  /** The links from resources to the models they serve, in order (docs/infrastructure.md). */
  listLinks(): Promise<InfraLink[]>;
  /** Replaces the whole list of links, in one transaction. */
  putLinks(links: readonly InfraLink[]): Promise<void>;
  /** Deletes minutes, counter states and resources last seen before `cutoff`; returns the minutes deleted. */
  pruneBefore(cutoff: number): Promise<number>;
}
