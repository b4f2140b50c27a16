import type { DeliveryResult } from './alert-channel.js';
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
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Alerting/0.1', ...headers },
        body: payload,
        signal: attemptSignal,
        redirect: 'error',
      });
      const text = await response.text().catch(() => '');
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
