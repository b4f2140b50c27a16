import type { MonitoringArea, Severity } from '../rules/rule-schema.js';
import { SEVERITIES } from '../rules/rule-schema.js';
import type { Labels } from '../evaluation/alert-fingerprint.js';
import type { AlertGroupNotification, NotifiedAlert } from '../evaluation/notification-grouper.js';

export type NotificationKind =
  'firing' | 'update' | 'resolved' | 'acknowledged' | 'escalated' | 'reminder' | 'digest' | 'report';

/** Everything a channel renders. Built by {@link buildNotification} from a group flush, or directly for digests. */
export interface Notification {
  /** Unique per notification (delivery records and idempotency). */
  id: string;
  kind: NotificationKind;
  /** Stable across the life of an alert group: PagerDuty's dedup_key and the webhook's groupKey derive from it. */
  groupKey: string;
  receiver: string;
  status: 'firing' | 'resolved';
  /** One line, e.g. "[FIRING:2] p95 high · API Performance · fraud-v3". */
  title: string;
  /** A few lines of plain text. */
  summary: string;
  severity: Severity;
  area: MonitoringArea;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  alerts: readonly NotifiedAlert[];
  /** Alerts left out before this notification was built. */
  truncatedAlerts?: number;
  /** URL or markdown. */
  runbook?: string;
  incidentUrl?: string;
  /** Vigil's base URL (webhook `externalURL`, links to rules). */
  externalUrl?: string;
  escalation?: { level: string; team: string; reason: string };
  onCall?: { name: string; email?: string; slackUserId?: string };
  businessImpactUsdPerHour?: number;
  /** Who resolved the incident and why: a person through the API/UI, or "system" when its alerts resolved. */
  resolution?: { by: string; cause: string | null; isFalsePositive: boolean };
  /** Who acknowledged it (on `acknowledged` notifications). */
  acknowledgedBy?: string;
  /** Free-form body (digests, reports); channels show it instead of the alert list. */
  body?: { text: string; html?: string };
  /** Files for channels that carry them (e-mail): the scheduled report's PDF. Others link to the report instead. */
  attachments?: readonly { filename: string; contentType: string; content: Uint8Array }[];
  /** Epoch ms. */
  at: number;
}

/** A group's title without its status: up to three alert names and the scope (an incident's title). */
export function alertGroupTitle(names: readonly string[], area: string, model?: string | null): string {
  const scope = [area, model].filter(Boolean).join(' · ');
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` +${names.length - 3}` : ''} · ${scope}`;
}

/**
 * Turns a group flush into a channel notification: kind, title, worst severity, runbook.
 * @example
 * for (const group of grouper.flush(now)) {
 *   const n = buildNotification(group, { externalUrl: 'https://vigil.example', id: randomUUID() });
 * }
 */
export function buildNotification(
  group: AlertGroupNotification,
  options: { id: string; kind?: NotificationKind; externalUrl?: string; incidentUrl?: string },
): Notification {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const considered = firing.length ? firing : group.alerts;
  const severity =
    considered
      .map((a) => a.labels.severity as Severity)
      .filter((s) => SEVERITIES.includes(s))
      .sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0] ?? 'warning';
  const area = (group.groupLabels.area ?? group.commonLabels.area ?? 'Infrastructure') as MonitoringArea;
  const names = [...new Set(considered.map((a) => a.labels.alertname).filter(Boolean))];
  const kind =
    options.kind ?? (group.status === 'resolved' ? 'resolved' : group.reason === 'new' ? 'firing' : 'update');
  const head =
    group.status === 'resolved'
      ? '[RESOLVED]'
      : kind === 'acknowledged'
        ? `[ACKNOWLEDGED · FIRING:${firing.length}]`
        : `[FIRING:${firing.length}]`;
  const title = `${head} ${alertGroupTitle(names, area, group.groupLabels.model)}`;
  const summary =
    group.commonAnnotations.summary ??
    considered
      .map(
        (a) => `${a.labels.alertname ?? a.fingerprint}: ${a.annotations.summary ?? ''} (${a.annotations.value ?? ''})`,
      )
      .join('\n');
  const runbook = group.commonAnnotations.runbook ?? considered.find((a) => a.annotations.runbook)?.annotations.runbook;
  return {
    id: options.id,
    kind,
    groupKey: group.groupKey,
    receiver: group.receiver,
    status: group.status,
    title,
    summary,
    severity,
    area,
    groupLabels: group.groupLabels,
    commonLabels: group.commonLabels,
    commonAnnotations: group.commonAnnotations,
    alerts: group.alerts,
    ...(runbook && { runbook }),
    ...(options.externalUrl && { externalUrl: options.externalUrl }),
    ...(options.incidentUrl && { incidentUrl: options.incidentUrl }),
    at: group.at,
  };
}

/** True when the runbook is a link rather than inline markdown. */
export function isRunbookUrl(runbook: string | undefined): runbook is string {
  return !!runbook && /^https?:\/\/\S+$/.test(runbook.trim());
}

/**
 * Who resolved and why, or who acknowledged, as one line for the channels' facts; undefined otherwise.
 * @example describeResolution({ resolution: { by: 'ana', cause: 'CDN slow', isFalsePositive: false } }) // 'ana: CDN slow'
 */
export function describeResolution(n: Pick<Notification, 'resolution'>): string | undefined {
  const r = n.resolution;
  if (!r) return undefined;
  if (r.by === 'system' && r.cause === null) return 'Vigil: every alert of the incident resolved';
  return `${r.by}${r.cause ? `: ${r.cause}` : ''}${r.isFalsePositive ? ' (false positive)' : ''}`;
}
