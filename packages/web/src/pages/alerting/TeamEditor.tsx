import { useState, type FormEvent } from 'react';
import type { Channel, TeamBody, TeamMember, TeamView } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { WEEKDAYS } from '../../components/alerting/alerting-format.js';

type Purpose = 'page' | 'notify' | 'digest';
const PURPOSES: Purpose[] = ['page', 'notify', 'digest'];

/** "id, name, email" per line ↔ members. */
const membersToText = (ms: TeamMember[]) =>
  ms.map((m) => [m.id, m.name, m.email ?? ''].join(', ').replace(/, $/, '')).join('\n');
function textToMembers(text: string): TeamMember[] {
  return text
    .split('\n')
    .map((l) => l.split(',').map((p) => p.trim()))
    .filter((p) => p[0])
    .map(([id, name, email]) => ({ id: id!, name: name || id!, ...(email ? { email } : {}) }));
}
const toDateInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The IANA zones this browser knows, for the digest's time-zone field (the server checks the name). */
const TIME_ZONES: string[] =
  (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/** Create or replace a team (PUT /api/v1/teams/:name): members, weekly rotation, channels by purpose. */
export function TeamEditor({
  team,
  channels,
  onDone,
  onCancel,
}: {
  team: TeamView | null;
  channels: Channel[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState(membersToText(team?.members ?? []));
  const [hasRotation, setHasRotation] = useState(team?.rotation !== undefined);
  const [startDate, setStartDate] = useState(toDateInput(team?.rotation?.startsAt ?? Date.now()));
  const [weekday, setWeekday] = useState(team?.rotation?.handoffWeekday ?? 1);
  const [hour, setHour] = useState(team?.rotation?.handoffHour ?? 9);
  const [picked, setPicked] = useState<Record<Purpose, string[]>>({
    page: [...(team?.channels.page ?? [])],
    notify: [...(team?.channels.notify ?? [])],
    digest: [...(team?.channels.digest ?? [])],
  });
  const [hasDigestTime, setHasDigestTime] = useState(team?.digest !== undefined);
  const [digestTime, setDigestTime] = useState(team?.digest?.time ?? '08:00');
  const [digestZone, setDigestZone] = useState(
    team?.digest?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const toggle = (p: Purpose, id: string) =>
    setPicked((x) => ({ ...x, [p]: x[p].includes(id) ? x[p].filter((c) => c !== id) : [...x[p], id] }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const list = textToMembers(members);
    const startsAt = Date.parse(`${startDate}T${String(hour).padStart(2, '0')}:00:00Z`);
    const body: TeamBody = {
      name: name.trim(),
      members: list,
      channels: picked,
      ...(hasDigestTime && { digest: { time: digestTime, timeZone: digestZone.trim() } }),
      // Rotation order is the member order; overrides made through the API are kept.
      ...(hasRotation && {
        rotation: {
          startsAt,
          handoffWeekday: weekday,
          handoffHour: hour,
          memberIds: list.map((m) => m.id),
          ...(team?.rotation?.overrides && { overrides: team.rotation.overrides }),
        },
      }),
    };
    setSaving(true);
    setProblem(null);
    try {
      await sendApi('PUT', `/api/v1/teams/${encodeURIComponent(body.name)}`, body);
      onDone();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="team-editor" style={{ marginBottom: 16 }}>
      <h2>{team ? `Edit ${team.name}` : 'New team'}</h2>
      <div className="form-grid">
        <label className="field">
          <span>
            Name <span className="hint">· the RACI matrix refers to it</span>
          </span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={team !== null}
            required
            data-testid="team-name"
          />
        </label>
        <label className="field wide">
          <span>
            Members <span className="hint">· one per line: id, name, e-mail; rotation order</span>
          </span>
          <textarea
            value={members}
            onChange={(e) => setMembers(e.target.value)}
            data-testid="team-members-input"
            placeholder={'ana, Ana Ruiz, ana@example.com\nbo, Bo Chen'}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={hasRotation}
            onChange={(e) => setHasRotation(e.target.checked)}
            data-testid="team-has-rotation"
          />{' '}
          Weekly on-call rotation
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={hasDigestTime}
            onChange={(e) => setHasDigestTime(e.target.checked)}
            data-testid="team-has-digest-time"
          />{' '}
          Daily digest at a time of our own <span className="hint">· otherwise 08:00 UTC</span>
        </label>
        {hasDigestTime && (
          <>
            <label className="field">
              <span>Digest time (local)</span>
              <input
                type="time"
                value={digestTime}
                onChange={(e) => setDigestTime(e.target.value)}
                required
                data-testid="team-digest-time"
              />
            </label>
            <label className="field">
              <span>
                Time zone <span className="hint">· IANA name; daylight saving is followed</span>
              </span>
              <input
                list="time-zones"
                value={digestZone}
                onChange={(e) => setDigestZone(e.target.value)}
                required
                data-testid="team-digest-zone"
              />
              <datalist id="time-zones">
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </label>
          </>
        )}
        {hasRotation && (
          <>
            <label className="field">
              <span>First shift starts (UTC date)</span>
              <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} required />
            </label>
            <label className="field">
              <span>Handoff day (UTC)</span>
              <select value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
                {WEEKDAYS.map((d, i) => (
                  <option key={d} value={i}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Handoff hour (UTC)</span>
              <input type="number" min={0} max={23} value={hour} onChange={(e) => setHour(Number(e.target.value))} />
            </label>
          </>
        )}
      </div>
      {channels.length === 0 ? (
        <p className="muted small">No channels configured yet (POST /api/v1/channels).</p>
      ) : (
        <table className="burn-table">
          <thead>
            <tr>
              <th>Channel</th>
              {PURPOSES.map((p) => (
                <th key={p}>{p}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name} <span className="muted small">{c.kind}</span>
                </td>
                {PURPOSES.map((p) => (
                  <td key={p}>
                    <input
                      type="checkbox"
                      aria-label={`${c.name} ${p}`}
                      checked={picked[p].includes(c.id)}
                      onChange={() => toggle(p, c.id)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problem && (
        <p className="notice error" role="alert" data-testid="team-problem">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary-button" disabled={saving || !name.trim()} data-testid="team-save">
          {saving ? 'Saving…' : 'Save team'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
