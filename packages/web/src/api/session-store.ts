import type { LoginBody, SessionView } from '@vigil/protocol';

/**
 * The signed-in session, in memory only. The session itself is an HttpOnly cookie the browser sends and no
 * script can read; nothing about it is kept in localStorage. `undefined` until the first check answered.
 */
let session: SessionView | null | undefined;
const listeners = new Set<() => void>();

function set(next: SessionView | null): void {
  session = next;
  listeners.forEach((l) => l());
}

export function readSession(): SessionView | null | undefined {
  return session;
}

/** For useSyncExternalStore: fires on login, logout and a 401. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The token every write over the session sends in `x-csrf-token`. */
export function readCsrfToken(): string | null {
  return session?.csrfToken ?? null;
}

/** Asks the server who this browser is signed in as (the cookie goes along by itself). */
export async function loadSession(): Promise<void> {
  try {
    const res = await fetch('/api/v1/auth/session', { headers: { accept: 'application/json' } });
    set(res.ok ? ((await res.json()) as SessionView) : null);
  } catch {
    set(null);
  }
}

/** Signs in; throws the server's message (unknown user, wrong password, throttled) on failure. */
export async function signIn(body: LoginBody): Promise<void> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as SessionView & { message?: string };
  if (!res.ok) throw new Error(json.message ?? `${res.status} ${res.statusText}`);
  set(json);
}

export async function signOut(): Promise<void> {
  const res = await fetch('/api/v1/auth/logout', { method: 'POST' }).catch(() => null);
  set(null);
  // Signed in through single sign-on with "log out of the provider too": its end-session page comes next.
  if (res?.status === 200) {
    const { endSessionUrl } = (await res.json().catch(() => ({}))) as { endSessionUrl?: string };
    if (endSessionUrl) window.location.assign(endSessionUrl);
  }
}

/** A 401 on any call: the session ended (expired, revoked, person disabled); back to the login page. */
export function dropSession(): void {
  if (session) set(null);
}
