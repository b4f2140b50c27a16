import { useSyncExternalStore } from 'react';
import type { Actor } from '@vigil/protocol';

// Who is acting when an operator signed in with an API key, for the governance API's `actor` field (recorded in
// the audit trail beside the key's name): what they type, kept in localStorage and not verified. A signed-in
// person is recorded under their account instead (docs/identity.md).

const KEY = 'vigil.actor';
const listeners = new Set<() => void>();
let cached: { raw: string | null; actor: Actor } = { raw: null, actor: { name: '', role: '' } };

function read(): Actor {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    // private mode
  }
  if (raw === cached.raw) return cached.actor;
  let actor: Actor = { name: '', role: '' };
  try {
    const v = raw ? (JSON.parse(raw) as Partial<Actor>) : {};
    actor = { name: String(v.name ?? ''), role: String(v.role ?? '') };
  } catch {
    // a bad value: start empty
  }
  cached = { raw, actor };
  return actor;
}

export function saveActor(actor: Actor): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(actor));
  } catch {
    // private mode: lasts this page only
  }
  cached = { raw: JSON.stringify(actor), actor };
  listeners.forEach((l) => l());
}

export function useActor(): Actor {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
}
