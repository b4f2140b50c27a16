import type { DeliveryResult } from './alert-channel.js';
import { scrubUrl } from './target-check.js';
import {
  deliverWithRetry,
  isRetryableStatus,
  parseRetryAfter,
  type AttemptOutcome,
  type RetryOptions,
} from './delivery-retry.js';

/**
 * POSTs a JSON body with retries (global fetch). `isRetryable` overrides the default status policy
 * (e.g. PagerDuty: never retry 400).
 * @example await postJsonWithRetry('webhook', n.id, url, payload, {}, retry, signal)
 */
export function postJsonWithRetry(
  channel: DeliveryResult['channel'],
  notificationId: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  retry: RetryOptions,
  signal: AbortSignal,
  isRetryable: (status: number) => boolean = isRetryableStatus,
): Promise<DeliveryResult> {
  const payload = JSON.stringify(body);
  const now = retry.now ?? Date.now;
  return deliverWithRetry(
    channel,
    notificationId,
    async (attemptSignal): Promise<AttemptOutcome> => {
      let response: Response;
      try {
        response = await (retry.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Alerting/0.1', ...headers },
          body: payload,
          signal: attemptSignal,
          redirect: 'error',
        });
      } catch (err) {
        // The URL (its path is a webhook's secret, its userinfo a password) never reaches a delivery record.
        throw scrubError(err, url);
      }
      const text = scrubUrl(await response.text().catch(() => ''), url);
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        error: ok ? null : `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
        isRetryable: !ok && isRetryable(response.status),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
        responseBody: text,
      };
    },
    retry,
    signal,
  );
}

/** The same error with the URL's secrets removed from its message and its cause's. */
function scrubError(err: unknown, url: string): unknown {
  if (!(err instanceof Error)) return err;
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const clean = new Error(scrubUrl(err.message, url), {
    cause: cause ? { code: cause.code, message: cause.message && scrubUrl(cause.message, url) } : undefined,
  });
  clean.name = err.name;
  return clean;
}
