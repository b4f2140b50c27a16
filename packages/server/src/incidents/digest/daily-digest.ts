import type { IncidentRecord } from '../escalation/incident-metrics.js';
import { SEVERITIES } from '../../alerting/rules/rule-schema.js';
import { formatLocalTime, localDate } from '../../alerting/routing/digest-schedule.js';
import type { RaciMatrix } from '../../alerting/routing/raci-matrix.js';

export interface DigestEntry {
  incident: IncidentRecord;
  /** The team's role in the incident's area. */
  role: 'INFORMED' | 'REVIEW';
  state: 'open' | 'acknowledged' | 'resolved';
  line: string;
}

/** A daily digest for one team, ready for e-mail or chat. */
export interface DigestContent {
  team: string;
  from: number;
  to: number;
  subject: string;
  /** Plain text (also valid Slack mrkdwn and Markdown). */
  text: string;
  html: string;
  entries: DigestEntry[];
  counts: { total: number; open: number; resolved: number; bySeverity: Record<string, number> };
}

/**
 * The INFORMED (and REVIEW) digest of one team over [from, to): incidents in areas where the team holds that
 * role, which were open at any moment of the period. Most severe first, then by opening time. Dates and times
 * are shown in `timeZone` (the team's digest zone; default UTC).
 * @example
 * const d = buildDailyDigest('Business', incidents, DEFAULT_RACI_MATRIX, dayStart, dayStart + 86_400_000);
 * await email.send(digestNotification(d), signal);
 */
export function buildDailyDigest(
  team: string,
  incidents: readonly IncidentRecord[],
  matrix: RaciMatrix,
  from: number,
  to: number,
  timeZone = 'UTC',
): DigestContent {
  const entries: DigestEntry[] = [];
  for (const incident of incidents) {
    const role = matrix[incident.area]?.[team];
    if (role !== 'INFORMED' && role !== 'REVIEW') continue;
    const wasOpenInPeriod = incident.openedAt < to && (incident.resolvedAt == null || incident.resolvedAt >= from);
    if (!wasOpenInPeriod) continue;
    const resolvedInPeriod = incident.resolvedAt != null && incident.resolvedAt < to;
    const state = resolvedInPeriod
      ? 'resolved'
      : incident.acknowledgedAt != null && incident.acknowledgedAt < to
        ? 'acknowledged'
        : 'open';
    entries.push({ incident, role, state, line: describe(incident, state, to, timeZone) });
  }
  entries.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.incident.severity) - SEVERITIES.indexOf(b.incident.severity) ||
      a.incident.openedAt - b.incident.openedAt,
  );
  const bySeverity: Record<string, number> = {};
  for (const e of entries) bySeverity[e.incident.severity] = (bySeverity[e.incident.severity] ?? 0) + 1;
  const counts = {
    total: entries.length,
    open: entries.filter((e) => e.state !== 'resolved').length,
    resolved: entries.filter((e) => e.state === 'resolved').length,
    bySeverity,
  };
  const day = localDate(from, timeZone);
  const subject = `[Vigil] ${team} daily digest ${day}: ${counts.total} incident${counts.total === 1 ? '' : 's'} (${counts.open} open)`;
  const severityLine =
    SEVERITIES.filter((s) => bySeverity[s])
      .map((s) => `${bySeverity[s]} ${s}`)
      .join(', ') || 'none';
  const text = [
    `${team} digest for ${formatLocalTime(from, timeZone)} – ${formatLocalTime(to, timeZone)}`,
    `Incidents: ${counts.total} (${severityLine}); open ${counts.open}, resolved ${counts.resolved}.`,
    '',
    ...(entries.length
      ? entries.map((e) => `- ${e.line}${e.role === 'REVIEW' ? ' [for review]' : ''}`)
      : ['No incidents in your areas.']),
  ].join('\n');
  const html = [
    `<h2>${escapeHtml(team)} digest, ${escapeHtml(day)}</h2>`,
    `<p>Incidents: ${counts.total} (${escapeHtml(severityLine)}); open ${counts.open}, resolved ${counts.resolved}.</p>`,
    entries.length
      ? `<ul>${entries
          .map((e) => {
            const body = escapeHtml(e.line) + (e.role === 'REVIEW' ? ' <em>[for review]</em>' : '');
            return `<li>${e.incident.url ? `<a href="${escapeHtml(e.incident.url)}">${body}</a>` : body}</li>`;
          })
          .join('')}</ul>`
      : '<p>No incidents in your areas.</p>',
  ].join('\n');
  return { team, from, to, subject, text, html, entries, counts };
}

function describe(i: IncidentRecord, state: DigestEntry['state'], to: number, timeZone: string): string {
  const where = [i.area, i.model].filter(Boolean).join(' · ');
  const opened = formatLocalTime(i.openedAt, timeZone);
  const duration =
    state === 'resolved'
      ? `resolved after ${formatMinutes((i.resolvedAt as number) - i.openedAt)}`
      : `${state} for ${formatMinutes(to - i.openedAt)}`;
  const impact = i.businessImpactUsd ? `, impact ~$${Math.round(i.businessImpactUsd).toLocaleString('en-US')}` : '';
  const fp = i.isFalsePositive ? ', false positive' : '';
  return `[${i.severity}] ${i.title ?? i.id} (${where}) opened ${opened}, ${duration}${impact}${fp}`;
}

function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
