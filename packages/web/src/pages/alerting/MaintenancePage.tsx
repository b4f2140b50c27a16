import { useState } from 'react';
import type { MaintenanceWindow, MaintenanceWindowList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { describeSchedule } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { MaintenanceEditor } from './MaintenanceEditor.js';

/**
 * A one-off window's state from its two times. A weekly window has no state here: whether an occurrence
 * covers now is the server's computation, and the alerts page names the window on every alert it mutes.
 */
function onceState(w: MaintenanceWindow, now: number): 'upcoming' | 'active' | 'ended' | null {
  if (w.schedule.kind !== 'once') return null;
  return now < w.schedule.startsAt ? 'upcoming' : now < w.schedule.endsAt ? 'active' : 'ended';
}
const BADGE = { upcoming: 'pending', active: 'silenced', ended: 'resolved' } as const;

/** `/maintenance`: maintenance windows (one-off or weekly, scoped to models and/or areas); create, end, delete. */
export function MaintenancePage() {
  const [reload, setReload] = useState(0);
  const [isCreating, setIsCreating] = useState(false);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const windows = useApi<MaintenanceWindowList>('/api/v1/maintenance-windows', {}, reload);
  const now = Date.now();
  const refresh = () => setReload((n) => n + 1);

  const act = async (w: MaintenanceWindow, how: 'end' | 'delete') => {
    setActionProblem(null);
    try {
      const path = `/api/v1/maintenance-windows/${encodeURIComponent(w.id)}` as const;
      if (how === 'end' && w.schedule.kind === 'once')
        await sendApi('PUT', path, { ...w, schedule: { ...w.schedule, endsAt: Date.now() } });
      else if (
        how === 'delete' &&
        window.confirm('Delete this maintenance window? Alerts it mutes notify again at the next group interval.')
      )
        await sendApi('DELETE', path);
      else return;
      refresh();
    } catch (err) {
      setActionProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="page" data-testid="maintenance-page">
      <div className="page-head">
        <h1>Maintenance windows</h1>
        <button type="button" onClick={() => setIsCreating(true)} disabled={isCreating} data-testid="new-maintenance">
          New window
        </button>
      </div>
      <AlertingNav />
      <p className="muted small">
        During a window, alerts of its models and areas are evaluated but not notified; when it ends, the next group
        interval announces those still firing. Times are UTC.
      </p>
      {isCreating && (
        <MaintenanceEditor
          onCancel={() => setIsCreating(false)}
          onSaved={() => {
            setIsCreating(false);
            refresh();
          }}
        />
      )}
      {actionProblem && (
        <p className="notice error" role="alert" data-testid="maintenance-action-problem">
          {actionProblem}
        </p>
      )}
      <StateView state={windows} label="maintenance windows">
        {({ maintenanceWindows: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No maintenance windows. Every firing alert is notified unless a silence mutes it.
            </p>
          ) : (
            <table className="data-table responsive" data-testid="maintenance-table">
              <thead>
                <tr>
                  <th>Description</th>
                  <th>Models</th>
                  <th>Areas</th>
                  <th>Schedule</th>
                  <th>State</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((w) => {
                  const state = onceState(w, now);
                  return (
                    <tr key={w.id} data-testid="maintenance-row" data-window={w.id}>
                      <td data-label="Description" className="wrap">
                        {w.description || <span className="muted">{w.id}</span>}
                      </td>
                      <td data-label="Models" className="wrap">
                        {w.scope.models?.join(', ') || 'every model'}
                      </td>
                      <td data-label="Areas" className="wrap">
                        {w.scope.areas?.join(', ') || 'every area'}
                      </td>
                      <td data-label="Schedule" className="wrap" data-testid="maintenance-schedule">
                        {describeSchedule(w.schedule)}
                      </td>
                      <td data-label="State">
                        {state ? (
                          <span className={`badge sev-${BADGE[state]}`}>{state}</span>
                        ) : (
                          <span className="muted small">weekly</span>
                        )}
                      </td>
                      <td data-label="">
                        <div className="actions">
                          {state === 'active' && (
                            <button type="button" onClick={() => act(w, 'end')} data-testid="maintenance-end">
                              End now
                            </button>
                          )}
                          <button
                            type="button"
                            className="danger-button"
                            onClick={() => act(w, 'delete')}
                            data-testid="maintenance-delete"
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}
