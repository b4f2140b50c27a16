import type { InboxList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { Link, updateQuery, useLocation } from '../../routing/router.js';

const PURPOSES: Record<string, string> = {
  page: 'paged',
  'notify-primary': 'told (owner)',
  'add-to-incident': 'added to the incident',
  'notify-accountable': 'told (accountable)',
  escalation: 'escalated to',
  reminder: 'reminded',
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  digest: 'daily digest',
  test: 'test',
};

/**
 * `/inbox?team=…`: what the built-in inbox channel received — who was paged or told about what, per team — so
 * paging is visible without Slack or PagerDuty.
 */
export function InboxPage() {
  const { query } = useLocation();
  const team = query.get('team') ?? undefined;
  const inbox = useApi<InboxList>('/api/v1/inbox', { team, limit: 200 });
  return (
    <section className="page" data-testid="inbox-page">
      <div className="page-head">
        <h1>Inbox</h1>
      </div>
      <AlertingNav />
      <p className="muted small">
        Messages sent through channels of kind <code>inbox</code>, as each team received them. Other channels (Slack,
        PagerDuty, e-mail) deliver outside Vigil; every delivery is listed on its incident.
      </p>
      <StateView state={inbox} label="the inbox">
        {(data) => (
          <>
            <div className="segmented wrap" role="group" aria-label="Team" data-testid="inbox-teams">
              <button type="button" aria-pressed={team === undefined} onClick={() => updateQuery({ team: undefined })}>
                All teams
              </button>
              {data.teams.map((t) => (
                <button
                  key={t.team}
                  type="button"
                  aria-pressed={team === t.team}
                  onClick={() => updateQuery({ team: t.team })}
                  data-testid="inbox-team"
                  data-team={t.team}
                >
                  {t.team} ({t.messages})
                </button>
              ))}
            </div>
            {data.messages.length === 0 ? (
              <p className="state empty">
                No messages{team ? ` for ${team}` : ''} yet. Teams receive them when an incident opens, escalates or
                resolves, and in their daily digest.
              </p>
            ) : (
              <ul className="inbox-list" data-testid="inbox-messages">
                {data.messages.map((m) => (
                  <li key={m.id} className="card inbox-message" data-testid="inbox-message" data-team={m.team ?? ''}>
                    <div className="inbox-head">
                      <SeverityBadge value={m.severity} />
                      <strong>{m.team ?? 'no team'}</strong>
                      <span className="muted">{PURPOSES[m.purpose] ?? m.purpose}</span>
                      {m.onCall && ['page', 'escalation', 'reminder'].includes(m.purpose) && (
                        <span className="muted">· on call: {m.onCall}</span>
                      )}
                      <span className="muted small inbox-time">
                        <Time value={m.at} />
                      </span>
                    </div>
                    <div className="inbox-title">{m.title}</div>
                    <div className="muted small pre-line">{m.summary}</div>
                    {m.incidentId && (
                      <Link href={`/incidents/${encodeURIComponent(m.incidentId)}`} className="small">
                        Open the incident
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </StateView>
    </section>
  );
}
