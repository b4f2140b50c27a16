import { useEffect, useState, type FormEvent } from 'react';
import type { OidcLoginInfo } from '@vigil/protocol';
import { fetchApi } from '../api/api-client.js';
import { signIn } from '../api/session-store.js';

/** The reason single sign-on sent the browser back (`/?sso_error=…`), read once and removed from the address. */
function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const error = params.get('sso_error');
  if (error === null) return null;
  params.delete('sso_error');
  const qs = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`);
  return error;
}

/**
 * Signs a person in with their username and password (or an operator with an admin or read API key). The
 * session is an HttpOnly cookie: nothing is written to this browser's storage.
 */
export function LoginPage() {
  const [mode, setMode] = useState<'password' | 'key'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(takeSsoError);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<OidcLoginInfo | null>(null);
  useEffect(() => {
    // Without an answer the page simply offers no single sign-on.
    fetchApi<OidcLoginInfo>('/api/v1/auth/oidc').then(setSso, () => setSso(null));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      if (mode === 'password') await signIn({ username: username.trim(), password });
      else await signIn({ apiKey: key.trim() });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} className="login-card" data-testid="login-form">
        <h1>Vigil</h1>
        {sso?.enabled && sso.loginUrl && (
          <>
            <a className="sso-button" href={sso.loginUrl} data-testid="sso-login">
              Sign in with {sso.providerName}
            </a>
            <p className="or muted small">or</p>
          </>
        )}
        {mode === 'password' ? (
          <>
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </>
        ) : (
          <>
            <p className="muted">
              Operators: an API key whose scope is <code>admin</code> or <code>read</code>.
            </p>
            <label htmlFor="api-key">API key</label>
            <input
              id="api-key"
              name="api-key"
              type="password"
              autoComplete="off"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="vgl_…"
              required
            />
          </>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {problem && (
          <p className="error" role="alert" data-testid="login-error">
            {problem}
          </p>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(mode === 'password' ? 'key' : 'password');
            setProblem(null);
          }}
        >
          {mode === 'password' ? 'Sign in with an API key instead' : 'Sign in with a username and password'}
        </button>
        <p className="muted small">The session is a cookie scripts cannot read; it ends when you log out.</p>
      </form>
    </main>
  );
}
