// OIDC single sign-on against a real OpenID Provider (oidc-provider on loopback) through openid-client:
// authorization code + PKCE with state and nonce, the first login creating the person (or linking an account
// whose username is their e-mail), the `groups` claim mapped to roles and teams at every login, people whose
// groups map to no role and disabled people refused, every login and refusal in the audit trail, and the
// client secret sealed in the store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { OidcSettingsAnswer, OidcSettingsInput, SessionView } from '@vigil/protocol';
import { startOpenIdProvider, type TestOpenIdProvider } from './helpers/oidc-provider.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
let idp: TestOpenIdProvider;
let redirectUrl: string;

/** Cookies as a browser keeps them for one site (name → value; paths ignored: every request sends all). */
class CookieJar {
  readonly values = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** What a browser does from "Sign in with …" to the dashboard: where it ends up and Vigil's cookies. */
async function signInThroughProvider(
  accountId: string,
): Promise<{ location: string; vigil: CookieJar; provider: CookieJar }> {
  idp.signInAs(accountId);
  const vigil = new CookieJar();
  const provider = new CookieJar();
  const start = await fetch(`${s.url}/auth/oidc/login`, { redirect: 'manual' });
  assert.equal(start.status, 302, await start.text());
  vigil.take(start);
  let next = start.headers.get('location')!;
  assert.ok(next.startsWith(`${idp.issuer}/`), next);
  const url = new URL(next);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce'), 'state and nonce are sent');
  for (let hops = 0; !next.startsWith(redirectUrl); hops++) {
    assert.ok(hops < 10, 'the provider redirects back within 10 hops');
    const res = await fetch(new URL(next, idp.issuer), { redirect: 'manual', headers: { cookie: provider.header() } });
    assert.ok([302, 303].includes(res.status), `${next}: ${res.status} ${await res.text()}`);
    provider.take(res);
    next = res.headers.get('location')!;
  }
  const back = await fetch(next, { redirect: 'manual', headers: { cookie: vigil.header() } });
  assert.equal(back.status, 302);
  vigil.take(back);
  return { location: back.headers.get('location')!, vigil, provider };
}

async function sessionOf(jar: CookieJar): Promise<SessionView | null> {
  const res = await fetch(`${s.url}/api/v1/auth/session`, { headers: { cookie: jar.header() } });
  return res.status === 200 ? ((await res.json()) as SessionView) : null;
}

const settings = (extra: Partial<OidcSettingsInput> = {}): OidcSettingsInput => ({
  enabled: true,
  providerName: 'Acme SSO',
  issuerUrl: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  redirectUrl,
  scopes: 'openid email profile groups',
  rolesClaim: 'groups',
  roleMap: [
    { value: 'vigil-sre', role: 'devops' },
    { value: 'ml-platform', role: 'data-science' },
  ],
  teamMap: [
    { value: 'vigil-sre', team: 'DevOps' },
    { value: 'ml-platform', team: 'Data Science' },
  ],
  defaultRole: null,
  ...extra,
});

before(async () => {
  s = await startTestServer({ listen: true });
  redirectUrl = `${s.url}/auth/oidc/callback`;
  idp = await startOpenIdProvider(redirectUrl);
  idp.accounts.set('alice', {
    email: 'alice@example.test',
    name: 'Alice Liddell',
    groups: ['vigil-sre', 'ml-platform'],
  });
  idp.accounts.set('bob', { email: 'bob@example.test', name: 'Bob', groups: ['marketing'] });
  idp.accounts.set('carol', { email: 'carol@example.test', name: 'Carol', groups: ['ml-platform'] });
});

after(async () => {
  await s?.close();
  await idp?.close();
});

test('settings: stored with the client secret sealed, answered masked; a wrong, metadata or link-local issuer or a wrong redirect URL is a 400 naming it', async () => {
  const off = await s.vigil.app.inject({ url: '/api/v1/auth/oidc' });
  assert.deepEqual(off.json(), { enabled: false, providerName: null, loginUrl: null });

  const bad = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/oidc/settings',
    headers: s.auth,
    payload: settings({ issuerUrl: 'http://127.0.0.1:9/' }),
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /^body\.issuerUrl: OpenID discovery at http:\/\/127\.0\.0\.1:9\/ failed/);
  // Discovery is a fetch Vigil makes: a metadata or link-local issuer is refused before it (SSRF).
  const metadata = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/oidc/settings',
    headers: s.auth,
    payload: settings({ issuerUrl: 'http://169.254.169.254/latest/' }),
  });
  assert.equal(metadata.statusCode, 400);
  assert.match(metadata.json().message, /^body\.issuerUrl: 169\.254\.169\.254 is a link-local/);
  const badRedirect = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/oidc/settings',
    headers: s.auth,
    payload: settings({ redirectUrl: `${s.url}/elsewhere` }),
  });
  assert.equal(badRedirect.statusCode, 400);
  assert.match(badRedirect.json().message, /^body\.redirectUrl: must end with \/auth\/oidc\/callback/);

  const put = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/oidc/settings',
    headers: s.auth,
    payload: settings(),
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal((put.json() as OidcSettingsAnswer).settings!.clientSecret, `••••${idp.clientSecret.slice(-4)}`);
  const raw = (await s.vigil.store.users.readOidcSettings())!;
  assert.ok(!raw.includes(idp.clientSecret), 'the secret is not stored in the clear');
  assert.match(JSON.parse(raw).clientSecret, /^enc:v1:/);
  // Saving without a secret keeps the stored one.
  const { clientSecret: _omit, ...withoutSecret } = settings();
  const again = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/oidc/settings',
    headers: s.auth,
    payload: withoutSecret,
  });
  assert.equal((again.json() as OidcSettingsAnswer).settings!.clientSecret, `••••${idp.clientSecret.slice(-4)}`);
  const on = await s.vigil.app.inject({ url: '/api/v1/auth/oidc' });
  assert.deepEqual(on.json(), { enabled: true, providerName: 'Acme SSO', loginUrl: '/auth/oidc/login' });
  const audit = await s.vigil.audit.list({ action: 'sso.settings_changed', limit: 10 });
  assert.equal(audit.length, 2);
  assert.ok(!JSON.stringify(audit).includes(idp.clientSecret), 'the audit trail never holds the secret');
});

test('first login creates the person from the provider, groups mapped to roles and teams; the next finds the same person', async () => {
  const first = await signInThroughProvider('alice');
  assert.equal(first.location, '/');
  const session = (await sessionOf(first.vigil))!;
  assert.equal(session.principal.kind, 'user');
  assert.equal(session.principal.name, 'Alice Liddell');
  assert.deepEqual(session.principal.roles, ['devops', 'data-science']);
  assert.deepEqual(session.principal.teams, ['DevOps', 'Data Science']);
  const alice = await s.vigil.store.users.findUserByOidcSubject(`${idp.issuer} alice`);
  assert.equal(alice?.username, 'alice@example.test');
  assert.equal(alice?.source, 'oidc');
  assert.equal(alice?.passwordHash, null);

  const count = await s.vigil.store.users.countUsers();
  const second = await signInThroughProvider('alice');
  assert.equal((await sessionOf(second.vigil))?.principal.id, session.principal.id, 'the same person');
  assert.equal(await s.vigil.store.users.countUsers(), count);
  const logins = await s.vigil.audit.list({ actor: 'user:alice@example.test', action: 'login', limit: 10 });
  assert.equal(logins.length, 2);
  assert.deepEqual(logins[0]!.after, { method: 'oidc' });

  // The provider's groups change: the roles follow at the next login, recorded as a change by the system.
  idp.accounts.get('alice')!.groups = ['ml-platform'];
  const third = await signInThroughProvider('alice');
  assert.deepEqual((await sessionOf(third.vigil))?.principal.roles, ['data-science']);
  const change = (await s.vigil.audit.list({ action: 'user.updated', actor: 'system', limit: 10 }))[0]!;
  assert.equal(change.target, 'user:alice@example.test');
  assert.deepEqual((change.before as { roles: string[] }).roles, ['devops', 'data-science']);
});

test('an account whose username is the e-mail is linked at the first login, not duplicated', async () => {
  const carol = await s.vigil.identity.addUser(
    { username: 'carol@example.test', password: 'carol-local-password', roles: ['viewer'] },
    undefined,
    { ip: null },
  );
  const { location, vigil } = await signInThroughProvider('carol');
  assert.equal(location, '/');
  const session = (await sessionOf(vigil))!;
  assert.equal(session.principal.id, carol.id);
  assert.deepEqual(session.principal.roles, ['data-science'], 'the mapping applies to the linked account');
  assert.equal((await s.vigil.store.users.findUserById(carol.id))?.oidcSubject, `${idp.issuer} carol`);
});

test('refused: groups that map to no role, a disabled person, a callback without the login it answers', async () => {
  const bob = await signInThroughProvider('bob');
  assert.match(
    decodeURIComponent(bob.location),
    /^\/\?sso_error=Single sign-on: no role is mapped for this person's groups claim/,
  );
  assert.equal(await sessionOf(bob.vigil), null);
  assert.equal(await s.vigil.store.users.findUserByOidcSubject(`${idp.issuer} bob`), null, 'no account made');

  const alice = (await s.vigil.store.users.findUserByOidcSubject(`${idp.issuer} alice`))!;
  await s.vigil.identity.updateUser(alice.id, { isDisabled: true }, undefined, { ip: null });
  const disabled = await signInThroughProvider('alice');
  assert.match(decodeURIComponent(disabled.location), /sso_error=Single sign-on: this account is disabled/);
  assert.equal(await sessionOf(disabled.vigil), null);

  // A code and state arriving without the browser's pending login (a forged or replayed callback).
  const forged = await fetch(`${redirectUrl}?code=abc&state=xyz&iss=${encodeURIComponent(idp.issuer)}`, {
    redirect: 'manual',
  });
  assert.equal(forged.status, 302);
  assert.match(decodeURIComponent(forged.headers.get('location')!), /no login in progress in this browser/);
  assert.equal(
    forged.headers.getSetCookie().some((c) => c.startsWith('vigil_session=') && !/=;/.test(c)),
    false,
  );

  const failures = await s.vigil.audit.list({ action: 'login_failed', limit: 10 });
  const reasons = failures.map((e) => (e.after as { reason: string }).reason);
  assert.ok(reasons.some((r) => r.startsWith('no role is mapped')));
  assert.ok(reasons.includes('this account is disabled'));
  assert.equal(
    failures.find((e) => (e.after as { reason: string }).reason === 'this account is disabled')?.actor,
    'user:alice@example.test',
  );
});

test('log out of a person who came through single sign-on ends the provider session too when set (RP-initiated logout); others just end', async () => {
  const put = (extra: Partial<OidcSettingsInput>) =>
    s.vigil.app.inject({ method: 'PUT', url: '/api/v1/auth/oidc/settings', headers: s.auth, payload: settings(extra) });
  const logout = (jar: CookieJar) =>
    fetch(`${s.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: jar.header() } });

  // Off (the default): Vigil's session ends, the provider's is left alone.
  assert.equal((await put({})).statusCode, 200);
  const plain = await signInThroughProvider('carol');
  assert.equal((await logout(plain.vigil)).status, 204);
  assert.equal(await sessionOf(plain.vigil), null);

  assert.equal((await put({ signOutAtProvider: true })).statusCode, 200);
  const carol = await signInThroughProvider('carol');
  assert.ok(await sessionOf(carol.vigil), 'signed in');
  const out = await logout(carol.vigil);
  assert.equal(out.status, 200);
  const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
  const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as {
    end_session_endpoint: string;
  };
  const url = new URL(endSessionUrl);
  assert.equal(`${url.origin}${url.pathname}`, discovery.end_session_endpoint);
  assert.equal(url.searchParams.get('client_id'), idp.clientId);
  assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${s.url}/`);
  assert.equal(await sessionOf(carol.vigil), null, "Vigil's session ended first");

  // The provider takes it: its confirmation page, and confirming sends the browser back to Vigil.
  const confirm = await fetch(endSessionUrl, { headers: { cookie: carol.provider.header() } });
  assert.equal(confirm.status, 200);
  const page = await confirm.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(action && xsrf, `a logout confirmation form: ${page.slice(0, 300)}`);
  carol.provider.take(confirm);
  const done = await fetch(new URL(action, idp.issuer), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: carol.provider.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  assert.ok([302, 303].includes(done.status), `${done.status} ${await done.text()}`);
  assert.equal(done.headers.get('location'), `${s.url}/`);

  // A person with a password account: a plain logout whatever the setting.
  const creds = { username: 'dora', password: 'dora-password-0123' };
  await s.vigil.identity.addUser({ ...creds, displayName: 'Dora', roles: ['viewer'], teams: [] }, undefined, {
    ip: null,
  });
  const login = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  assert.equal(login.status, 200, await login.text());
  const dora = new CookieJar();
  dora.take(login);
  assert.equal((await logout(dora)).status, 204);
  await put({ signOutAtProvider: false });
});

test('every request to the provider is checked again when Vigil connects: a provider now resolving to loopback is refused at login', async (t) => {
  // A server that refuses loopback targets, with settings stored while the name pointed elsewhere (straight
  // into the store: the check at save would refuse this name now).
  const strict = await startTestServer({ listen: true, env: { VIGIL_ALLOW_LOOPBACK_TARGETS: 'false' } });
  t.after(() => strict.close());
  const issuer = idp.issuer.replace('127.0.0.1', 'localhost');
  await strict.vigil.store.users.writeOidcSettings(
    JSON.stringify({
      ...settings({ issuerUrl: issuer, redirectUrl: `${strict.url}/auth/oidc/callback` }),
      clientSecret: null,
    }),
  );
  const start = await fetch(`${strict.url}/auth/oidc/login`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  const location = decodeURIComponent(start.headers.get('location')!);
  assert.match(location, /^\/\?sso_error=Single sign-on: the provider at http:\/\/localhost:\d+ could not be reached/);
  assert.match(location, /target refused at delivery: localhost: (127\.0\.0\.1|::1) is a loopback address/);
});
