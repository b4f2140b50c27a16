import { createHash } from 'node:crypto';
import type { AlertChannel, DeliveryResult } from './alert-channel.js';
import { isRunbookUrl, type Notification } from './alert-notification.js';
import { isRetryableStatus, type RetryOptions } from './delivery-retry.js';
import { postJsonWithRetry } from './http-delivery.js';
import { formatTime, truncateText } from './text-limits.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface PagerDutyChannelOptions {
  /** Integration key of an Events API v2 integration on a PagerDuty service. */
  routingKey: string;
  /** Default {@link PAGERDUTY_EVENTS_URL}; tests point it at loopback. */
  eventsUrl?: string;
  /** `payload.source`; default "vigil". */
  source?: string;
  retry?: RetryOptions;
}

/**
 * PagerDuty Events API v2 (POST /v2/enqueue). firing/update/escalated/reminder → `trigger`, acknowledged →
 * `acknowledge`, resolved → `resolve`, with one stable `dedup_key` per alert group so PagerDuty folds them
 * into one alert. 400 (invalid event) is never retried; 429 and 5xx are. Digests are not sent.
 * @example await new PagerDutyChannel({ routingKey }).send(notification, signal)
 */
export class PagerDutyChannel implements AlertChannel {
  readonly kind = 'pagerduty' as const;
  constructor(private readonly options: PagerDutyChannelOptions) {}

  async send(notification: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    if (notification.kind === 'digest' || notification.kind === 'report') {
      const now = Date.now();
      return {
        channel: 'pagerduty',
        notificationId: notification.id,
        ok: true,
        attempts: 0,
        statusCode: null,
        error: null,
        skipped: `PagerDuty receives no ${notification.kind}s`,
        startedAt: now,
        finishedAt: now,
        attemptLog: [],
      };
    }
    return postJsonWithRetry(
      'pagerduty',
      notification.id,
      this.options.eventsUrl ?? PAGERDUTY_EVENTS_URL,
      buildPagerDutyEvent(notification, this.options.routingKey, this.options.source ?? 'vigil'),
      {},
      this.options.retry ?? {},
      signal,
      (status) => status !== 400 && isRetryableStatus(status),
    );
  }
}

/**
 * A group key as a dedup_key: itself when ≤ 255 characters, else a SHA-256 of it (still stable).
 * @example toDedupKey('{}:{area="Infrastructure"}') // '{}:{area="Infrastructure"}'
 */
export function toDedupKey(groupKey: string): string {
  return groupKey.length <= 255 ? groupKey : `vigil-sha256:${createHash('sha256').update(groupKey).digest('hex')}`;
}

/** The Events API v2 body. Exported for previews and tests. */
export function buildPagerDutyEvent(n: Notification, routingKey: string, source: string) {
  const action =
    n.kind === 'resolved' || n.status === 'resolved'
      ? 'resolve'
      : n.kind === 'acknowledged'
        ? 'acknowledge'
        : 'trigger';
  const base = { routing_key: routingKey, event_action: action, dedup_key: toDedupKey(n.groupKey) };
  if (action !== 'trigger') return base;
  const links = [
    ...(n.incidentUrl ? [{ href: n.incidentUrl, text: 'Vigil incident' }] : []),
    ...(isRunbookUrl(n.runbook) ? [{ href: n.runbook, text: 'Runbook' }] : []),
  ];
  return {
    ...base,
    payload: {
      summary: truncateText(n.title, 1_024),
      source: truncateText(n.commonLabels.model ?? source, 255),
      severity: n.severity,
      timestamp: formatTime(n.alerts[0]?.startsAt ?? n.at),
      ...(n.commonLabels.endpoint && { component: n.commonLabels.endpoint }),
      group: n.area,
      class: n.commonLabels.alertname ?? n.kind,
      custom_details: {
        summary: n.summary,
        kind: n.kind,
        group_key: n.groupKey,
        labels: n.commonLabels,
        alerts: n.alerts.slice(0, 20).map((a) => ({
          status: a.status,
          labels: a.labels,
          value: a.annotations.value,
          startsAt: formatTime(a.startsAt),
        })),
        ...(n.escalation && { escalation: n.escalation }),
        ...(n.runbook && !isRunbookUrl(n.runbook) && { runbook: truncateText(n.runbook, 4_000) }),
        ...(n.businessImpactUsdPerHour !== undefined && { business_impact_usd_per_hour: n.businessImpactUsdPerHour }),
      },
    },
    client: 'Vigil',
    ...(n.externalUrl && { client_url: n.externalUrl }),
    ...(links.length && { links }),
  };
}
