import { useState } from 'react';
import type { DashboardBody, DashboardOne, DashboardPanel, TeamList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { navigate, updateQuery, useLocation } from '../../routing/router.js';
import { isPresetRange, type PresetRange } from '../../routing/time-range.js';
import { DashboardEditor } from './DashboardEditor.js';
import { DashboardPanelView } from './DashboardPanelView.js';
import './dashboards.css';

const RANGES: PresetRange[] = ['1h', '24h', '7d', '30d'];

/**
 * `/dashboards/:id` (the shared link; `?range=` overrides the saved range) and `/dashboards/new`: a dashboard's
 * panels, editing them, and pinning it as a team's home.
 */
export function DashboardPage({ id }: { id: string | null }) {
  const [reload, setReload] = useState(0);
  const one = useApi<DashboardOne>(id === null ? null : `/api/v1/dashboards/${encodeURIComponent(id)}`, {}, reload);
  const teams = useApi<TeamList>('/api/v1/teams');
  const teamNames = teams.status === 'ok' ? teams.data.teams.map((t) => t.name) : [];
  if (id === null)
    return (
      <section className="page" data-testid="dashboard-page">
        <div className="page-head">
          <h1>New dashboard</h1>
        </div>
        <DashboardEditor
          initial={{ name: '', range: '24h', panels: [] }}
          isNew
          teams={teamNames}
          onSaved={(saved) => navigate(`/dashboards/${encodeURIComponent(saved.id)}`)}
          onCancel={() => navigate('/dashboards')}
        />
      </section>
    );
  return (
    <section className="page" data-testid="dashboard-page">
      <StateView state={one} label="the dashboard">
        {({ dashboard: d }) => (
          <DashboardBodyView
            key={`${d.id}@${d.version}`}
            body={{
              id: d.id,
              name: d.name,
              description: d.description ?? undefined,
              team: d.team,
              range: d.range,
              panels: d.panels,
            }}
            homeOf={d.homeOf}
            teams={teamNames}
            onChanged={() => setReload((n) => n + 1)}
          />
        )}
      </StateView>
    </section>
  );
}

function DashboardBodyView({
  body,
  homeOf,
  teams,
  onChanged,
}: {
  body: DashboardBody & { id: string };
  homeOf: string[];
  teams: string[];
  onChanged: () => void;
}) {
  const { query } = useLocation();
  const [isEditing, setIsEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pinTeam, setPinTeam] = useState(body.team ?? teams[0] ?? '');
  const range = isPresetRange(query.get('range')) ? (query.get('range') as PresetRange) : (body.range as PresetRange);
  const link = `${window.location.origin}/dashboards/${encodeURIComponent(body.id)}`;
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setMessage({ ok: true, text: `Link copied: ${link}` });
    } catch {
      setMessage({ ok: true, text: `Share this link: ${link}` });
    }
  };
  const pin = async () => {
    try {
      await sendApi('PUT', `/api/v1/dashboard-homes/${encodeURIComponent(pinTeam)}`, { dashboardId: body.id });
      setMessage({ ok: true, text: `Pinned as the home of ${pinTeam}.` });
      onChanged();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete the dashboard "${body.name}"? Teams that pinned it lose their home.`)) return;
    try {
      await sendApi('DELETE', `/api/v1/dashboards/${encodeURIComponent(body.id)}`);
      navigate('/dashboards');
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  if (isEditing)
    return (
      <>
        <div className="page-head">
          <h1>Edit {body.name}</h1>
        </div>
        <DashboardEditor
          initial={body}
          isNew={false}
          teams={teams}
          onSaved={() => {
            setIsEditing(false);
            onChanged();
          }}
          onCancel={() => setIsEditing(false)}
        />
      </>
    );
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{body.name}</h1>
          <p className="muted small">
            {body.description ? `${body.description} ` : ''}
            {body.team ? `For ${body.team}. ` : ''}
            {homeOf.length ? `Home of ${homeOf.join(', ')}.` : ''}
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Range">
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={r === range}
              onClick={() => updateQuery({ range: r === body.range ? undefined : r })}
            >
              {r}
            </button>
          ))}
        </div>
      </div>
      <div className="dashboard-actions">
        <button type="button" onClick={() => setIsEditing(true)} data-testid="edit-dashboard">
          Edit panels
        </button>
        <button type="button" onClick={copyLink} data-testid="share-dashboard">
          Share link
        </button>
        <label className="inline">
          Pin as home of{' '}
          <select value={pinTeam} onChange={(e) => setPinTeam(e.target.value)} data-testid="pin-team">
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={pin} disabled={!pinTeam} data-testid="pin-dashboard">
          Pin
        </button>
        <button type="button" className="danger-button" onClick={remove}>
          Delete
        </button>
      </div>
      {message && (
        <p
          className={`notice ${message.ok ? 'ok' : 'error'}`}
          role={message.ok ? 'status' : 'alert'}
          data-testid="dashboard-message"
        >
          {message.text}
        </p>
      )}
      {body.panels.length === 0 ? (
        <p className="state empty">No panels yet: “Edit panels” adds them.</p>
      ) : (
        <div className="dashboard-grid" data-testid="dashboard-panels">
          {body.panels.map((p: DashboardPanel) => (
            <DashboardPanelView key={p.id} panel={p} range={range} />
          ))}
        </div>
      )}
    </>
  );
}
