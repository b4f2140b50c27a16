import { useState, type FormEvent } from 'react';
import type { Role, UserInput, UserList, UserPatch, UserView } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FieldProblem, FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { StateView } from '../../components/StateView.js';
import { formatTime } from '../../format/format-time.js';
import { ROLE_LABELS, ROLES, splitList } from './identity-labels.js';

/** The roles as checkboxes, in a fieldset of their own (a label may not hold other labels). */
function RoleChecks({
  legend,
  value,
  onChange,
  problem,
  testId,
}: {
  legend: string;
  value: Role[];
  onChange: (r: Role[]) => void;
  problem: string | null;
  testId: string;
}) {
  return (
    <fieldset className="field wide role-checks" data-testid={testId} data-invalid={problem ? 'true' : undefined}>
      <legend>{legend}</legend>
      <span className="checks">
        {ROLES.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              value={r}
              checked={value.includes(r)}
              onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
            />
            {ROLE_LABELS[r]}
          </label>
        ))}
      </span>
      <FieldProblem text={problem} />
    </fieldset>
  );
}

/** Add a person: a local password, or none for someone who signs in only through single sign-on. */
function PersonForm({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const [f, setF] = useState({ username: '', displayName: '', email: '', password: '', teams: '' });
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const { problem, isSaving, submit } = useSaveForm(onSaved);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: UserInput = { username: f.username.trim(), roles, teams: splitList(f.teams) };
    if (f.displayName.trim()) body.displayName = f.displayName.trim();
    if (f.email.trim()) body.email = f.email.trim();
    if (f.password) body.password = f.password;
    await submit(() => sendApi('POST', '/api/v1/users', body));
  };
  return (
    <form className="card stack" onSubmit={save} data-testid="person-form">
      <h2>Add a person</h2>
      <div className="form-grid">
        <FormField label="Username" problem={problemAt(problem, 'username')}>
          <input
            value={f.username}
            onChange={set('username')}
            required
            autoComplete="off"
            data-testid="person-username"
          />
        </FormField>
        <FormField label="Display name" hint="optional">
          <input value={f.displayName} onChange={set('displayName')} data-testid="person-display-name" />
        </FormField>
        <FormField label="Email" hint="optional" problem={problemAt(problem, 'email')}>
          <input type="email" value={f.email} onChange={set('email')} data-testid="person-email" />
        </FormField>
        <FormField
          label="Password"
          hint="12+ characters; empty: single sign-on only"
          problem={problemAt(problem, 'password')}
        >
          <input
            type="password"
            value={f.password}
            onChange={set('password')}
            autoComplete="new-password"
            data-testid="person-password"
          />
        </FormField>
        <FormField label="Teams" hint="comma-separated RACI teams" problem={problemAt(problem, 'teams')}>
          <input value={f.teams} onChange={set('teams')} placeholder="DevOps, InfoSec" data-testid="person-teams" />
        </FormField>
      </div>
      <RoleChecks
        legend="Roles"
        value={roles}
        onChange={setRoles}
        problem={problemAt(problem, 'roles')}
        testId="person-roles"
      />
      <FormProblem
        text={problemElsewhere(problem, ['username', 'email', 'password', 'teams', 'roles'])}
        testId="person-problem"
      />
      <FormActions label="Add person" isSaving={isSaving} testId="person-save" onCancel={onCancel} />
    </form>
  );
}

/** Change a person's roles and teams in place. */
function AccessEditor({ user, onSaved, onCancel }: { user: UserView; onSaved: () => void; onCancel: () => void }) {
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [teams, setTeams] = useState(user.teams.join(', '));
  const { problem, isSaving, submit } = useSaveForm(onSaved);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: UserPatch = { roles, teams: splitList(teams) };
    await submit(() => sendApi('PATCH', `/api/v1/users/${encodeURIComponent(user.id)}`, body));
  };
  return (
    <form className="stack" onSubmit={save} data-testid="access-editor">
      <RoleChecks
        legend={`Roles of ${user.username}`}
        value={roles}
        onChange={setRoles}
        problem={problemAt(problem, 'roles')}
        testId="access-roles"
      />
      <FormField label="Teams" hint="comma-separated" wide problem={problemAt(problem, 'teams')}>
        <input value={teams} onChange={(e) => setTeams(e.target.value)} data-testid="access-teams" />
      </FormField>
      <FormProblem text={problemElsewhere(problem, ['roles', 'teams'])} testId="access-problem" />
      <FormActions label="Save" isSaving={isSaving} testId="access-save" onCancel={onCancel} />
    </form>
  );
}

/**
 * `/settings/people`: who has an account, with roles, teams, status and last sign-in; add a person, change
 * roles and teams, disable (ends their sessions at once) or enable again.
 */
export function PeoplePage() {
  const [reload, setReload] = useState(0);
  const [isAdding, setIsAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const state = useApi<UserList>('/api/v1/users', {}, reload);
  const refresh = () => setReload((n) => n + 1);

  const setDisabled = async (u: UserView, isDisabled: boolean) => {
    if (isDisabled && !window.confirm(`Disable ${u.username}? Their sessions end at once.`)) return;
    try {
      await sendApi('PATCH', `/api/v1/users/${encodeURIComponent(u.id)}`, { isDisabled });
      setNotice({ text: `${u.username} ${isDisabled ? 'disabled: signed out everywhere' : 'enabled'}.`, ok: true });
    } catch (err) {
      setNotice({ text: err instanceof Error ? err.message : String(err), ok: false });
    }
    refresh();
  };

  return (
    <section className="page" data-testid="people-page">
      <div className="page-head">
        <h1>People</h1>
        <button type="button" onClick={() => setIsAdding(true)} data-testid="add-person">
          Add a person
        </button>
      </div>
      <p className="muted small">
        Roles decide what each person may do (the permission table in docs/identity.md); teams decide which RACI alerts
        and on-call rotations reach them. Disabling a person ends their sessions at once.
      </p>
      {isAdding && (
        <PersonForm
          onCancel={() => setIsAdding(false)}
          onSaved={() => {
            setIsAdding(false);
            setNotice({ text: 'Person added.', ok: true });
            refresh();
          }}
        />
      )}
      {notice && (
        <p className={`notice ${notice.ok ? 'ok' : 'error'}`} role="status" data-testid="people-notice">
          {notice.text}
        </p>
      )}
      <StateView state={state} label="people">
        {({ users }) =>
          users.length === 0 ? (
            <p className="state empty">No accounts yet: add the first person above.</p>
          ) : (
            <table className="data-table responsive" data-testid="people-table">
              <thead>
                <tr>
                  <th>Person</th>
                  <th>Roles</th>
                  <th>Teams</th>
                  <th>Status</th>
                  <th>Last sign-in</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {users.map((u) => [
                  <tr key={u.id} data-testid="person-row" data-username={u.username}>
                    <td data-label="Person">
                      <b>{u.displayName}</b>
                      <div className="muted small">
                        {u.username}
                        {u.email ? ` · ${u.email}` : ''} · {u.source === 'oidc' ? 'single sign-on' : 'password'}
                      </div>
                    </td>
                    <td data-label="Roles" data-testid="person-roles-cell">
                      {u.roles.map((r) => ROLE_LABELS[r]).join(', ')}
                    </td>
                    <td data-label="Teams">{u.teams.length ? u.teams.join(', ') : '—'}</td>
                    <td data-label="Status">
                      <span className={`badge ${u.isDisabled ? 'idle' : 'healthy'}`} data-testid="person-status">
                        {u.isDisabled ? 'disabled' : 'active'}
                      </span>
                    </td>
                    <td data-label="Last sign-in">{u.lastLoginAt ? formatTime(u.lastLoginAt) : 'never'}</td>
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() => setEditing(editing === u.id ? null : u.id)}
                        data-testid="person-edit"
                      >
                        Change role
                      </button>
                      {u.isDisabled ? (
                        <button type="button" onClick={() => void setDisabled(u, false)} data-testid="person-enable">
                          Enable
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="danger-button"
                          onClick={() => void setDisabled(u, true)}
                          data-testid="person-disable"
                        >
                          Disable
                        </button>
                      )}
                    </td>
                  </tr>,
                  editing === u.id && (
                    <tr key={`${u.id}-edit`} className="inline-edit">
                      <td colSpan={6}>
                        <AccessEditor
                          user={u}
                          onCancel={() => setEditing(null)}
                          onSaved={() => {
                            setEditing(null);
                            setNotice({ text: `${u.username}: roles and teams saved.`, ok: true });
                            refresh();
                          }}
                        />
                      </td>
                    </tr>
                  ),
                ])}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}
