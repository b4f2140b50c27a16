import { useSyncExternalStore } from 'react';
import { saveActor, useActor } from '../../api/actor-store.js';
import { readSession, subscribeSession } from '../../api/session-store.js';

/**
 * Who acts: a signed-in person is recorded under their account; an operator signed in with an API key types a
 * name and role, sent as `actor` with stage changes and load tests.
 */
export function ActingAs() {
  const actor = useActor();
  const session = useSyncExternalStore(subscribeSession, readSession);
  const p = session?.principal;
  if (p?.kind === 'user')
    return (
      <section className="card acting-as" data-testid="acting-as">
        <h2>Acting as</h2>
        <p data-testid="acting-as-person">
          {p.name}
          {p.roles.length > 0 && <span className="muted"> · {p.roles.join(', ')}</span>}
        </p>
        <p className="muted small">
          Recorded in the audit trail under your account. Sign-offs need a person of the owning team; the go-live
          approval an Executive.
        </p>
      </section>
    );
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
        Recorded in the audit trail with your API key's name. Sign-offs and the go-live approval need a signed-in
        person: sign in with a username and password for those.
      </p>
    </fieldset>
  );
}
