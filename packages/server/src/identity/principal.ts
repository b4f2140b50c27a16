import type { Role } from '@vigil/protocol';
import type { ApiKeyRecord, SessionRecord, UserRecord } from '../storage/index.js';
import {
  PERMISSIONS,
  permissionsOfRoles,
  ruleAreasOfRoles,
  SCOPE_PERMISSIONS,
  type Permission,
} from './permissions.js';

/** Who is asking: a person (by session cookie) or an API key (Bearer, or a session an operator opened with it). */
export interface Principal {
  kind: 'user' | 'key';
  id: string;
  /** Username or key name. */
  name: string;
  displayName: string;
  roles: Role[];
  teams: string[];
  permissions: ReadonlySet<Permission>;
  /** Monitoring areas whose alert rules this principal may edit. */
  ruleAreas: ReadonlySet<string>;
  key?: ApiKeyRecord;
  session?: SessionRecord;
}

export function principalOfUser(user: UserRecord, session?: SessionRecord): Principal {
  const roles = user.roles as Role[];
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    displayName: user.displayName,
    roles,
    teams: user.teams,
    permissions: permissionsOfRoles(roles),
    ruleAreas: ruleAreasOfRoles(roles),
    session,
  };
}

// Built once: every request with a key gets a principal, and nothing changes these sets after they are made.
const SCOPE_PERMISSION_SETS = new Map(
  Object.entries(SCOPE_PERMISSIONS).map(([scope, permissions]) => [scope, new Set(permissions)]),
);
const ADMIN_RULE_AREAS = ruleAreasOfRoles(['admin']);
const NO_RULE_AREAS: ReadonlySet<string> = new Set();

export function principalOfKey(key: ApiKeyRecord, session?: SessionRecord): Principal {
  const isAdmin = key.role === 'admin';
  return {
    kind: 'key',
    id: key.id,
    name: key.name,
    displayName: `API key "${key.name}"`,
    roles: [],
    teams: [],
    permissions: SCOPE_PERMISSION_SETS.get(key.role)!,
    ruleAreas: isAdmin ? ADMIN_RULE_AREAS : NO_RULE_AREAS,
    key,
    session,
  };
}

/** Has every permission an admin has: what a route nobody listed in the table needs. */
export function hasAdminSet(p: Principal): boolean {
  return PERMISSIONS.every((x) => x === 'golive.approve' || x === 'intake.signoff' || p.permissions.has(x));
}

/** How the audit trail and the timelines name the principal: `user:ana` or `key:ci-pipeline`. */
export function actorLabel(p: Principal | undefined): string {
  if (!p) return 'anonymous';
  return `${p.kind}:${p.name}`;
}
