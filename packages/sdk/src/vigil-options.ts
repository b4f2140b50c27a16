import { type OnError, warnOnConsole } from './error-reporter.js';

/** Options of `new Vigil(options)`. Only `url` is required. */
export interface VigilOptions {
  /** Base URL of the Vigil server, e.g. "http://localhost:8080". */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Events per request; the server takes at most 1,000. Default 500. */
  batchSize?: number;
  /** How often queued events are sent even when a batch is not full. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Events held in memory while waiting to be sent; beyond it new events are dropped and counted. Default 10,000. */
  maxQueueSize?: number;
  /**
   * Retries per batch on 408, 429, 5xx and network errors before it is given up. Default: no count limit —
   * a batch is retried for `maxRetryDurationMs`.
   */
  maxRetries?: number;
  /**
   * How long a batch is retried, from its first attempt, before it is given up: long enough to ride out a
   * server restart or a deploy. Default 600,000 ms (10 minutes).
   */
  maxRetryDurationMs?: number;
  /** Backoff base: retry n waits a uniform random time in [0, min(retryMaxMs, retryBaseMs·2^n)). Default 500 ms. */
  retryBaseMs?: number;
  /** Backoff ceiling. Default 30,000 ms. */
  retryMaxMs?: number;
  /** Longest Retry-After the SDK honours as given; longer values are capped to this. Default 60,000 ms. */
  maxRetryAfterMs?: number;
  /** Per-request timeout; a timed-out request is retried (see "Delivery semantics" in the README). Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Bodies of at least this many bytes are sent gzip-compressed. Default 16,384. */
  gzipThresholdBytes?: number;
  /** Largest uncompressed request body; the server's limit is 5 MB. Default 5,000,000. */
  maxBodyBytes?: number;
  /** Called for every problem (rate-limited for per-event kinds). Default: console.warn. */
  onError?: OnError;
  /** Shortest time between two reports of the same per-event problem (overflow, invalid). Default 10,000 ms. */
  errorReportIntervalMs?: number;
  /** false turns record()/label() into no-ops (local development, unit tests of your app). Default true. */
  enabled?: boolean;
  /** The fetch to use. Default: the global fetch of Node 18+. */
  fetch?: typeof fetch;
  /**
   * A directory for an on-disk spool: every batch is written there (fsynced) before it is sent and deleted once
   * the server acknowledged it, so an outage longer than memory can hold, or a crash or restart of this
   * process, loses nothing already spooled; what a previous process left is sent first, in order. Default:
   * none (memory only).
   */
  spoolDir?: string;
  /** Largest total size of the spool; past it new batches are given up and reported. Default 100,000,000. */
  spoolMaxBytes?: number;
}

export type ResolvedOptions = Required<Omit<VigilOptions, 'apiKey' | 'maxRetries' | 'spoolDir'>> & {
  apiKey: string | undefined;
  maxRetries: number | undefined;
  spoolDir: string | undefined;
};

const positiveIntegers = [
  'batchSize',
  'flushIntervalMs',
  'maxQueueSize',
  'retryBaseMs',
  'retryMaxMs',
  'requestTimeoutMs',
  'maxBodyBytes',
  'errorReportIntervalMs',
  'maxRetryDurationMs',
  'spoolMaxBytes',
] as const;
const nonNegativeIntegers = ['maxRetryAfterMs', 'gzipThresholdBytes'] as const;

/**
 * Fills defaults and checks every option, reporting all problems in one TypeError (a configuration
 * mistake is a start-up error, unlike record(), which never throws).
 */
export function resolveOptions(options: VigilOptions): ResolvedOptions {
  const problems: string[] = [];
  const resolved: ResolvedOptions = {
    url: options?.url,
    apiKey: options?.apiKey,
    batchSize: options?.batchSize ?? 500,
    flushIntervalMs: options?.flushIntervalMs ?? 1000,
    maxQueueSize: options?.maxQueueSize ?? 10_000,
    maxRetries: options?.maxRetries,
    maxRetryDurationMs: options?.maxRetryDurationMs ?? 600_000,
    retryBaseMs: options?.retryBaseMs ?? 500,
    retryMaxMs: options?.retryMaxMs ?? 30_000,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? 60_000,
    requestTimeoutMs: options?.requestTimeoutMs ?? 10_000,
    gzipThresholdBytes: options?.gzipThresholdBytes ?? 16_384,
    maxBodyBytes: options?.maxBodyBytes ?? 5_000_000,
    onError: options?.onError ?? warnOnConsole,
    errorReportIntervalMs: options?.errorReportIntervalMs ?? 10_000,
    enabled: options?.enabled ?? true,
    fetch: options?.fetch ?? globalThis.fetch,
    spoolDir: options?.spoolDir,
    spoolMaxBytes: options?.spoolMaxBytes ?? 100_000_000,
  };
  let parsed: URL | undefined;
  try {
    parsed = new URL(resolved.url);
  } catch {
    problems.push(
      `url must be an absolute http(s) URL such as "http://localhost:8080" (got ${JSON.stringify(resolved.url)})`,
    );
  }
  if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    problems.push(`url must use http or https (got "${parsed.protocol}")`);
  if (resolved.apiKey !== undefined && typeof resolved.apiKey !== 'string') problems.push('apiKey must be a string');
  for (const key of positiveIntegers) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      problems.push(`${key} must be a positive integer (got ${String(resolved[key])})`);
  }
  for (const key of nonNegativeIntegers) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0)
      problems.push(`${key} must be an integer ≥ 0 (got ${String(resolved[key])})`);
  }
  if (resolved.maxRetries !== undefined && (!Number.isInteger(resolved.maxRetries) || resolved.maxRetries < 0))
    problems.push(`maxRetries must be an integer ≥ 0 (got ${String(resolved.maxRetries)})`);
  if (resolved.spoolDir !== undefined && (typeof resolved.spoolDir !== 'string' || resolved.spoolDir === ''))
    problems.push('spoolDir must be a non-empty path');
  if (resolved.batchSize > 1000)
    problems.push(`batchSize must be at most 1000, the server's batch limit (got ${resolved.batchSize})`);
  if (typeof resolved.onError !== 'function') problems.push('onError must be a function');
  if (typeof resolved.fetch !== 'function') problems.push('fetch is not available: use Node 18+ or pass options.fetch');
  if (problems.length > 0) throw new TypeError(`Invalid Vigil options: ${problems.join('; ')}`);
  resolved.url = resolved.url.replace(/\/+$/, '');
  return resolved;
}
