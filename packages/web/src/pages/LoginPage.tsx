import { useState, type FormEvent } from 'react';
import { fetchApi } from '../api/api-client.js';
import { saveApiKey } from '../api/api-key-store.js';

/** Asks for an admin or read API key and keeps it only once /api/v1/models accepts it. */
export function LoginPage() {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return;
    setBusy(true);
    setProblem(null);
    try {
      await fetchApi('/api/v1/models', { window: '1h' }, undefined, trimmed);
      saveApiKey(trimmed);
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
        <p className="muted">
          Sign in with an API key whose role is <code>admin</code> or <code>read</code>.
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="vgl_…"
          required
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {problem && (
          <p className="error" role="alert" data-testid="login-error">
            {problem}
          </p>
        )}
        <p className="muted small">The key is kept in this browser's local storage until you log out.</p>
      </form>
    </main>
  );
}
