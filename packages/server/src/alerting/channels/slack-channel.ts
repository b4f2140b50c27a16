import type { AlertChannel, DeliveryResult } from './alert-channel.js';
import { describeResolution, isRunbookUrl, type Notification } from './alert-notification.js';
import type { RetryOptions } from './delivery-retry.js';
import { postJsonWithRetry } from './http-delivery.js';
import { escapeSlack, formatTime, truncateText } from './text-limits.js';

/** Block Kit limits (api.slack.com/reference/block-kit): per message and per element. */
export const SLACK_LIMITS = Object.freeze({
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  fields: 10,
  fieldText: 2_000,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3_000,
  fallbackText: 3_000,
});

export interface SlackChannelOptions {
  /** Incoming webhook URL (https://hooks.slack.com/services/…). */
  webhookUrl: string;
  retry?: RetryOptions;
}

const STATUS_EMOJI: Record<string, string> = {
  critical: ':red_circle:',
  error: ':large_orange_circle:',
  warning: ':large_yellow_circle:',
  info: ':large_blue_circle:',
};

/**
 * Slack incoming webhook with a Block Kit message: header, summary, facts, one section per alert (as many
 * as fit in 50 blocks), runbook and incident buttons. Texts are escaped and cut to Slack's limits.
 * @example await new SlackChannel({ webhookUrl }).send(notification, signal)
 */
export class SlackChannel implements AlertChannel {
  readonly kind = 'slack' as const;
  constructor(private readonly options: SlackChannelOptions) {}

  send(notification: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    return postJsonWithRetry(
      'slack',
      notification.id,
      this.options.webhookUrl,
      buildSlackMessage(notification),
      {},
      this.options.retry ?? {},
      signal,
    );
  }
}

type Block = Record<string, unknown>;

/** The webhook body: `{ text, blocks }`. Exported for previews and tests. */
export function buildSlackMessage(n: Notification): { text: string; blocks: Block[] } {
  const L = SLACK_LIMITS;
  const mrkdwn = (text: string, max: number = L.sectionText) => ({ type: 'mrkdwn', text: cutMrkdwn(text, max) });
  const head: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncateText(n.title, L.headerText), emoji: true } },
    {
      type: 'section',
      text: mrkdwn(
        `${n.status === 'resolved' ? ':white_check_mark:' : (STATUS_EMOJI[n.severity] ?? '')} ${escapeSlack(n.summary)}`,
      ),
    },
  ];
  const facts: [string, string | undefined][] = [
    ['Severity', n.severity],
    ['Area', n.area],
    ['Status', n.status],
    ['Resolved by', describeResolution(n)],
    ['Acknowledged by', n.acknowledgedBy],
    ['Model', n.commonLabels.model],
    ['Endpoint', n.commonLabels.endpoint],
    [
      'On call',
      n.onCall ? (n.onCall.slackUserId ? `<@${n.onCall.slackUserId}>` : escapeSlack(n.onCall.name)) : undefined,
    ],
    [
      'Escalation',
      n.escalation ? escapeSlack(`${n.escalation.level} ${n.escalation.team} (${n.escalation.reason})`) : undefined,
    ],
    [
      'Impact',
      n.businessImpactUsdPerHour !== undefined ? `$${n.businessImpactUsdPerHour.toLocaleString('en-US')}/h` : undefined,
    ],
  ];
  head.push({
    type: 'section',
    fields: facts
      .filter((f): f is [string, string] => !!f[1])
      .slice(0, L.fields)
      .map(([k, v]) => mrkdwn(`*${k}*\n${k === 'On call' || k === 'Escalation' ? v : escapeSlack(v)}`, L.fieldText)),
  });
  const tail: Block[] = [];
  if (n.runbook && !isRunbookUrl(n.runbook))
    tail.push({ type: 'section', text: mrkdwn(`*Runbook*\n${escapeSlack(n.runbook)}`) });
  const buttons = [
    isRunbookUrl(n.runbook) ? button('Runbook', n.runbook) : null,
    n.incidentUrl ? button('Open incident', n.incidentUrl) : null,
  ].filter((b): b is Block => b !== null);
  if (buttons.length) tail.push({ type: 'actions', elements: buttons });
  tail.push({
    type: 'context',
    elements: [mrkdwn(escapeSlack(`Vigil · ${n.kind} · ${formatTime(n.at)} · group ${n.groupKey}`), L.sectionText)],
  });

  const body: Block[] = [];
  if (n.body) body.push({ type: 'section', text: mrkdwn(escapeSlack(n.body.text)) });
  else {
    // Reserve a divider and an "N more" note; fill the rest with one section per alert.
    const room = L.blocks - head.length - tail.length - 2;
    const shown = n.alerts.slice(0, room);
    body.push({ type: 'divider' });
    for (const a of shown) {
      const name = a.labels.alertname ?? a.fingerprint;
      const when =
        a.status === 'resolved' && a.endsAt !== null
          ? `resolved ${formatTime(a.endsAt)}`
          : `since ${formatTime(a.startsAt)}`;
      const value = a.annotations.value ? ` · value ${a.annotations.value}` : '';
      body.push({
        type: 'section',
        text: mrkdwn(
          escapeSlack(
            `${a.status === 'resolved' ? '✅' : '🔥'} ${name}: ${a.annotations.summary ?? ''}\n${when}${value}`,
          ),
        ),
      });
    }
    const hidden = n.alerts.length - shown.length + (n.truncatedAlerts ?? 0);
    if (hidden > 0)
      body.push({ type: 'context', elements: [mrkdwn(`…and ${hidden} more alert${hidden === 1 ? '' : 's'}`)] });
  }
  return {
    text: truncateText(`${n.title}\n${n.summary}`, L.fallbackText),
    blocks: [...head, ...body, ...tail].slice(0, L.blocks),
  };
}

function button(text: string, url: string): Block {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncateText(text, SLACK_LIMITS.buttonText) },
    url: url.slice(0, SLACK_LIMITS.buttonUrl),
  };
}

// Cut after escaping, then drop a half-cut entity such as "&am…" so Slack never shows a broken escape.
function cutMrkdwn(text: string, max: number): string {
  const cut = truncateText(text, max);
  return cut === text ? cut : cut.replace(/&[a-z]{0,3}…$/, '…');
}
