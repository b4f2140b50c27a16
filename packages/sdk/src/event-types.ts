/**
 * Type-only mirror of the Vigil wire model (packages/protocol/src/event-schema.ts).
 * The SDK has zero runtime dependencies, so it cannot import @vigil/protocol; keep the two in step
 * by hand — the integration tests send every field through the real server's validator.
 */

export type ModelType = 'classification' | 'regression' | 'llm' | 'vision' | 'other';

/** ISO-8601 date-time with offset, or epoch milliseconds. */
export type Timestamp = string | number;

export type FeatureValue = number | string | boolean | null;

export type Prediction =
  | number
  | string
  | boolean
  | {
      label?: string | number | boolean;
      score?: number;
      value?: number;
      probabilities?: Record<string, number>;
      [extra: string]: unknown;
    };

export interface LlmInfo {
  provider?: string;
  requestModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  ttftMs?: number;
  finishReason?: string;
  /** Prompt length in characters. */
  promptLength?: number;
  /** Response length in characters. */
  responseLength?: number;
}

export interface VisionInfo {
  width?: number;
  height?: number;
  brightness?: number;
  format?: string;
  [extra: string]: number | string | boolean | undefined;
}

/** One model call. `model` is a slug: lower-case letters, digits, ".", "_", "-" (at most 128). */
export interface VigilEvent {
  model: string;
  modelVersion?: string;
  modelType?: ModelType;
  /** API endpoint that served the call, e.g. "POST /recommend". */
  endpoint?: string;
  /** Joins labels to predictions. The SDK generates one when absent. */
  requestId?: string;
  /**
   * The data subject (GDPR) the call is about: an opaque id such as a customer number (1–128 characters), never a
   * name. The server can then export and erase everything held for it (docs/gdpr.md).
   */
  subjectId?: string;
  /** The SDK stamps Date.now() when absent. */
  timestamp?: Timestamp;
  latencyMs?: number;
  status?: 'ok' | 'error';
  errorType?: string;
  features?: Record<string, FeatureValue>;
  prediction?: Prediction;
  costUsd?: number;
  llm?: LlmInfo;
  vision?: VisionInfo;
  embedding?: number[];
  tags?: Record<string, string>;
}

/** Ground truth that arrives after the prediction, joined by requestId. */
export interface VigilLabel {
  model: string;
  requestId: string;
  label: number | string | boolean;
  /** The data subject (GDPR) the label is about; labels of a subject's events are erased with them anyway. */
  subjectId?: string;
  timestamp?: Timestamp;
}

export interface RejectedItem {
  index: number;
  code: string;
  message: string;
}

/** The server's answer to POST /api/v1/events and /api/v1/labels (200 or 207). */
export interface IngestResult {
  accepted: number;
  rejected: RejectedItem[];
  requestIds: Array<string | null>;
}
