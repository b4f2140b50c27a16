import type { InboxStore } from '../../storage/contracts/index.js';
import type { AlertChannel, DeliveryContext, DeliveryResult } from './alert-channel.js';
import type { Notification } from './alert-notification.js';

/**
 * The built-in inbox: a notification is stored in Vigil, listed per team at GET /api/v1/inbox (the Inbox page),
 * so paging is visible without Slack or PagerDuty — in the demo, and anywhere a team wants a record of what it
 * was sent. Never throws: a failed write is a failed delivery.
 * @example await new InboxChannel(store.inbox, 'demo-inbox').send(notification, signal, { team: 'DevOps', purpose: 'page', incidentId })
 */
export class InboxChannel implements AlertChannel {
  readonly kind = 'inbox' as const;

  constructor(
    private readonly inbox: InboxStore | null,
    private readonly channelId: string,
    private readonly now: () => number,
  ) {}

  async send(n: Notification, _signal: AbortSignal, target?: DeliveryContext): Promise<DeliveryResult> {
    const startedAt = this.now();
    let error: string | null = null;
    try {
      if (!this.inbox) throw new Error('this server has no inbox store');
      await this.inbox.add({
        atMs: n.at,
        channelId: this.channelId,
        team: target?.team ?? null,
        purpose: target?.purpose ?? n.kind,
        kind: n.kind,
        severity: n.severity,
        area: n.area,
        title: n.title,
        summary: n.body?.text ?? n.summary,
        incidentId: target?.incidentId ?? null,
        runbook: n.runbook ?? null,
        onCall: n.onCall?.name ?? null,
      });
    } catch (err) {
      error = `inbox: ${(err as Error).message}`;
    }
    const finishedAt = this.now();
    return {
      channel: 'inbox',
      notificationId: n.id,
      ok: error === null,
      attempts: 1,
      statusCode: null,
      error,
      startedAt,
      finishedAt,
      attemptLog: [{ startedAt, durationMs: finishedAt - startedAt, statusCode: null, error, waitMs: null }],
    };
  }
}
