/**
 * The API key lives in localStorage so a reload or a new tab stays logged in. Trade-off (docs/dashboard.md):
 * any script running on this origin can read it, so the dashboard ships no third-party scripts.
 */
const STORAGE_KEY = 'vigil.apiKey';

type Listener = () => void;
const listeners = new Set<Listener>();

export function readApiKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveApiKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key);
  listeners.forEach((l) => l());
}

export function clearApiKey(): void {
  localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((l) => l());
}

/** For useSyncExternalStore: fires on login, logout, a 401, and a logout in another tab. */
export function subscribeApiKey(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
