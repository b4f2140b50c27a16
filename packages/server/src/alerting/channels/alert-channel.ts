import type { Notification } from './alert-notification.js';

/** One try of a delivery. */
export interface DeliveryAttempt {
  startedAt: number;
  durationMs: number;
  /** HTTP status, or the SMTP reply code; null when no response arrived. */
  statusCode: number | null;
  error: string | null;
  /** Wait before the next attempt (backoff or Retry-After); null for the last attempt. */
  waitMs: number | null;
}

/** The record of one delivery, for the caller to store. */
export interface DeliveryResult {
  channel: 'slack' | 'teams' | 'pagerduty' | 'email' | 'webhook' | 'inbox';
  notificationId: string;
  ok: boolean;
  attempts: number;
  /** Of the last attempt. */
  statusCode: number | null;
  /** Of the last attempt; null on success. */
  error: string | null;
  /** Why nothing was sent (e.g. PagerDuty receives no digests). */
  skipped?: string;
  startedAt: number;
  finishedAt: number;
  attemptLog: DeliveryAttempt[];
  /** First 1,000 characters of the last response body. */
  responseBody?: string;
}

/**
 * A notification channel plug-in. `send` never throws: failures come back as a record.
 * @example
 * const result = await new SlackChannel({ webhookUrl }).send(notification, AbortSignal.timeout(60_000));
 * await store.saveDelivery(result);
 */
export interface AlertChannel {
  readonly kind: DeliveryResult['channel'];
  /** `target`: who the delivery is for and why (the inbox lists messages by team; other channels ignore it). */
  send(notification: Notification, signal: AbortSignal, target?: DeliveryContext): Promise<DeliveryResult>;
}

/** Who a delivery is for and why, as the dispatcher routes it. */
export interface DeliveryContext {
  team: string | null;
  purpose: string;
  incidentId: string | null;
}
