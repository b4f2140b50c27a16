import { useState, type FormEvent } from 'react';
import type { OidcSettingsAnswer, OidcSettingsInput, OidcSettingsView, Role } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { problemAt, problemElsewhere, type SaveProblem } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { StateView } from '../../components/StateView.js';
import { ROLE_LABELS, ROLES } from './identity-labels.js';

/** "value = target" lines → pairs; a line without "=" is a problem naming its number. */
export function parseMapping(text: string): { pairs: Array<[string, string]>; badLine: number | null } {
  const pairs: Array<[string, string]> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    if (at <= 0 || at === line.length - 1) return { pairs, badLine: i + 1 };
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return { pairs, badLine: null };
}

/** The origin of the redirect URL as typed, or the page's own while it is not a URL yet. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return window.location.origin;
  }
}

function SsoForm({ stored, onSaved }: { stored: OidcSettingsView | null; onSaved: () => void }) {
  const [f, setF] = useState({
    enabled: stored?.enabled ?? true,
    providerName: stored?.providerName ?? '',
    issuerUrl: stored?.issuerUrl ?? '',
    clientId: stored?.clientId ?? '',
    clientSecret: '',
    redirectUrl: stored?.redirectUrl ?? `${window.location.origin}/auth/oidc/callback`,
    scopes: stored?.scopes ?? 'openid email profile',
    rolesClaim: stored?.rolesClaim ?? 'groups',
    roleMap: (stored?.roleMap ?? []).map((m) => `${m.value} = ${m.role}`).join('\n'),
    teamMap: (stored?.teamMap ?? []).map((m) => `${m.value} = ${m.team}`).join('\n'),
    defaultRole: stored ? (stored.defaultRole ?? '') : 'viewer',
    signOutAtProvider: stored?.signOutAtProvider ?? false,
  });
  const { problem, isSaving, submit } = useSaveForm(onSaved);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const roles = parseMapping(f.roleMap);
    const teams = parseMapping(f.teamMap);
    const unknownRole = roles.pairs.find(([, r]) => !ROLES.includes(r as Role));
    let found: SaveProblem | null = null;
    if (roles.badLine !== null)
      found = { path: 'roleMap', message: `body.roleMap: line ${roles.badLine} is not "claim value = role"` };
    else if (unknownRole)
      found = {
        path: 'roleMap',
        message: `body.roleMap: "${unknownRole[1]}" is not a role; use one of ${ROLES.join(', ')}`,
      };
    else if (teams.badLine !== null)
      found = { path: 'teamMap', message: `body.teamMap: line ${teams.badLine} is not "claim value = team"` };
    const body: OidcSettingsInput = {
      enabled: f.enabled,
      providerName: f.providerName.trim(),
      issuerUrl: f.issuerUrl.trim(),
      clientId: f.clientId.trim(),
      redirectUrl: f.redirectUrl.trim(),
      scopes: f.scopes.trim(),
      rolesClaim: f.rolesClaim.trim(),
      roleMap: roles.pairs.map(([value, role]) => ({ value, role: role as Role })),
      teamMap: teams.pairs.map(([value, team]) => ({ value, team })),
      defaultRole: f.defaultRole === '' ? null : (f.defaultRole as Role),
      signOutAtProvider: f.signOutAtProvider,
    };
    if (f.clientSecret) body.clientSecret = f.clientSecret;
    await submit(() => sendApi('PUT', '/api/v1/auth/oidc/settings', body), found);
  };

  const fields = ['providerName', 'issuerUrl', 'clientId', 'clientSecret', 'redirectUrl', 'scopes', 'rolesClaim'];
  return (
    <form className="card stack" onSubmit={save} data-testid="sso-form">
      <label className="small">
        <input
          type="checkbox"
          checked={f.enabled}
          onChange={(e) => setF((x) => ({ ...x, enabled: e.target.checked }))}
          data-testid="sso-enabled"
        />{' '}
        Offer “Sign in with {f.providerName || 'the provider'}” on the login page
      </label>
      <div className="form-grid">
        <FormField label="Provider name" hint="on the login button" problem={problemAt(problem, 'providerName')}>
          <input value={f.providerName} onChange={set('providerName')} required data-testid="sso-provider-name" />
        </FormField>
        <FormField label="Issuer URL" problem={problemAt(problem, 'issuerUrl')}>
          <input
            value={f.issuerUrl}
            onChange={set('issuerUrl')}
            required
            placeholder="https://login.example.com/realms/acme"
            data-testid="sso-issuer"
          />
        </FormField>
        <FormField label="Client id" problem={problemAt(problem, 'clientId')}>
          <input value={f.clientId} onChange={set('clientId')} required data-testid="sso-client-id" />
        </FormField>
        <FormField label="Client secret" hint="secret" problem={problemAt(problem, 'clientSecret')}>
          <input
            type="password"
            autoComplete="off"
            value={f.clientSecret}
            onChange={set('clientSecret')}
            placeholder={stored?.clientSecret ? `stored ${stored.clientSecret}; type to replace` : ''}
            data-testid="sso-client-secret"
          />
        </FormField>
        <FormField label="Redirect URL" hint="register it at the provider" problem={problemAt(problem, 'redirectUrl')}>
          <input value={f.redirectUrl} onChange={set('redirectUrl')} required data-testid="sso-redirect" />
        </FormField>
        <FormField label="Scopes" problem={problemAt(problem, 'scopes')}>
          <input value={f.scopes} onChange={set('scopes')} required data-testid="sso-scopes" />
        </FormField>
        <FormField label="Claim to map" hint="e.g. groups" problem={problemAt(problem, 'rolesClaim')}>
          <input value={f.rolesClaim} onChange={set('rolesClaim')} required data-testid="sso-claim" />
        </FormField>
        <FormField label="People whose claim maps to no role" problem={problemAt(problem, 'defaultRole')}>
          <select value={f.defaultRole} onChange={set('defaultRole')} data-testid="sso-default-role">
            <option value="">are refused</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                get role {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <div className="form-grid">
        <FormField
          label="Claim value → role"
          hint="one per line: sre-team = devops"
          wide
          problem={problemAt(problem, 'roleMap')}
        >
          <textarea rows={4} value={f.roleMap} onChange={set('roleMap')} data-testid="sso-role-map" />
        </FormField>
        <FormField
          label="Claim value → team"
          hint="one per line: sre-team = DevOps"
          wide
          problem={problemAt(problem, 'teamMap')}
        >
          <textarea rows={4} value={f.teamMap} onChange={set('teamMap')} data-testid="sso-team-map" />
        </FormField>
      </div>
      <label className="small">
        <input
          type="checkbox"
          checked={f.signOutAtProvider}
          onChange={(e) => setF((x) => ({ ...x, signOutAtProvider: e.target.checked }))}
          data-testid="sso-sign-out-at-provider"
        />{' '}
        Log out also signs the person out of {f.providerName || 'the provider'} (register{' '}
        <code>{safeOrigin(f.redirectUrl)}/</code> as a post-logout redirect URI there)
      </label>
      <FormProblem text={problemAt(problem, 'signOutAtProvider')} testId="sso-sign-out-problem" />
      <p className="muted small">
        Authorization code with PKCE, state and nonce. A person is found by the provider&apos;s subject, or linked to
        the account whose username is their e-mail, or created; their roles and teams follow the mapping at every login.
        Disabled people are refused. The client secret is stored encrypted.
      </p>
      <FormProblem
        text={problemElsewhere(problem, [...fields, 'roleMap', 'teamMap', 'defaultRole', 'signOutAtProvider'])}
        testId="sso-problem"
      />
      <FormActions label="Save" isSaving={isSaving} testId="sso-save" />
    </form>
  );
}

/** `/settings/sso`: the OpenID Connect provider people sign in with, and how its claims map to roles and teams. */
export function SsoPage() {
  const [reload, setReload] = useState(0);
  const [saved, setSaved] = useState(false);
  const state = useApi<OidcSettingsAnswer>('/api/v1/auth/oidc/settings', {}, reload);
  return (
    <section className="page" data-testid="sso-page">
      <div className="page-head">
        <h1>Single sign-on</h1>
      </div>
      {saved && (
        <p className="notice ok" role="status" data-testid="sso-notice">
          Saved: the provider answered its discovery document.
        </p>
      )}
      <StateView state={state} label="single sign-on settings">
        {({ settings }) => (
          <SsoForm
            key={reload}
            stored={settings}
            onSaved={() => {
              setSaved(true);
              setReload((n) => n + 1);
            }}
          />
        )}
      </StateView>
    </section>
  );
}
