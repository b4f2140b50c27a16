import type { AlertChannel, DeliveryResult } from './alert-channel.js';
import { describeResolution, type Notification } from './alert-notification.js';
import type { RetryOptions } from './delivery-retry.js';
import { postJsonWithRetry } from './http-delivery.js';
import { formatTime } from './text-limits.js';

/** Go's zero time: what Alertmanager puts in `endsAt` of an alert with no known end. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookChannelOptions {
  url: string;
  /** Extra headers, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** Alertmanager's `max_alerts`: 0 = all; beyond it alerts are dropped and counted in `truncatedAlerts`. */
  maxAlerts?: number;
  retry?: RetryOptions;
}

/**
 * A generic webhook speaking Alertmanager's webhook format version 4, so anything that accepts
 * Alertmanager (alerta, Grafana OnCall, custom receivers) accepts Vigil.
 * @example await new WebhookChannel({ url: 'https://hooks.example/alerts' }).send(notification, signal)
 */
export class WebhookChannel implements AlertChannel {
  readonly kind = 'webhook' as const;
  constructor(private readonly options: WebhookChannelOptions) {}

  send(notification: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    const body = buildAlertmanagerPayload(notification, this.options.maxAlerts ?? 0);
    return postJsonWithRetry(
      'webhook',
      notification.id,
      this.options.url,
      body,
      this.options.headers ?? {},
      this.options.retry ?? {},
      signal,
    );
  }
}

/** The version-4 body. Exported for previews and tests. */
export function buildAlertmanagerPayload(n: Notification, maxAlerts = 0) {
  const kept = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts;
  const base = n.externalUrl?.replace(/\/$/, '') ?? '';
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.alerts.length - kept.length + (n.truncatedAlerts ?? 0),
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    // Who resolved or acknowledged, where Alertmanager receivers show free text: the common annotations.
    commonAnnotations: {
      ...n.commonAnnotations,
      ...(n.resolution && { resolved_by: n.resolution.by, resolution: describeResolution(n)! }),
      ...(n.acknowledgedBy && { acknowledged_by: n.acknowledgedBy }),
    },
    externalURL: base,
    alerts: kept.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: formatTime(a.startsAt),
      endsAt: a.endsAt === null ? ZERO_TIME : formatTime(a.endsAt),
      generatorURL: base && a.labels.rule_id ? `${base}/alerts/rules/${encodeURIComponent(a.labels.rule_id)}` : '',
      fingerprint: a.fingerprint,
    })),
  };
}
