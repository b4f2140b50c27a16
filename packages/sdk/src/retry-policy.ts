/**
 * When to retry a delivery and how long to wait. Pure: the clock and the random source are passed in.
 */

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"):
 * a uniform delay in [0, min(maxMs, baseMs · 2^attempt)). Full jitter spreads a fleet of clients that
 * failed together, so they do not all come back at the same instant.
 *
 * @example computeBackoffMs(3, 500, 30_000) // somewhere in [0, 4000)
 */
export function computeBackoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Parses an HTTP `Retry-After` header: delta-seconds ("120") or an HTTP date. Returns milliseconds to
 * wait from `nowMs`, or undefined when the header is absent or unreadable.
 *
 * @example parseRetryAfterMs('2', Date.now()) // 2000
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Date.parse is lenient ("-5" parses as a year); an HTTP date always names a month or weekday.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** 408, 429 and every 5xx are transient; other 4xx will fail the same way again, so they are not retried. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The wait before retry number `attempt` (0-based): the server's Retry-After when it gave one (capped,
 * so a misconfigured proxy cannot park the SDK for a day), else the jittered backoff.
 */
export function computeRetryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: { retryBaseMs: number; retryMaxMs: number; maxRetryAfterMs: number },
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return computeBackoffMs(attempt, policy.retryBaseMs, policy.retryMaxMs, random);
}
