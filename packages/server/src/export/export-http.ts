import { gzipSync } from 'node:zlib';
import {
  deliverWithRetry,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
} from '../alerting/channels/delivery-retry.js';
import type { ExportAttemptResult } from './export-types.js';

export type { RetryOptions };

/**
 * POSTs one body with retries: exponential backoff with jitter on 408, 425, 429, 5xx and network errors,
 * honouring Retry-After (the alerting channels' policy, delivery-retry.ts); other statuses fail at once.
 * `gzip` compresses the body and says so (Content-Encoding).
 * @example await postWithRetry(url, JSON.stringify(body), { 'dd-api-key': key }, { gzip: false, retry }, signal)
 */
export async function postWithRetry(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  options: { gzip?: boolean; retry: RetryOptions },
  signal: AbortSignal,
): Promise<ExportAttemptResult> {
  const payload = options.gzip ? gzipSync(body) : typeof body === 'string' ? body : Buffer.from(body);
  const now = options.retry.now ?? Date.now;
  const result = await deliverWithRetry(
    'webhook',
    'export',
    async (attemptSignal) => {
      const res = await (options.retry.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          'user-agent': 'Vigil-Export/0.1',
          ...(options.gzip && { 'content-encoding': 'gzip' }),
          ...headers,
        },
        body: payload,
        signal: attemptSignal,
        redirect: 'error',
      });
      const text = await res.text().catch(() => '');
      const ok = res.status >= 200 && res.status < 300;
      return {
        ok,
        statusCode: res.status,
        error: ok ? null : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
        isRetryable: !ok && isRetryableStatus(res.status),
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
      };
    },
    options.retry,
    signal,
  );
  return { ok: result.ok, attempts: result.attempts, statusCode: result.statusCode, error: result.error };
}

/** Runs `send` on each chunk in order and stops at the first failure; attempts add up. */
export async function sendChunks<T>(
  items: readonly T[],
  size: number,
  send: (chunk: readonly T[]) => Promise<ExportAttemptResult>,
): Promise<ExportAttemptResult & { sent: number }> {
  let attempts = 0;
  let last: ExportAttemptResult = { ok: true, attempts: 0, statusCode: null, error: null };
  for (let i = 0; i < items.length; i += size) {
    last = await send(items.slice(i, i + size));
    attempts += last.attempts;
    if (!last.ok) return { ...last, attempts, sent: i };
  }
  return { ...last, attempts, sent: items.length };
}
