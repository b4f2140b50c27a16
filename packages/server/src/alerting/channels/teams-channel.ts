import type { AlertChannel, DeliveryResult } from './alert-channel.js';
import { describeResolution, isRunbookUrl, type Notification } from './alert-notification.js';
import type { RetryOptions } from './delivery-retry.js';
import { postJsonWithRetry } from './http-delivery.js';
import { formatTime, truncateText } from './text-limits.js';

/** Teams rejects messages above about 28 KB; keep the card under it with room for the envelope. */
export const TEAMS_MAX_BYTES = 27_000;

export interface TeamsChannelOptions {
  /** Workflows "When a Teams webhook request is received" URL. */
  webhookUrl: string;
  retry?: RetryOptions;
}

const COLOR: Record<string, string> = { critical: 'Attention', error: 'Attention', warning: 'Warning', info: 'Accent' };

/**
 * Microsoft Teams Workflows webhook carrying an Adaptive Card 1.4 (`type: "message"` with one
 * `application/vnd.microsoft.card.adaptive` attachment). Alerts that would push the card past ~28 KB are
 * left out and counted.
 * @example await new TeamsChannel({ webhookUrl }).send(notification, signal)
 */
export class TeamsChannel implements AlertChannel {
  readonly kind = 'teams' as const;
  constructor(private readonly options: TeamsChannelOptions) {}

  send(notification: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    return postJsonWithRetry(
      'teams',
      notification.id,
      this.options.webhookUrl,
      buildTeamsMessage(notification),
      {},
      this.options.retry ?? {},
      signal,
    );
  }
}

/** The webhook body. Exported for previews and tests. */
export function buildTeamsMessage(n: Notification) {
  let shown = n.body ? 0 : n.alerts.length;
  for (;;) {
    const message = envelope(card(n, shown));
    if (Buffer.byteLength(JSON.stringify(message)) <= TEAMS_MAX_BYTES || shown === 0) return message;
    shown = Math.floor(shown / 2);
  }
}

function envelope(content: Record<string, unknown>) {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

function card(n: Notification, shown: number): Record<string, unknown> {
  const text = (t: string, extra: Record<string, unknown> = {}) => ({
    type: 'TextBlock',
    text: truncateText(t, 4_000),
    wrap: true,
    ...extra,
  });
  const facts = [
    ['Severity', n.severity],
    ['Area', n.area],
    ['Status', n.status],
    ['Resolved by', describeResolution(n)],
    ['Acknowledged by', n.acknowledgedBy],
    ['Model', n.commonLabels.model],
    ['Endpoint', n.commonLabels.endpoint],
    ['On call', n.onCall?.name],
    ['Escalation', n.escalation && `${n.escalation.level} ${n.escalation.team} (${n.escalation.reason})`],
    [
      'Impact',
      n.businessImpactUsdPerHour !== undefined ? `$${n.businessImpactUsdPerHour.toLocaleString('en-US')}/h` : undefined,
    ],
    ['Started', n.alerts[0] ? formatTime(n.alerts[0].startsAt) : undefined],
  ]
    .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
    .map(([title, value]) => ({ title, value }));
  const body: unknown[] = [
    text(n.title, { size: 'Large', weight: 'Bolder', color: n.status === 'resolved' ? 'Good' : COLOR[n.severity] }),
    text(n.summary),
    { type: 'FactSet', facts },
  ];
  if (n.body) body.push(text(n.body.text));
  const alerts = n.alerts.slice(0, shown);
  if (alerts.length) {
    body.push({
      type: 'Container',
      separator: true,
      items: alerts.map((a) =>
        text(
          `${a.status === 'resolved' ? '✅' : '🔥'} **${a.labels.alertname ?? a.fingerprint}**: ${a.annotations.summary ?? ''} (${a.annotations.value ?? ''})`,
          { spacing: 'Small' },
        ),
      ),
    });
  }
  const hidden = (n.body ? 0 : n.alerts.length - shown) + (n.truncatedAlerts ?? 0);
  if (hidden > 0) body.push(text(`…and ${hidden} more alert${hidden === 1 ? '' : 's'}`, { isSubtle: true }));
  if (n.runbook && !isRunbookUrl(n.runbook)) body.push(text(`**Runbook**\n\n${n.runbook}`));
  const actions = [
    isRunbookUrl(n.runbook) ? { type: 'Action.OpenUrl', title: 'Runbook', url: n.runbook } : null,
    n.incidentUrl ? { type: 'Action.OpenUrl', title: 'Open incident', url: n.incidentUrl } : null,
  ].filter((a) => a !== null);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    ...(actions.length && { actions }),
  };
}
