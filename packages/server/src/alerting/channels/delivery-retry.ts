import type { DeliveryFetch } from './guarded-fetch.js';
import type { DeliveryAttempt, DeliveryResult } from './alert-channel.js';
import type { LookupFunction } from 'node:net';

export interface RetryOptions {
  /** Including the first. Default 5. */
  maxAttempts?: number;
  /** Backoff before retry n is baseDelayMs × 2^(n−1), with ±50 % jitter ("equal jitter"). Default 1,000. */
  baseDelayMs?: number;
  /** Cap of the backoff. Default 60,000. */
  maxDelayMs?: number;
  /** A Retry-After beyond this ends the delivery as failed instead of waiting. Default 300,000. */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout. Default 10,000. */
  attemptTimeoutMs?: number;
  /** Randomness in [0, 1) for jitter (tests pass a constant). */
  random?: () => number;
  now?: () => number;
  /** The fetch the attempts use: a guarded one (guarded-fetch.ts) re-checks the target at connection time. */
  fetch?: DeliveryFetch;
  /** The name resolution of clients that open their own sockets (SMTP, the AWS SDK): a guarded one refuses. */
  lookup?: LookupFunction;
}

/** What one attempt reports to the retry loop. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** Retry this failure? */
  isRetryable: boolean;
  /** Server-requested wait (429/503 Retry-After), ms. */
  retryAfterMs?: number | null;
  responseBody?: string;
}

/**
 * Runs `attempt` until it succeeds, fails permanently, runs out of attempts, or `signal` aborts; waits with
 * exponential backoff and jitter, or exactly the server's Retry-After when longer.
 * @example
 * const result = await deliverWithRetry('webhook', n.id, (s) => postOnce(url, body, s), options, signal);
 */
export async function deliverWithRetry(
  channel: DeliveryResult['channel'],
  notificationId: string,
  attempt: (signal: AbortSignal) => Promise<AttemptOutcome>,
  options: RetryOptions,
  signal: AbortSignal,
): Promise<DeliveryResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const base = options.baseDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 300_000;
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log: DeliveryAttempt[] = [];
  const startedAt = now();
  let last: AttemptOutcome = { ok: false, statusCode: null, error: 'not attempted', isRetryable: false };
  for (let n = 1; n <= maxAttempts; n++) {
    if (signal.aborted) {
      last = { ok: false, statusCode: null, error: `aborted: ${reasonText(signal.reason)}`, isRetryable: false };
      break;
    }
    const t0 = now();
    try {
      last = await attempt(AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
    } catch (error) {
      // A target refused at connection time (guarded-fetch.ts) stays refused: no retry.
      const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
      const isRefused = cause?.code === 'VIGIL_TARGET_REFUSED';
      last = {
        ok: false,
        statusCode: null,
        error: isRefused ? cause!.message! : describeError(error, signal),
        isRetryable: !signal.aborted && !isRefused,
      };
    }
    const entry: DeliveryAttempt = {
      startedAt: t0,
      durationMs: now() - t0,
      statusCode: last.statusCode,
      error: last.ok ? null : last.error,
      waitMs: null,
    };
    log.push(entry);
    if (last.ok || !last.isRetryable || n === maxAttempts || signal.aborted) break;
    const backoff = Math.min(maxDelay, base * 2 ** (n - 1)) * (0.5 + random() / 2);
    const retryAfter = last.retryAfterMs ?? null;
    if (retryAfter !== null && retryAfter > maxRetryAfter) {
      entry.error =
        `${entry.error ?? ''}; Retry-After ${retryAfter} ms exceeds the ${maxRetryAfter} ms limit, giving up`.replace(
          /^; /,
          '',
        );
      last = { ...last, error: entry.error };
      break;
    }
    entry.waitMs = Math.round(Math.max(backoff, retryAfter ?? 0));
    try {
      await sleep(entry.waitMs, signal);
    } catch {
      last = {
        ok: false,
        statusCode: last.statusCode,
        error: `aborted while waiting to retry: ${reasonText(signal.reason)}`,
        isRetryable: false,
      };
      break;
    }
  }
  return {
    channel,
    notificationId,
    ok: last.ok,
    attempts: log.length,
    statusCode: last.statusCode,
    error: last.ok ? null : last.error,
    startedAt,
    finishedAt: now(),
    attemptLog: log,
    ...(last.responseBody !== undefined && { responseBody: last.responseBody.slice(0, 1_000) }),
  };
}

/**
 * Reads Retry-After (delta seconds or HTTP date) as milliseconds from `now`; null when absent or invalid.
 * @example parseRetryAfter('2', Date.now()) // 2000
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Retry network failures, timeouts, 408, 425, 429 and 5xx; other statuses are permanent. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describeError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return `aborted: ${reasonText(signal.reason)}`;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e.message ?? 'error'} (${cause})` : (e?.message ?? String(error));
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
