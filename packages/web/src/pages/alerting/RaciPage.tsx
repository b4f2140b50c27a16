import { useMemo, useState } from 'react';
import type { MonitoringArea, RaciRole, RaciRow, RaciRows, TeamList } from '@vigil/protocol';
import { MONITORING_AREAS, RACI_ROLES } from '../../api/alerting-api.js';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { StateView } from '../../components/StateView.js';

const ROLE_HELP: Record<RaciRole, string> = {
  PRIMARY: 'paged',
  SUPPORT: 'added to the incident',
  CONSULT: 'added to the incident',
  REVIEW: 'digest, for review',
  ACCOUNTABLE: 'told on open and resolve',
  INFORMED: 'daily digest',
};

/** `/raci`: the responsibility matrix, one select per area × team; saved whole with PUT /api/v1/raci. */
export function RaciPage() {
  const [reload, setReload] = useState(0);
  // Lives here, not in the editor: a save reloads the matrix, which remounts the editor.
  const [saved, setSaved] = useState<string | null>(null);
  const raci = useApi<RaciRows>('/api/v1/raci', {}, reload);
  const teams = useApi<TeamList>('/api/v1/teams');
  return (
    <section className="page" data-testid="raci-page">
      <div className="page-head">
        <h1>Responsibility matrix</h1>
      </div>
      <AlertingNav />
      <p className="muted small">
        {Object.entries(ROLE_HELP)
          .map(([r, h]) => `${r}: ${h}`)
          .join(' · ')}
        . Every area needs exactly one PRIMARY team.
      </p>
      <StateView state={raci} label="the RACI matrix">
        {({ rows }) => (
          <RaciEditor
            key={JSON.stringify(rows)}
            rows={rows}
            knownTeams={teams.status === 'ok' ? teams.data.teams.map((t) => t.name) : []}
            onEdit={() => setSaved(null)}
            onSaved={(text) => {
              setSaved(text);
              setReload((n) => n + 1);
            }}
          />
        )}
      </StateView>
      {saved && (
        <p className="notice ok" role="status" data-testid="raci-result">
          {saved}
        </p>
      )}
    </section>
  );
}

type Matrix = Record<string, Record<string, RaciRole | ''>>;

function RaciEditor({
  rows,
  knownTeams,
  onEdit,
  onSaved,
}: {
  rows: RaciRow[];
  knownTeams: string[];
  onEdit: () => void;
  onSaved: (text: string) => void;
}) {
  const initial = useMemo<Matrix>(() => Object.fromEntries(rows.map((r) => [r.area, { ...r.roles }])), [rows]);
  const [matrix, setMatrix] = useState<Matrix>(initial);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Teams in the matrix first (its order), then configured teams without a role anywhere yet.
  const teams = useMemo(() => {
    const names: string[] = [];
    for (const r of rows) for (const t of Object.keys(r.roles)) if (!names.includes(t)) names.push(t);
    for (const t of knownTeams) if (!names.includes(t)) names.push(t);
    return names;
  }, [rows, knownTeams]);
  // All seven areas, even one missing from the stored rows: the server needs a PRIMARY for each.
  const areas: string[] = [
    ...MONITORING_AREAS,
    ...rows.map((r) => r.area).filter((a) => !(MONITORING_AREAS as readonly string[]).includes(a)),
  ];
  const problems = areas.flatMap((a) => {
    const n = Object.values(matrix[a] ?? {}).filter((r) => r === 'PRIMARY').length;
    return n === 1 ? [] : [`${a} has ${n} PRIMARY teams; it needs exactly one`];
  });
  const changed = (area: string, team: string) => (matrix[area]?.[team] ?? '') !== (initial[area]?.[team] ?? '');
  const isDirty = areas.some((a) => teams.some((t) => changed(a, t)));

  const setCell = (area: string, team: string, role: RaciRole | '') => {
    setProblem(null);
    onEdit();
    setMatrix((m) => ({ ...m, [area]: { ...m[area], [team]: role } }));
  };
  const save = async () => {
    setSaving(true);
    setProblem(null);
    const body = {
      rows: areas.map((area) => ({
        area: area as MonitoringArea,
        roles: Object.fromEntries(Object.entries(matrix[area] ?? {}).filter(([, r]) => r !== '')) as Record<
          string,
          RaciRole
        >,
      })),
    };
    try {
      await sendApi('PUT', '/api/v1/raci', body);
      onSaved('Matrix saved; the next alert is routed by it.');
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <>
      <table className="data-table responsive raci-table" data-testid="raci-table">
        <thead>
          <tr>
            <th>Area</th>
            {teams.map((t) => (
              <th key={t}>{t}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {areas.map((area) => (
            <tr key={area} data-testid="raci-row" data-area={area}>
              <td data-label="Area">
                <strong>{area}</strong>
              </td>
              {teams.map((team) => {
                const role = matrix[area]?.[team] ?? '';
                return (
                  <td key={team} data-label={team} className={role ? `role-${role}` : undefined}>
                    <select
                      value={role}
                      aria-label={`${area} — ${team}`}
                      className={changed(area, team) ? 'changed' : undefined}
                      onChange={(e) => setCell(area, team, e.target.value as RaciRole | '')}
                      data-testid="raci-cell"
                      data-team={team}
                    >
                      <option value="">—</option>
                      {RACI_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > 0 && (
        <ul className="notice error small" data-testid="raci-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="notice error" role="alert" data-testid="raci-error">
          {problem}
        </p>
      )}
      <div className="actions" style={{ marginTop: 12 }}>
        <button
          type="button"
          className="primary-button"
          disabled={!isDirty || problems.length > 0 || saving}
          onClick={save}
          data-testid="raci-save"
        >
          {saving ? 'Saving…' : 'Save matrix'}
        </button>
        <button type="button" disabled={!isDirty || saving} onClick={() => setMatrix(initial)}>
          Discard changes
        </button>
      </div>
    </>
  );
}
