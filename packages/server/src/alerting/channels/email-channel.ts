import { connect, type Socket } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AlertChannel, DeliveryResult } from './alert-channel.js';
import { describeResolution, isRunbookUrl, type Notification } from './alert-notification.js';
import { deliverWithRetry, type AttemptOutcome, type RetryOptions } from './delivery-retry.js';
import { formatTime } from './text-limits.js';

export interface EmailChannelOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). Default false (STARTTLS when offered). */
  secure?: boolean;
  /** Refuse to send without STARTTLS. */
  requireTls?: boolean;
  /** Never STARTTLS (loopback tests). */
  ignoreTls?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  to: readonly string[];
  retry?: RetryOptions;
}

// VIGIL_TARGET_REFUSED: the host resolved to an address the target check refuses (guarded-fetch.ts); it stays refused.
const PERMANENT_NETWORK_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EAUTH', 'VIGIL_TARGET_REFUSED']);

/**
 * E-mail over SMTP (nodemailer): plain text and HTML alternatives, subject = notification title, the
 * notification's attachments (a report's PDF) attached. SMTP 4xx
 * replies and connection failures are retried; 5xx replies, bad envelopes and auth failures are not.
 * @example await new EmailChannel({ host: 'smtp.example', port: 587, from, to: ['oncall@example'] }).send(n, signal)
 */
export class EmailChannel implements AlertChannel {
  readonly kind = 'email' as const;
  readonly #transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const lookup = options.retry?.lookup;
    this.#transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      requireTLS: options.requireTls ?? false,
      ignoreTLS: options.ignoreTls ?? false,
      ...(options.auth && { auth: options.auth }),
      connectionTimeout: options.retry?.attemptTimeoutMs ?? 10_000,
      greetingTimeout: options.retry?.attemptTimeoutMs ?? 10_000,
      // With a guarded lookup the SMTP host name is resolved and checked again at every connection (DNS
      // rebinding), not only when the channel was saved; nodemailer then speaks SMTP (and TLS) over this socket.
      ...(lookup && {
        getSocket: (_opts: unknown, callback: (err: Error | null, socket?: { connection: Socket }) => void) => {
          const socket = connect({ host: options.host, port: options.port, lookup });
          socket.once('connect', () => callback(null, { connection: socket }));
          socket.once('error', (err) => callback(err));
        },
      }),
    });
  }

  send(notification: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    const mail = renderEmail(notification);
    // Recipients still owed the message: a retry after a partial rejection goes only to those refused.
    let pending = [...this.options.to];
    return deliverWithRetry(
      'email',
      notification.id,
      (attemptSignal) =>
        new Promise<AttemptOutcome>((resolve) => {
          const onAbort = () =>
            resolve({ ok: false, statusCode: null, error: 'aborted', isRetryable: !signal.aborted });
          attemptSignal.addEventListener('abort', onAbort, { once: true });
          this.#transport
            .sendMail({
              from: this.options.from,
              to: pending,
              subject: mail.subject,
              text: mail.text,
              html: mail.html,
              ...(notification.attachments?.length && {
                attachments: notification.attachments.map((a) => ({
                  filename: a.filename,
                  contentType: a.contentType,
                  content: Buffer.from(a.content),
                })),
              }),
              headers: { 'X-Vigil-Group-Key': notification.groupKey },
            })
            .then(
              (info: {
                response?: string;
                rejected?: unknown[];
                rejectedErrors?: { responseCode?: number; message?: string }[];
              }) => {
                const rejected = (info.rejected ?? []).map((r) =>
                  typeof r === 'string' ? r : String((r as { address?: string }).address ?? r),
                );
                if (rejected.length === 0) {
                  pending = [];
                  return resolve({
                    ok: true,
                    statusCode: replyCode(info.response) ?? 250,
                    error: null,
                    isRetryable: false,
                    responseBody: info.response ?? '',
                  });
                }
                pending = pending.filter((p) => rejected.includes(p));
                const first = info.rejectedErrors?.[0];
                const code = first?.responseCode ?? null;
                resolve({
                  ok: false,
                  statusCode: code,
                  error: `recipients refused: ${rejected.join(', ')}${first?.message ? ` (${first.message})` : ''}`,
                  isRetryable: code === null || (code >= 400 && code < 500),
                });
              },
            )
            .catch((error: { responseCode?: number; code?: string; message?: string }) => {
              const code = error.responseCode ?? null;
              const isRetryable =
                code !== null ? code >= 400 && code < 500 : !PERMANENT_NETWORK_CODES.has(error.code ?? '');
              resolve({
                ok: false,
                statusCode: code,
                error: `${error.code ?? 'SMTP'}: ${error.message ?? String(error)}`,
                isRetryable,
              });
            })
            .finally(() => attemptSignal.removeEventListener('abort', onAbort));
        }),
      this.options.retry ?? {},
      signal,
    );
  }

  /** Closes pooled connections. */
  close(): void {
    this.#transport.close();
  }
}

/** Subject, plain text and HTML of a notification. Exported for previews and tests. */
export function renderEmail(n: Notification): { subject: string; text: string; html: string } {
  const subject = n.title.replace(/[\r\n]+/g, ' ');
  if (n.body) return { subject, text: n.body.text, html: n.body.html ?? `<pre>${escapeHtml(n.body.text)}</pre>` };
  const facts: [string, string | undefined][] = [
    ['Severity', n.severity],
    ['Area', n.area],
    ['Status', n.status],
    ['Resolved by', describeResolution(n)],
    ['Acknowledged by', n.acknowledgedBy],
    ['Model', n.commonLabels.model],
    ['Endpoint', n.commonLabels.endpoint],
    ['On call', n.onCall?.name],
    ['Escalation', n.escalation && `${n.escalation.level} ${n.escalation.team} (${n.escalation.reason})`],
  ];
  const shownFacts = facts.filter((f): f is [string, string] => !!f[1]);
  const alertLines = n.alerts.map(
    (a) =>
      `${a.status === 'resolved' ? 'RESOLVED' : 'FIRING'} ${a.labels.alertname ?? a.fingerprint}: ${a.annotations.summary ?? ''} (value ${a.annotations.value ?? '?'}, since ${formatTime(a.startsAt)})`,
  );
  const text = [
    n.title,
    '',
    n.summary,
    '',
    ...shownFacts.map(([k, v]) => `${k}: ${v}`),
    '',
    'Alerts:',
    ...alertLines.map((l) => `- ${l}`),
    ...(n.runbook ? ['', `Runbook: ${n.runbook}`] : []),
    ...(n.incidentUrl ? [`Incident: ${n.incidentUrl}`] : []),
  ].join('\n');
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = [
    `<h2>${escapeHtml(n.title)}</h2>`,
    `<p>${escapeHtml(n.summary).replaceAll('\n', '<br>')}</p>`,
    `<table>${shownFacts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    `<ul>${alertLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    n.runbook
      ? `<p>Runbook: ${isRunbookUrl(n.runbook) ? link(n.runbook, n.runbook) : `<pre>${escapeHtml(n.runbook)}</pre>`}</p>`
      : '',
    n.incidentUrl ? `<p>${link(n.incidentUrl, 'Open the incident in Vigil')}</p>` : '',
  ].join('\n');
  return { subject, text, html };
}

function replyCode(response: string | undefined): number | null {
  const m = response ? /^(\d{3})/.exec(response) : null;
  return m ? Number(m[1]) : null;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
