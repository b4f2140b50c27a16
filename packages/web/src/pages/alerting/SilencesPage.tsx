import { useState } from 'react';
import type { Silence, SilenceList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { SilenceTable, silenceState } from '../../components/alerting/SilenceTable.js';
import { StateView } from '../../components/StateView.js';
import { useLocation } from '../../routing/router.js';
import { SilenceEditor, matchersFromQuery } from './SilenceEditor.js';

const ORDER = { active: 0, pending: 1, expired: 2 };

/**
 * `/silences`: every silence (active, pending, expired), a form to create one, and Expire / Delete, as in
 * Alertmanager. `?matcher=alertname=X` (repeatable; the alerts page links it) opens the form pre-filled.
 */
export function SilencesPage() {
  const { query } = useLocation();
  const prefill = matchersFromQuery(query);
  const [reload, setReload] = useState(0);
  const [isCreating, setIsCreating] = useState(prefill.length > 0);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const silences = useApi<SilenceList>('/api/v1/silences', {}, reload);
  const now = Date.now();
  const refresh = () => setReload((n) => n + 1);

  const act = async (method: 'PUT' | 'DELETE', s: Silence) => {
    setActionProblem(null);
    try {
      // Expiring ends the silence now and keeps it in the list, as Alertmanager does.
      if (method === 'PUT')
        await sendApi('PUT', `/api/v1/silences/${encodeURIComponent(s.id)}`, { ...s, endsAt: Date.now() });
      else if (window.confirm('Delete this silence? The alerts it mutes notify again at the next group interval.'))
        await sendApi('DELETE', `/api/v1/silences/${encodeURIComponent(s.id)}`);
      else return;
      refresh();
    } catch (err) {
      setActionProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="page" data-testid="silences-page">
      <div className="page-head">
        <h1>Silences</h1>
        <button type="button" onClick={() => setIsCreating(true)} disabled={isCreating} data-testid="new-silence">
          New silence
        </button>
      </div>
      <AlertingNav />
      <p className="muted small">
        A silence mutes notifications of the alerts whose labels match all its matchers (regular expressions are
        anchored; a missing label reads as empty) from its start until its end. Muted alerts still show under Alerts →
        Silenced.
      </p>
      {isCreating && (
        <SilenceEditor
          initialMatchers={prefill}
          onCancel={() => setIsCreating(false)}
          onSaved={() => {
            setIsCreating(false);
            refresh();
          }}
        />
      )}
      {actionProblem && (
        <p className="notice error" role="alert" data-testid="silence-action-problem">
          {actionProblem}
        </p>
      )}
      <StateView state={silences} label="silences">
        {({ silences: list }) =>
          list.length === 0 ? (
            <p className="state empty">No silences. Nothing is muted except by maintenance windows.</p>
          ) : (
            <SilenceTable
              silences={[...list].sort(
                (a, b) => ORDER[silenceState(a, now)] - ORDER[silenceState(b, now)] || b.startsAt - a.startsAt,
              )}
              now={now}
              actions={(s) => (
                <div className="actions">
                  {silenceState(s, now) === 'active' && (
                    <button type="button" onClick={() => act('PUT', s)} data-testid="silence-expire">
                      Expire
                    </button>
                  )}
                  <button
                    type="button"
                    className="danger-button"
                    onClick={() => act('DELETE', s)}
                    data-testid="silence-delete"
                  >
                    Delete
                  </button>
                </div>
              )}
            />
          )
        }
      </StateView>
    </section>
  );
}
