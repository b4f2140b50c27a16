import { useEffect, useSyncExternalStore } from 'react';

// Auto-refresh: one clock for the whole dashboard. Every `intervalMs` the tick advances and every useApi query
// fetches again (keeping its previous answer on screen meanwhile); pages read `now` from the same tick, so a
// "last 24 h" range moves with it. The chosen interval is kept in localStorage.

export const REFRESH_INTERVALS = [
  { ms: 0, label: 'Off' },
  { ms: 15_000, label: '15 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
] as const;
const STORAGE_KEY = 'vigil.refreshMs';
const DEFAULT_MS = 30_000;

interface RefreshState {
  tick: number;
  /** When the current tick started (the dashboard's "now"). */
  at: number;
  intervalMs: number;
  /** When the last query of the current tick answered. */
  updatedAt: number | null;
}

function readInterval(): number {
  try {
    const v = Number(localStorage.getItem(STORAGE_KEY));
    return REFRESH_INTERVALS.some((i) => i.ms === v) && localStorage.getItem(STORAGE_KEY) !== null ? v : DEFAULT_MS;
  } catch {
    return DEFAULT_MS;
  }
}

let state: RefreshState = { tick: 0, at: Date.now(), intervalMs: readInterval(), updatedAt: null };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function emit(next: Partial<RefreshState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

function schedule(): void {
  clearInterval(timer);
  timer = state.intervalMs > 0 ? setInterval(refreshNow, state.intervalMs) : undefined;
}

/** Fetches every query again now (the Refresh button, and the timer). */
export function refreshNow(): void {
  emit({ tick: state.tick + 1, at: Date.now() });
}

export function setRefreshInterval(ms: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(ms));
  } catch {
    // private mode: the choice lasts this page only
  }
  emit({ intervalMs: ms });
  schedule();
}

/** Queries report their answers here, so the header can say when the data was last updated. */
export function markUpdated(): void {
  emit({ updatedAt: Date.now() });
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (listeners.size === 1) schedule();
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) clearInterval(timer);
  };
}

/** The refresh clock: `tick` changes on every refresh, `at` is the dashboard's "now". */
export function useRefresh(): RefreshState {
  return useSyncExternalStore(subscribe, () => state);
}

/** The dashboard's "now": the time of the last refresh (stable between refreshes, so queries repeat exactly). */
export function useNow(): number {
  return useRefresh().at;
}

/** Pauses auto-refresh while a page (a form being typed in) asks; resumes on leave. */
export function usePauseRefresh(isPaused: boolean): void {
  useEffect(() => {
    if (!isPaused) return;
    clearInterval(timer);
    return () => schedule();
  }, [isPaused]);
}
