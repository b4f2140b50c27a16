import { saveActor, useActor } from '../../api/actor-store.js';

/** "Acting as" name and role, sent as `actor` with sign-offs, approvals and stage changes. */
export function ActingAs() {
  const actor = useActor();
  return (
    <fieldset className="card acting-as" data-testid="acting-as">
      <legend>Acting as</legend>
      <label className="field">
        <span>Name</span>
        <input
          value={actor.name}
          onChange={(e) => saveActor({ ...actor, name: e.target.value })}
          placeholder="e.g. Grace Liu"
          data-testid="actor-name"
        />
      </label>
      <label className="field">
        <span>
          Role <span className="hint">· "cto" may approve go-live</span>
        </span>
        <input
          value={actor.role}
          onChange={(e) => saveActor({ ...actor, role: e.target.value })}
          placeholder="e.g. cto, devops, data-science"
          list="actor-roles"
          data-testid="actor-role"
        />
        <datalist id="actor-roles">
          <option value="cto" />
          <option value="devops" />
          <option value="data-science" />
          <option value="infosec" />
          <option value="business" />
        </datalist>
      </label>
      <p className="muted small">
        Recorded in the audit trail with your API key's name. Not verified: Vigil has no user accounts yet.
      </p>
    </fieldset>
  );
}
