// Wire shapes of the read API (packages/protocol/src/metrics-schema.ts). Mirrored, not imported, so the
// browser bundle does not pull TypeBox in.

export interface HealthSummary {
  calls: number;
  callsPerMinute: number;
  errors: number;
  errorRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  costUsd: number;
  costPerCall: number | null;
  inputTokens: number;
  outputTokens: number;
}

export interface ModelSummary {
  model: string;
  modelType: string | null;
  versions: string[];
  endpoints: string[];
  firstSeen: string;
  lastSeen: string;
  window: { from: number; to: number };
  health: HealthSummary;
}

export interface ModelList {
  models: ModelSummary[];
}

export type Point = [number, number | null];

export interface Series {
  metric: string;
  model: string | null;
  endpoint: string | null;
  points: Point[];
}

export interface TimeseriesResult {
  from: number;
  to: number;
  step: number;
  series: Series[];
}

/** GET /api/v1/segments: tag values with rollups of their own ("key=value"). */
export interface SegmentList {
  segments: Array<{ model: string; segment: string }>;
}

export interface StoredEvent {
  model: string;
  requestId: string;
  timestamp: string;
  receivedAt: string;
  status: string;
  endpoint: string | null;
  priceVersion: number | null;
  event: Record<string, unknown>;
}

export interface EventPage {
  events: StoredEvent[];
  nextCursor: string | null;
}

/** GET /api/v1/demo, registered only by `vigil demo` (404 elsewhere). */
export interface DemoInfo {
  demo: boolean;
  models?: Array<{ model: string } | string>;
}
