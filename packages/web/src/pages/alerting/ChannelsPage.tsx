import { useState } from 'react';
import type { Channel, ChannelList, Delivery, TeamList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatDuration } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { ChannelEditor } from './ChannelEditor.js';
import { describeTarget } from './channel-form.js';

type TestResult = { status: 'sending' } | { status: 'done'; delivery: Delivery } | { status: 'error'; message: string };

/** "delivered: HTTP 200 after 1 attempt (120 ms)" or "failed: HTTP 404 after 1 attempt — …", from the delivery record. */
export function describeDelivery(d: Delivery): string {
  if (d.skipped) return `skipped: ${d.skipped}`;
  const code = d.statusCode === null ? 'no answer' : `status ${d.statusCode}`;
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  return `${d.ok ? 'delivered' : 'failed'}: ${code} after ${tries} (${formatDuration(d.finishedAt - d.startedAt)})${d.error ? ` — ${d.error}` : ''}`;
}

/** `/channels`: every channel (secrets redacted by the API), who uses it, a test send; create, edit, delete. */
export function ChannelsPage() {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const channels = useApi<ChannelList>('/api/v1/channels', {}, reload);
  const teams = useApi<TeamList>('/api/v1/teams', {}, reload);
  const refresh = () => setReload((n) => n + 1);
  const usersOf = (id: string) =>
    teams.status === 'ok'
      ? teams.data.teams.flatMap((t) =>
          (['page', 'notify', 'digest'] as const)
            .filter((p) => t.channels[p].includes(id))
            .map((p) => `${t.name} (${p})`),
        )
      : [];

  const sendTest = async (c: Channel) => {
    setTests((x) => ({ ...x, [c.id]: { status: 'sending' } }));
    try {
      const { delivery } = await sendApi('POST', `/api/v1/channels/${encodeURIComponent(c.id)}/test`);
      setTests((x) => ({ ...x, [c.id]: { status: 'done', delivery } }));
    } catch (err) {
      setTests((x) => ({
        ...x,
        [c.id]: { status: 'error', message: err instanceof Error ? err.message : String(err) },
      }));
    }
  };
  const remove = async (c: Channel) => {
    const users = usersOf(c.id);
    if (
      !window.confirm(
        `Delete channel "${c.name}"?${users.length ? ` ${users.join(', ')} still name it; their deliveries to it will be recorded as failed.` : ''}`,
      )
    )
      return;
    setProblem(null);
    try {
      await sendApi('DELETE', `/api/v1/channels/${encodeURIComponent(c.id)}`);
      refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="page" data-testid="channels-page">
      <div className="page-head">
        <h1>Notification channels</h1>
        <button type="button" onClick={() => setEditing('new')} data-testid="new-channel">
          New channel
        </button>
      </div>
      <AlertingNav />
      <p className="muted small">
        Teams page, notify and send digests through these. Secrets (webhook URLs, routing keys, passwords, header
        values) are stored as given and never shown again: only their last 4 characters.
      </p>
      {editing !== null && (
        <ChannelEditor
          key={editing === 'new' ? 'new' : editing.id}
          channel={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {problem && (
        <p className="notice error" role="alert" data-testid="channel-action-problem">
          {problem}
        </p>
      )}
      {teams.status === 'error' && (
        <p className="notice error">Teams unavailable, so who uses each channel is not shown: {teams.error.message}</p>
      )}
      <StateView state={channels} label="channels">
        {({ channels: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No channels. Incidents are recorded, but nobody is paged or told until a team names a channel.
            </p>
          ) : (
            <table className="data-table responsive" data-testid="channels-table">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th>Kind</th>
                  <th>Delivers to</th>
                  <th>Used by</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((c) => {
                  const t = tests[c.id];
                  const users = usersOf(c.id);
                  return (
                    <tr key={c.id} data-testid="channel-row" data-channel={c.id}>
                      <td data-label="Channel">
                        {c.name} <span className="muted small">{c.id}</span>
                      </td>
                      <td data-label="Kind">{c.kind}</td>
                      <td data-label="Delivers to" className="wrap" data-testid="channel-target">
                        {describeTarget(c)}
                      </td>
                      <td data-label="Used by" className="wrap">
                        {teams.status !== 'ok' ? (
                          '—'
                        ) : users.length ? (
                          users.join(', ')
                        ) : (
                          <span className="muted">no team</span>
                        )}
                      </td>
                      <td data-label="">
                        <div className="actions">
                          <button
                            type="button"
                            onClick={() => sendTest(c)}
                            disabled={t?.status === 'sending'}
                            data-testid="channel-test"
                          >
                            {t?.status === 'sending' ? 'Sending…' : 'Send test'}
                          </button>
                          <button type="button" onClick={() => setEditing(c)} data-testid="edit-channel">
                            Edit
                          </button>
                          <button
                            type="button"
                            className="danger-button"
                            onClick={() => remove(c)}
                            data-testid="delete-channel"
                          >
                            Delete
                          </button>
                        </div>
                        {t && t.status !== 'sending' && (
                          <div
                            className={`small ${t.status === 'done' && t.delivery.ok ? 'ok-text' : 'error-text'}`}
                            role="status"
                            data-testid="channel-test-result"
                          >
                            {t.status === 'done' ? describeDelivery(t.delivery) : t.message}
                          </div>
                        )}
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
