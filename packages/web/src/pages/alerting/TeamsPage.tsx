import { Time } from '../../components/Time.js';
import { useState } from 'react';
import type { Channel, ChannelList, OnCallShift, TeamList, TeamView } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { WEEKDAYS, formatTime } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { EscalationPolicyEditor } from './EscalationPolicyEditor.js';
import { TeamEditor } from './TeamEditor.js';

/**
 * `/teams`: members, who is on call now and next (the server's answer, at its clock), the channels each team is
 * paged and told on, and the escalation policy.
 */
export function TeamsPage() {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<TeamView | 'new' | null>(null);
  const teams = useApi<TeamList>('/api/v1/teams', {}, reload);
  const channels = useApi<ChannelList>('/api/v1/channels');
  const channelList = channels.status === 'ok' ? channels.data.channels : [];
  const done = () => {
    setEditing(null);
    setReload((n) => n + 1);
  };
  return (
    <section className="page" data-testid="teams-page">
      <div className="page-head">
        <h1>Teams and on-call</h1>
        <button type="button" onClick={() => setEditing('new')} data-testid="new-team">
          New team
        </button>
      </div>
      <AlertingNav />
      {editing !== null && (
        <TeamEditor
          key={editing === 'new' ? 'new' : editing.name}
          team={editing === 'new' ? null : editing}
          channels={channelList}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      )}
      {channels.status === 'error' && (
        <p className="notice error">Channel names unavailable: {channels.error.message}</p>
      )}
      <StateView state={teams} label="teams">
        {({ teams: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No teams configured. Alerts are still recorded as incidents, but nobody is paged.
            </p>
          ) : (
            <div className="team-grid">
              {list.map((t) => (
                <TeamCard key={t.name} team={t} channels={channelList} onEdit={() => setEditing(t)} />
              ))}
            </div>
          )
        }
      </StateView>
      <EscalationPolicyEditor teamNames={teams.status === 'ok' ? teams.data.teams.map((t) => t.name) : null} />
    </section>
  );
}

function TeamCard({ team: t, channels, onEdit }: { team: TeamView; channels: Channel[]; onEdit: () => void }) {
  const nameOf = (id: string) => t.members.find((m) => m.id === id)?.name ?? id;
  const who = (s: OnCallShift) => s.name ?? s.memberId;
  const { onCall, nextShifts: upcoming } = t;
  const channel = (id: string) => {
    const c = channels.find((x) => x.id === id);
    return c ? `${c.name} (${c.kind})` : id;
  };
  return (
    <section className="card team-card" data-testid="team-card" data-team={t.name}>
      <div className="actions" style={{ justifyContent: 'space-between' }}>
        <h2>{t.name}</h2>
        <button type="button" onClick={onEdit} data-testid="edit-team">
          Edit
        </button>
      </div>
      <dl className="facts small">
        <dt>On call now</dt>
        <dd className="oncall" data-testid="team-oncall">
          {onCall
            ? `${who(onCall)} until ${formatTime(onCall.endsAt)}${onCall.isOverride ? ' (override)' : ''}`
            : t.rotation
              ? t.rotation.memberIds.length
                ? 'nobody (rotation not started)'
                : 'nobody (no members in the rotation)'
              : '— (no rotation)'}
        </dd>
        {t.rotation && (
          <>
            <dt>Rotation</dt>
            <dd>
              weekly, handoff {WEEKDAYS[t.rotation.handoffWeekday]} {String(t.rotation.handoffHour).padStart(2, '0')}:00
              UTC: {t.rotation.memberIds.map(nameOf).join(' → ') || '—'}
            </dd>
            {upcoming.length > 0 && (
              <>
                <dt>Next</dt>
                <dd data-testid="team-next-shifts">
                  {upcoming.map((s) => `${who(s)} from ${formatTime(s.startsAt)}`).join('; ')}
                </dd>
              </>
            )}
          </>
        )}
        <dt>Pages</dt>
        <dd>{t.channels.page.map(channel).join(', ') || '—'}</dd>
        <dt>Notifies</dt>
        <dd>{t.channels.notify.map(channel).join(', ') || '—'}</dd>
        <dt>Digest</dt>
        <dd data-testid="team-digest">
          {t.channels.digest.map(channel).join(', ') || '—'}
          {t.channels.digest.length > 0 &&
            ` · daily at ${t.digest ? `${t.digest.time} ${t.digest.timeZone}` : '08:00 UTC (default)'}`}
        </dd>
      </dl>
      <h3 className="small">Members ({t.members.length})</h3>
      {t.members.length === 0 ? (
        <p className="muted small">No members.</p>
      ) : (
        <ul className="small" data-testid="team-members">
          {t.members.map((m) => (
            <li key={m.id}>
              {m.name}{' '}
              <span className="muted">
                {[m.email, m.phone, m.slackUserId && `Slack ${m.slackUserId}`].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
