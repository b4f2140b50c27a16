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
  /** Retries per batch on 429, 5xx and network errors before it is given up. Default 5. */
  maxRetries?: number;
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
}

export type ResolvedOptions = Required<Omit<VigilOptions, 'apiKey'>> & { apiKey: string | undefined };

const positiveIntegers = [
  'batchSize',
  'flushIntervalMs',
  'maxQueueSize',
  'retryBaseMs',
  'retryMaxMs',
  'requestTimeoutMs',
  'maxBodyBytes',
  'errorReportIntervalMs',
] as const;
const nonNegativeIntegers = ['maxRetries', 'maxRetryAfterMs', 'gzipThresholdBytes'] as const;

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
    maxRetries: options?.maxRetries ?? 5,
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
  if (resolved.batchSize > 1000)
    problems.push(`batchSize must be at most 1000, the server's batch limit (got ${resolved.batchSize})`);
  if (typeof resolved.onError !== 'function') problems.push('onError must be a function');
  if (typeof resolved.fetch !== 'function') problems.push('fetch is not available: use Node 18+ or pass options.fetch');
  if (problems.length > 0) throw new TypeError(`Invalid Vigil options: ${problems.join('; ')}`);
  resolved.url = resolved.url.replace(/\/+$/, '');
  return resolved;
}
