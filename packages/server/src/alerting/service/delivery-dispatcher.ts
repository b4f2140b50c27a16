import type { AlertChannel, DeliveryResult } from '../channels/alert-channel.js';
import type { Notification } from '../channels/alert-notification.js';
import type { RetryOptions } from '../channels/delivery-retry.js';
import type { LookupFunction } from 'node:net';
import type { DeliveryFetch } from '../channels/guarded-fetch.js';
import { EmailChannel, type EmailChannelOptions } from '../channels/email-channel.js';
import { PagerDutyChannel } from '../channels/pagerduty-channel.js';
import { SlackChannel } from '../channels/slack-channel.js';
import { TeamsChannel } from '../channels/teams-channel.js';
import { WebhookChannel } from '../channels/webhook-channel.js';
import { InboxChannel } from '../channels/inbox-channel.js';
import type { InboxStore } from '../../storage/contracts/index.js';
import type { AlertingStore, ChannelConfig, DeliveryRecord } from '../../storage/contracts/alerting-store.js';

/** Where one notification goes and why. */
export interface DeliveryTarget {
  channelId: string;
  team: string | null;
  purpose: string;
}

/**
 * Builds the channel plug-in of a configured channel. Settings were validated by the API's schema; the inbox
 * channel writes to `deps.inbox`.
 * @example createChannel({ id: 'devops-pd', name: 'DevOps PD', kind: 'pagerduty', settings: { routingKey } }, deps)
 */
export function createChannel(
  config: ChannelConfig,
  deps: { inbox: InboxStore | null; now: () => number; fetch?: DeliveryFetch; lookup?: LookupFunction },
): AlertChannel {
  const settings = config.settings as Record<string, unknown> & { retry?: RetryOptions };
  // The HTTP channels send through `deps.fetch`, e-mail resolves through `deps.lookup` (the target re-checked
  // at connection time) when given.
  const s: Record<string, unknown> & { retry: RetryOptions } = {
    ...settings,
    retry: {
      ...settings.retry,
      ...(deps.fetch && { fetch: deps.fetch }),
      ...(deps.lookup && { lookup: deps.lookup }),
    },
  };
  switch (config.kind) {
    case 'slack':
      return new SlackChannel({ webhookUrl: String(s.webhookUrl), retry: s.retry });
    case 'teams':
      return new TeamsChannel({ webhookUrl: String(s.webhookUrl), retry: s.retry });
    case 'pagerduty':
      return new PagerDutyChannel({
        routingKey: String(s.routingKey),
        eventsUrl: s.eventsUrl as string | undefined,
        source: s.source as string | undefined,
        retry: s.retry,
      });
    case 'email':
      return new EmailChannel(s as unknown as EmailChannelOptions);
    case 'webhook':
      return new WebhookChannel({
        url: String(s.url),
        headers: s.headers as Record<string, string> | undefined,
        maxAlerts: s.maxAlerts as number | undefined,
        retry: s.retry,
      });
    case 'inbox':
      return new InboxChannel(deps.inbox, config.id, deps.now);
  }
}

/**
 * Sends notifications through configured channels and records every delivery (also the failed and the
 * unconfigured ones) in the store. Channel objects are cached per configuration.
 * @example
 * const record = await dispatcher.deliver(notification, { channelId: 'devops-pd', team: 'DevOps', purpose: 'page' }, incident.id);
 */
export class DeliveryDispatcher {
  readonly #cache = new Map<string, { json: string; channel: AlertChannel }>();

  constructor(
    private readonly store: AlertingStore,
    private readonly options: {
      timeoutMs?: number;
      now: () => number;
      inbox?: InboxStore | null;
      fetch?: DeliveryFetch;
      lookup?: LookupFunction;
    },
  ) {}

  async deliver(
    notification: Notification,
    target: DeliveryTarget,
    incidentId: string | null,
  ): Promise<DeliveryRecord> {
    const config = await this.store.channels.get(target.channelId);
    let result: DeliveryResult;
    if (!config) {
      const at = this.options.now();
      result = {
        channel: 'webhook',
        notificationId: notification.id,
        ok: false,
        attempts: 0,
        statusCode: null,
        error: `channel "${target.channelId}" is not configured; create it with POST /api/v1/channels`,
        startedAt: at,
        finishedAt: at,
        attemptLog: [],
      };
    } else {
      result = await this.#channelOf(config).send(
        notification,
        AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
        { team: target.team, purpose: target.purpose, incidentId },
      );
    }
    return this.store.addDelivery({
      incidentId,
      channelId: target.channelId,
      channelKind: config?.kind ?? 'unknown',
      team: target.team,
      purpose: target.purpose,
      notificationId: notification.id,
      notificationKind: notification.kind,
      ok: result.ok,
      skipped: result.skipped ?? null,
      attempts: result.attempts,
      statusCode: result.statusCode,
      error: result.error,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      attemptLog: result.attemptLog,
    });
  }

  #channelOf(config: ChannelConfig): AlertChannel {
    const json = JSON.stringify(config);
    const hit = this.#cache.get(config.id);
    if (hit && hit.json === json) return hit.channel;
    const channel = createChannel(config, {
      inbox: this.options.inbox ?? null,
      now: this.options.now,
      fetch: this.options.fetch,
      lookup: this.options.lookup,
    });
    this.#cache.set(config.id, { json, channel });
    return channel;
  }
}
