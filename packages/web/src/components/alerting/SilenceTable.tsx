import { Time } from '../Time.js';
import type { ReactNode } from 'react';
import type { Silence } from '@vigil/protocol';
import { formatTime } from './alerting-format.js';

/** Alertmanager's words: a silence is pending before it starts, active until it ends, then expired. */
export function silenceState(s: Silence, now: number): 'pending' | 'active' | 'expired' {
  return now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired';
}

// Badge colours borrowed from alert states: waiting, muting, over.
const BADGE = { pending: 'pending', active: 'silenced', expired: 'resolved' } as const;

/** Silences with matchers, period, state and comment; `actions` adds a last column (the silences page). */
export function SilenceTable({
  silences,
  now,
  actions,
}: {
  silences: Silence[];
  now: number;
  actions?: (s: Silence) => ReactNode;
}) {
  return (
    <table className="data-table responsive" data-testid="silences-table">
      <thead>
        <tr>
          <th>Matchers</th>
          <th>Starts</th>
          <th>Ends</th>
          <th>State</th>
          <th>Comment</th>
          {actions && <th />}
        </tr>
      </thead>
      <tbody>
        {silences.map((s) => {
          const state = silenceState(s, now);
          return (
            <tr key={s.id} data-testid="silence-row" data-silence={s.id} data-state={state}>
              <td data-label="Matchers">
                <span className="labels">
                  {s.matchers.map((m, i) => (
                    <code key={i} className="label-chip">
                      {m.name}
                      {m.op}&quot;{m.value}&quot;
                    </code>
                  ))}
                </span>
              </td>
              <td data-label="Starts">
                <Time value={s.startsAt} />
              </td>
              <td data-label="Ends">
                <Time value={s.endsAt} />
              </td>
              <td data-label="State">
                <span className={`badge sev-${BADGE[state]}`} data-testid="silence-state">
                  {state}
                </span>
              </td>
              <td data-label="Comment" className="wrap">
                {s.comment || '—'}
                {s.createdBy ? <span className="muted small"> by {s.createdBy}</span> : null}
              </td>
              {actions && <td data-label="">{actions(s)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
