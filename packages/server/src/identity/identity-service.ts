import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInput, ApiKeyView, Role, UserInput, UserPatch, UserView } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type { AuditService, SecuritySignalRecorder } from '../audit/index.js';
import type { ApiKeyRecord, KeyStore, SessionRecord, UserRecord, UserStore } from '../storage/index.js';
import { hashPassword, verifyPassword } from './password-hashing.js';
import { LoginThrottle } from './login-throttle.js';
import { actorLabel, principalOfKey, principalOfUser, type Principal } from './principal.js';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey(): string {
  return `vgl_${randomBytes(24).toString('base64url')}`;
}

export interface IdentityOptions {
  sessionTtlMs: number;
  /** Failed logins per name (×4 per address) within `loginWindowMs` before logins are refused. */
  maxLoginFailures: number;
  loginWindowMs: number;
  adminKey?: string;
}

export interface RequestOrigin {
  ip: string | null;
}

export interface NewSession {
  /** The cookie value: 256 random bits; the store keeps only its hash. */
  token: string;
  session: SessionRecord;
  principal: Principal;
}

/**
 * People, sessions and API keys. Every change and every login attempt goes to the audit trail.
 * @example const identity = createIdentityService({ users: store.users, keys: store.keys, audit, now, options });
 */
export function createIdentityService(deps: {
  users: UserStore;
  keys: KeyStore;
  audit: AuditService;
  now: () => number;
  options: IdentityOptions;
  /** Counts failed logins, rejected keys and key use for InfoSec's security signals (docs/security-signals.md). */
  signals?: SecuritySignalRecorder;
}) {
  const { users, keys, audit, now, options, signals } = deps;
  const recordLoginFailure: AuditService['record'] = (entry) => {
    signals?.count('failedLogins', '');
    return audit.record(entry);
  };
  const throttle = new LoginThrottle(options.maxLoginFailures, options.loginWindowMs);
  const adminHash = options.adminKey ? Buffer.from(hashSecret(options.adminKey), 'hex') : undefined;
  const configuredAdmin: ApiKeyRecord = {
    id: 'configured-admin',
    name: 'VIGIL_ADMIN_KEY',
    role: 'admin',
    createdAtMs: 0,
    revokedAtMs: null,
  };
  const keyCache = new Map<string, { key: ApiKeyRecord | null; at: number }>();
  const touched = new Map<string, { at: number; ip: string | null }>();

  async function openSession(
    p: { userId: string | null; keyId: string | null },
    origin: RequestOrigin,
  ): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    const session: SessionRecord = {
      idHash: hashSecret(token),
      userId: p.userId,
      keyId: p.keyId,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAtMs: at,
      expiresAtMs: at + options.sessionTtlMs,
      sourceIp: origin.ip,
    };
    await users.createSession(session);
    return { token, session };
  }

  async function findKey(secret: string): Promise<ApiKeyRecord | null> {
    const hash = hashSecret(secret);
    if (adminHash && timingSafeEqual(Buffer.from(hash, 'hex'), adminHash)) return configuredAdmin;
    // A short cache keeps key look-ups off the ingest hot path; revocation takes effect within 5 s.
    const hit = keyCache.get(hash);
    const at = now();
    let key: ApiKeyRecord | null;
    if (hit && Math.abs(at - hit.at) < 5000) key = hit.key;
    else {
      key = await keys.findActiveByHash(hash);
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(hash, { key, at });
    }
    if (key && key.expiresAtMs != null && key.expiresAtMs <= at) return null;
    return key;
  }

  const service = {
    /** The principal of a Bearer key, or null for an unknown, revoked or expired one. Records last use. */
    async authenticateKey(secret: string, origin: RequestOrigin): Promise<Principal | null> {
      const key = await findKey(secret);
      if (!key) {
        signals?.count('rejectedKeys', '');
        return null;
      }
      if (key.id !== configuredAdmin.id) {
        signals?.countKeyUse(key.id, origin.ip, touched.get(key.id)?.ip ?? key.lastUsedIp ?? null);
        // Last use is written at most once a minute per key (and at once from a new address).
        const last = touched.get(key.id);
        const at = now();
        if (!last || at - last.at > 60_000 || last.ip !== origin.ip) {
          touched.set(key.id, { at, ip: origin.ip });
          await keys.touch(key.id, at, origin.ip);
        }
      }
      return principalOfKey(key);
    },

    /** Counts a request refused because its key's scope does not allow the route (a security signal). */
    recordKeyRefused(): void {
      signals?.count('rejectedKeys', '');
    },

    /** The principal of a session cookie, or null when it is unknown, expired or its person is disabled. */
    async authenticateSession(token: string): Promise<Principal | null> {
      const session = await users.findSession(hashSecret(token));
      if (!session || session.expiresAtMs <= now()) return null;
      if (session.userId) {
        const user = await users.findUserById(session.userId);
        if (!user || user.isDisabled) return null;
        return principalOfUser(user, session);
      }
      if (session.keyId) {
        const key = session.keyId === configuredAdmin.id ? configuredAdmin : await keys.findById(session.keyId);
        if (!key || key.revokedAtMs !== null || (key.expiresAtMs != null && key.expiresAtMs <= now())) return null;
        return principalOfKey(key, session);
      }
      return null;
    },

    /** Password login: throttled per name and address; success and failure are audited. */
    async login(username: string, password: string, origin: RequestOrigin): Promise<NewSession> {
      const ip = origin.ip ?? 'unknown';
      const wait = throttle.retryAfterMs(username, ip, now());
      if (wait > 0) {
        await recordLoginFailure({
          actor: `user:${username}`,
          action: 'login_failed',
          target: null,
          outcome: 'failure',
          sourceIp: origin.ip,
          before: null,
          after: { reason: 'throttled' },
        });
        throw new VigilError(
          'VIGIL_ERR_RATE_LIMITED',
          'Too many failed logins for this account or address; wait and try again',
          undefined,
          { 'retry-after': String(Math.ceil(wait / 1000)) },
        );
      }
      const user = await users.findUserByUsername(username);
      const isValid = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !isValid || user.isDisabled) {
        throttle.recordFailure(username, ip, now());
        await recordLoginFailure({
          actor: `user:${username}`,
          action: 'login_failed',
          target: null,
          outcome: 'failure',
          sourceIp: origin.ip,
          before: null,
          after: { reason: user?.isDisabled && isValid ? 'disabled' : 'bad credentials' },
        });
        throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Login: unknown user or wrong password');
      }
      throttle.recordSuccess(username);
      const updated = { ...user, lastLoginAtMs: now() };
      await users.updateUser(updated);
      const { token, session } = await openSession({ userId: user.id, keyId: null }, origin);
      await audit.record({
        actor: `user:${user.username}`,
        action: 'login',
        target: null,
        outcome: 'success',
        sourceIp: origin.ip,
        before: null,
        after: { method: 'password' },
      });
      return { token, session, principal: principalOfUser(updated, session) };
    },

    /** A session for someone already authenticated elsewhere (OIDC). */
    async loginUser(user: UserRecord, origin: RequestOrigin, method: string): Promise<NewSession> {
      const updated = { ...user, lastLoginAtMs: now() };
      await users.updateUser(updated);
      const { token, session } = await openSession({ userId: user.id, keyId: null }, origin);
      await audit.record({
        actor: `user:${user.username}`,
        action: 'login',
        target: null,
        outcome: 'success',
        sourceIp: origin.ip,
        before: null,
        after: { method },
      });
      return { token, session, principal: principalOfUser(updated, session) };
    },

    /** An operator signs in to the dashboard with an admin or read key (never an ingest key). */
    async loginWithKey(secret: string, origin: RequestOrigin): Promise<NewSession> {
      const ip = origin.ip ?? 'unknown';
      const wait = throttle.retryAfterMs('(api key)', ip, now());
      if (wait > 0)
        throw new VigilError(
          'VIGIL_ERR_RATE_LIMITED',
          'Too many failed logins from this address; wait and try again',
          undefined,
          {
            'retry-after': String(Math.ceil(wait / 1000)),
          },
        );
      const key = await findKey(secret);
      if (!key || key.role === 'ingest') {
        throttle.recordFailure('(api key)', ip, now());
        await recordLoginFailure({
          actor: key ? `key:${key.name}` : 'anonymous',
          action: 'login_failed',
          target: null,
          outcome: 'failure',
          sourceIp: origin.ip,
          before: null,
          after: { method: 'api key', reason: key ? 'ingest-only key' : 'unknown or revoked key' },
        });
        if (key)
          throw new VigilError(
            'VIGIL_ERR_FORBIDDEN',
            `API key "${key.name}" has role ingest; sign in with an admin or read key`,
          );
        throw new VigilError('VIGIL_ERR_UNAUTHORIZED', 'Authorization: unknown or revoked API key');
      }
      const { token, session } = await openSession({ userId: null, keyId: key.id }, origin);
      await audit.record({
        actor: `key:${key.name}`,
        action: 'login',
        target: null,
        outcome: 'success',
        sourceIp: origin.ip,
        before: null,
        after: { method: 'api key' },
      });
      return { token, session, principal: principalOfKey(key, session) };
    },

    async logout(token: string, principal: Principal | undefined, origin: RequestOrigin): Promise<void> {
      await users.deleteSession(hashSecret(token));
      if (principal)
        await audit.record({
          actor: actorLabel(principal),
          action: 'logout',
          target: null,
          outcome: 'success',
          sourceIp: origin.ip,
          before: null,
          after: null,
        });
    },

    async listUsers(): Promise<UserView[]> {
      return (await users.listUsers()).map(presentUser);
    },

    async addUser(input: UserInput, by: Principal | undefined, origin: RequestOrigin): Promise<UserView> {
      const user: UserRecord = {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName ?? input.username,
        email: input.email ?? null,
        passwordHash: input.password ? await hashPassword(input.password) : null,
        roles: uniq(input.roles),
        teams: uniq(input.teams ?? []),
        isDisabled: false,
        source: 'local',
        oidcSubject: null,
        createdAtMs: now(),
        lastLoginAtMs: null,
      };
      if (!(await users.createUser(user)))
        throw new VigilError('VIGIL_ERR_ALREADY_EXISTS', `body.username: "${input.username}" is taken`);
      const view = presentUser(user);
      await audit.record({
        actor: actorLabel(by),
        action: 'user.created',
        target: `user:${user.username}`,
        outcome: 'success',
        sourceIp: origin.ip,
        before: null,
        after: view,
      });
      return view;
    },

    /** Finds a user by id or username. */
    async findUser(idOrName: string): Promise<UserRecord> {
      const user = (await users.findUserById(idOrName)) ?? (await users.findUserByUsername(idOrName));
      if (!user) throw new VigilError('VIGIL_ERR_NOT_FOUND', `No user "${idOrName}"`);
      return user;
    },

    async updateUser(
      idOrName: string,
      patch: UserPatch,
      by: Principal | undefined,
      origin: RequestOrigin,
    ): Promise<UserView> {
      const user = await service.findUser(idOrName);
      const next: UserRecord = {
        ...user,
        displayName: patch.displayName ?? user.displayName,
        email: patch.email ?? user.email,
        roles: patch.roles ? uniq(patch.roles) : user.roles,
        teams: patch.teams ? uniq(patch.teams) : user.teams,
        isDisabled: patch.isDisabled ?? user.isDisabled,
        passwordHash: patch.password ? await hashPassword(patch.password) : user.passwordHash,
      };
      await users.updateUser(next);
      // A disabled person or a changed password ends every open session at once.
      if (next.isDisabled || patch.password) await users.deleteSessionsOfUser(user.id);
      const before = presentUser(user);
      const after = presentUser(next);
      await audit.record({
        actor: actorLabel(by),
        action: patch.isDisabled === true && !user.isDisabled ? 'user.disabled' : 'user.updated',
        target: `user:${user.username}`,
        outcome: 'success',
        sourceIp: origin.ip,
        before,
        after: { ...after, ...(patch.password ? { password: 'changed' } : {}) },
      });
      return after;
    },

    /** A person signing in through OIDC for the first time gets an account with the roles and teams given. */
    async upsertOidcUser(
      claims: { subject: string; email: string | null; name: string | null; preferredUsername: string | null },
      defaultRoles: Role[],
      teams: string[] = [],
    ): Promise<UserRecord> {
      const existing = await users.findUserByOidcSubject(claims.subject);
      if (existing) return existing;
      // An account created beforehand with the same e-mail as username (e.g. by `vigil users add`) is linked.
      const byName = claims.email ? await users.findUserByUsername(claims.email) : null;
      if (byName && byName.oidcSubject === null) {
        const linked = { ...byName, oidcSubject: claims.subject };
        await users.updateUser(linked);
        return linked;
      }
      const user: UserRecord = {
        id: randomUUID(),
        username: claims.email ?? claims.preferredUsername ?? claims.subject.split(' ').at(-1)!,
        displayName: claims.name ?? claims.email ?? claims.subject,
        email: claims.email,
        passwordHash: null,
        roles: uniq(defaultRoles),
        teams: uniq(teams),
        isDisabled: false,
        source: 'oidc',
        oidcSubject: claims.subject,
        createdAtMs: now(),
        lastLoginAtMs: null,
      };
      if (!(await users.createUser(user)))
        throw new VigilError('VIGIL_ERR_CONFLICT', `SSO: the username "${user.username}" is taken by a local account`);
      await audit.record({
        actor: 'system',
        action: 'user.created',
        target: `user:${user.username}`,
        outcome: 'success',
        sourceIp: null,
        before: null,
        after: presentUser(user),
      });
      return user;
    },

    /** Sets the roles and teams single sign-on mapped for a person, recording the change when there is one. */
    async applyMappedAccess(user: UserRecord, mapped: { roles: Role[]; teams: string[] }): Promise<UserRecord> {
      const next = { ...user, roles: uniq(mapped.roles), teams: uniq(mapped.teams) };
      const same = (a: readonly string[], b: readonly string[]) =>
        [...a].sort().join('\n') === [...b].sort().join('\n');
      if (same(next.roles, user.roles) && same(next.teams, user.teams)) return user;
      await users.updateUser(next);
      await audit.record({
        actor: 'system',
        action: 'user.updated',
        target: `user:${user.username}`,
        outcome: 'success',
        sourceIp: null,
        before: presentUser(user),
        after: { ...presentUser(next), reason: 'single sign-on group mapping' },
      });
      return next;
    },

    async listKeys(): Promise<ApiKeyView[]> {
      return (await keys.list()).map(presentKey);
    },

    async createKey(
      input: ApiKeyInput & { rotatedFrom?: string },
      by: Principal | undefined,
      origin: RequestOrigin,
    ): Promise<{ key: ApiKeyView; secret: string }> {
      if (input.scope !== 'ingest' && (input.models?.length || input.useCases?.length))
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          'body.models/useCases: only ingest keys are limited to models or use cases',
        );
      const secret = generateApiKey();
      const at = now();
      const record: ApiKeyRecord = {
        id: randomUUID(),
        name: input.name,
        role: input.scope,
        createdAtMs: at,
        revokedAtMs: null,
        models: uniq(input.models ?? []),
        useCases: uniq(input.useCases ?? []),
        expiresAtMs: input.expiresInDays ? at + input.expiresInDays * 86_400_000 : null,
        createdBy: by ? actorLabel(by) : null,
        rotatedFrom: input.rotatedFrom ?? null,
        lastUsedAtMs: null,
        lastUsedIp: null,
      };
      await keys.create({ ...record, hash: hashSecret(secret) });
      const key = presentKey(record);
      await audit.record({
        actor: actorLabel(by),
        action: input.rotatedFrom ? 'key.rotated' : 'key.created',
        target: `key:${record.name}`,
        outcome: 'success',
        sourceIp: origin.ip,
        before: input.rotatedFrom ? { id: input.rotatedFrom } : null,
        after: key,
      });
      return { key, secret };
    },

    /** A new key with the same name, scope and limits; the old one keeps working for `graceMinutes`. */
    async rotateKey(id: string, graceMinutes: number, by: Principal | undefined, origin: RequestOrigin) {
      const old = await keys.findById(id);
      if (!old || old.revokedAtMs !== null) throw new VigilError('VIGIL_ERR_NOT_FOUND', `No active API key "${id}"`);
      const remainingDays =
        old.expiresAtMs != null ? Math.max(1, Math.ceil((old.expiresAtMs - now()) / 86_400_000)) : undefined;
      const created = await service.createKey(
        {
          name: old.name,
          scope: old.role,
          models: old.models,
          useCases: old.useCases,
          expiresInDays: remainingDays,
          rotatedFrom: old.id,
        },
        by,
        origin,
      );
      if (graceMinutes > 0) await keys.expire(old.id, now() + graceMinutes * 60_000);
      else await keys.revoke(old.id, now());
      keyCache.clear();
      return created;
    },

    async revokeKey(id: string, by: Principal | undefined, origin: RequestOrigin): Promise<void> {
      const key = await keys.findById(id);
      if (!key || !(await keys.revoke(id, now())))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `No active API key "${id}"`);
      keyCache.clear();
      await audit.record({
        actor: actorLabel(by),
        action: 'key.revoked',
        target: `key:${key.name}`,
        outcome: 'success',
        sourceIp: origin.ip,
        before: presentKey(key),
        after: null,
      });
    },

    async pruneSessions(): Promise<number> {
      return users.pruneSessions(now());
    },
  };
  return service;
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

export function presentUser(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles as Role[],
    teams: u.teams,
    isDisabled: u.isDisabled,
    source: u.source,
    createdAt: new Date(u.createdAtMs).toISOString(),
    lastLoginAt: iso(u.lastLoginAtMs),
  };
}

export function presentKey(k: ApiKeyRecord): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    scope: k.role,
    models: k.models ?? [],
    useCases: k.useCases ?? [],
    createdAt: new Date(k.createdAtMs).toISOString(),
    createdBy: k.createdBy ?? null,
    expiresAt: iso(k.expiresAtMs),
    revokedAt: iso(k.revokedAtMs),
    lastUsedAt: iso(k.lastUsedAtMs),
    lastUsedFrom: k.lastUsedIp ?? null,
    rotatedFrom: k.rotatedFrom ?? null,
  };
}
