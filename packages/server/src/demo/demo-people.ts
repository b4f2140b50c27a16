import type { Role } from '@vigil/protocol';
import type { IdentityService } from '../identity/index.js';

/** The demo's password for every demo person: printed at start; a demo store holds no real data. */
export const DEMO_PASSWORD = 'vigil-demo-password';

/** One person per team of the deck's RACI matrix, the CTO, an admin and a viewer. */
export const DEMO_PEOPLE: ReadonlyArray<{ username: string; displayName: string; roles: Role[]; teams: string[] }> = [
  { username: 'devops', displayName: 'Dana DevOps', roles: ['devops'], teams: ['DevOps'] },
  { username: 'datasci', displayName: 'Sam Data Science', roles: ['data-science'], teams: ['Data Science'] },
  { username: 'infosec', displayName: 'Ines InfoSec', roles: ['infosec'], teams: ['InfoSec'] },
  { username: 'business', displayName: 'Bo Business', roles: ['business'], teams: ['Business'] },
  { username: 'cto', displayName: 'Grace Liu', roles: ['executive'], teams: [] },
  {
    username: 'admin',
    displayName: 'Ada Admin',
    roles: ['admin'],
    teams: ['DevOps', 'Data Science', 'InfoSec', 'Business'],
  },
  { username: 'viewer', displayName: 'Vic Viewer', roles: ['viewer'], teams: [] },
];

/**
 * Adds the demo people that do not exist yet (a store reused by `vigil demo` keeps them, and their passwords).
 * @example await ensureDemoPeople(vigil.identity)
 */
export async function ensureDemoPeople(identity: IdentityService): Promise<number> {
  const existing = new Set((await identity.listUsers()).map((u) => u.username));
  let added = 0;
  for (const p of DEMO_PEOPLE) {
    if (existing.has(p.username)) continue;
    await identity.addUser({ ...p, password: DEMO_PASSWORD }, undefined, { ip: null });
    added++;
  }
  return added;
}
