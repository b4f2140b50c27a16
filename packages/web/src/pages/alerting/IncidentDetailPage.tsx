import { Time } from '../../components/Time.js';
import { useState } from 'react';
import type { Delivery, Incident, IncidentDetail, TimelineEntry } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatDuration, formatTime, formatUsdPerHour } from '../../components/alerting/alerting-format.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { StateView } from '../../components/StateView.js';
import { Link } from '../../routing/router.js';
import { IncidentActions } from './IncidentActions.js';

const HOUR = 3_600_000;
const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s.trim());

/** `/incidents/:id`: facts, timeline, runbook, chart links, and acknowledge / comment / resolve. */
export function IncidentDetailPage({ incidentId }: { incidentId: string }) {
  const [reload, setReload] = useState(0);
  const base = `/api/v1/incidents/${encodeURIComponent(incidentId)}` as const;
  const detail = useApi<IncidentDetail>(base, {}, reload);
  return (
    <section className="page" data-testid="incident-page">
      <AlertingNav />
      <StateView state={detail} label="the incident">
        {({ incident: i, timeline, deliveries }) => (
          <>
            <div className="page-head">
              <div>
                <h1 data-testid="incident-title">{i.title}</h1>
                <div className="actions small">
                  <SeverityBadge value={i.status} testId="incident-status" />
                  <SeverityBadge value={i.severity} />
                  <span className="muted">
                    {i.area} · opened <Time value={i.openedAt} />
                  </span>
                </div>
              </div>
            </div>
            <div className="detail-grid">
              <div className="stack">
                <IncidentActions incident={i} onChanged={() => setReload((n) => n + 1)} />
                <section className="card">
                  <h2>Timeline</h2>
                  <Timeline entries={timeline} />
                </section>
                <section className="card">
                  <h2>Deliveries</h2>
                  <Deliveries list={deliveries} />
                </section>
              </div>
              <div className="stack detail-side">
                <Facts i={i} timeline={timeline} />
                <Charts i={i} />
                <section className="card">
                  <h2>Runbook</h2>
                  {i.runbook === null ? (
                    <p className="muted">No runbook on the rules of this incident.</p>
                  ) : isUrl(i.runbook) ? (
                    <a
                      href={i.runbook}
                      target="_blank"
                      rel="noreferrer noopener"
                      data-testid="incident-runbook"
                      className="wrap"
                    >
                      {i.runbook}
                    </a>
                  ) : (
                    // Markdown shown as text: API text is never rendered as HTML (docs/dashboard.md).
                    <pre className="runbook" data-testid="incident-runbook">
                      {i.runbook}
                    </pre>
                  )}
                </section>
              </div>
            </div>
          </>
        )}
      </StateView>
    </section>
  );
}

function Facts({ i, timeline }: { i: Incident; timeline: TimelineEntry[] }) {
  const now = Date.now();
  const escalations = timeline.filter((t) => t.kind === 'escalated');
  const last = escalations.at(-1)?.details as { level?: string; team?: string } | undefined;
  return (
    <section className="card" data-testid="incident-facts">
      <h2>Facts</h2>
      <dl className="facts">
        <dt>Owner team</dt>
        <dd data-testid="fact-team">{i.team}</dd>
        <dt>Also involved</dt>
        <dd>{i.participants.length ? i.participants.join(', ') : '—'}</dd>
        <dt>Model</dt>
        <dd>{i.model ?? '—'}</dd>
        <dt>Endpoint</dt>
        <dd>{i.endpoint ?? '—'}</dd>
        <dt>Estimated impact</dt>
        <dd data-testid="fact-impact">
          {formatUsdPerHour(i.impactUsdPerHour)}
          {i.isCustomerFacing ? ' · customer-facing' : ''}
        </dd>
        <dt>Escalation</dt>
        <dd data-testid="fact-escalation">
          {last?.level
            ? `${last.level} ${last.team ?? ''}`.trim()
            : escalations.length
              ? `${escalations.length} escalations`
              : 'not escalated'}
        </dd>
        <dt>Acknowledged</dt>
        <dd data-testid="fact-acknowledged">
          {i.acknowledgedAt === null
            ? '—'
            : `${formatTime(i.acknowledgedAt)} by ${i.acknowledgedBy ?? '—'} (after ${formatDuration(i.acknowledgedAt - i.openedAt)})`}
        </dd>
        <dt>Resolved</dt>
        <dd data-testid="fact-resolved">
          {i.resolvedAt === null
            ? `open for ${formatDuration(now - i.openedAt)}`
            : `${formatTime(i.resolvedAt)} by ${i.resolvedBy ?? '—'} (after ${formatDuration(i.resolvedAt - i.openedAt)})`}
        </dd>
        <dt>Cause</dt>
        <dd data-testid="fact-cause">{i.cause ?? '—'}</dd>
        <dt>False positive</dt>
        <dd data-testid="fact-false-positive">
          {i.status === 'resolved' || i.cause !== null ? (i.isFalsePositive ? 'yes' : 'no') : '—'}
        </dd>
        <dt>Rules</dt>
        <dd>
          {i.ruleIds.length === 0
            ? '—'
            : i.ruleIds.map((id) => (
                <Link key={id} href={`/alerts/rules/${encodeURIComponent(id)}`} className="chip">
                  {id}
                </Link>
              ))}
        </dd>
      </dl>
    </section>
  );
}

/** Dashboard pages over the incident's time (an hour either side), and the API's own links. */
function Charts({ i }: { i: Incident }) {
  const from = new Date(i.openedAt - HOUR).toISOString();
  const to = new Date(Math.min(Date.now(), (i.resolvedAt ?? Date.now()) + HOUR)).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const modelHref = i.model
    ? `/models/${encodeURIComponent(i.model)}?${range}${i.endpoint ? `&endpoint=${encodeURIComponent(i.endpoint)}` : ''}`
    : null;
  const external = i.links.filter((l) => isUrl(l.href));
  const api = i.links.filter((l) => l.href.startsWith('/api/'));
  return (
    <section className="card" data-testid="incident-links">
      <h2>Charts</h2>
      <ul>
        {modelHref && (
          <li>
            <Link href={modelHref} data-testid="incident-model-link">
              {i.model} around the incident
            </Link>
          </li>
        )}
        <li>
          <Link href={`/endpoints?${range}`}>All endpoints around the incident</Link>
        </li>
        {external.map((l) => (
          <li key={l.href}>
            <a href={l.href} target="_blank" rel="noreferrer noopener">
              {l.text}
            </a>
          </li>
        ))}
      </ul>
      {api.length > 0 && (
        <p className="muted small wrap">
          API:{' '}
          {api.map((l) => (
            <code key={l.href} title={l.text}>
              {l.href}
            </code>
          ))}
        </p>
      )}
    </section>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((t) => (
        <li key={t.id} data-kind={t.kind} data-testid="timeline-entry">
          <div className="when">
            <Time value={t.at} /> · <strong>{t.kind}</strong> · {t.actor}
          </div>
          <div className="what">{t.message}</div>
        </li>
      ))}
    </ol>
  );
}

function Deliveries({ list }: { list: Delivery[] }) {
  if (list.length === 0)
    return <p className="muted">No notifications were sent (the teams of this area have no channels configured).</p>;
  return (
    <table className="data-table responsive" data-testid="deliveries-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Channel</th>
          <th>Team</th>
          <th>Purpose</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {list.map((d) => (
          <tr key={d.id} data-testid="delivery-row">
            <td data-label="Time">
              <Time value={d.startedAt} />
            </td>
            <td data-label="Channel">
              {d.channelId} <span className="muted small">{d.channelKind}</span>
            </td>
            <td data-label="Team">{d.team ?? '—'}</td>
            <td data-label="Purpose">{d.purpose}</td>
            <td data-label="Result" className="wrap">
              <SeverityBadge value={d.skipped ? 'skipped' : d.ok ? 'ok' : 'failed'} />{' '}
              {d.skipped
                ? `skipped: ${d.skipped}`
                : `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.statusCode === null ? '' : `, ${d.statusCode}`}`}
              {d.error ? <div className="muted small">{d.error}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
