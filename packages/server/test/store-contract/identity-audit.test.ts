// The UserStore and AuditStore contracts, and the KeyStore's scopes, expiry and last use. Runs against every
// backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditAnchor, AuditEntryInput, SessionRecord, UserRecord } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 11, 1, 9);

const user = (id: string, username: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  id,
  username,
  displayName: username.toUpperCase(),
  email: null,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  roles: ['devops'],
  teams: ['DevOps'],
  isDisabled: false,
  source: 'local',
  oidcSubject: null,
  createdAtMs: T0,
  lastLoginAtMs: null,
  ...extra,
});

const entry = (action: string, atMs = T0): AuditEntryInput => ({
  atMs,
  actor: 'user:ana',
  action,
  target: null,
  outcome: 'success',
  sourceIp: '127.0.0.1',
  before: { a: 1 },
  after: { nested: { b: [1, 2] } },
});
/** A seal that chains by position only; the real one (audit/audit-chain.ts) hashes. */
const seal = (last: AuditAnchor | null) => ({
  seq: (last?.seq ?? 0) + 1,
  prevHash: last?.hash ?? 'genesis',
  hash: `h${(last?.seq ?? 0) + 1}`,
});

for (const backend of backends) {
  test(`${backend.name}: users: unique usernames (any case), found by id, name and OIDC subject, updated, kept`, async () => {
    await withStore(backend, async (store, opened) => {
      assert.equal(await store.users.createUser(user('u1', 'ana')), true);
      assert.equal(
        await store.users.createUser(user('u2', 'ANA')),
        false,
        'usernames are unique without regard to case',
      );
      assert.equal(
        await store.users.createUser(
          user('u3', 'ben', { oidcSubject: 'https://idp ben', source: 'oidc', passwordHash: null }),
        ),
        true,
      );
      assert.equal((await store.users.findUserByUsername('Ana'))?.id, 'u1');
      assert.equal((await store.users.findUserByOidcSubject('https://idp ben'))?.username, 'ben');
      const ana = (await store.users.findUserById('u1'))!;
      assert.deepEqual([ana.roles, ana.teams, ana.isDisabled], [['devops'], ['DevOps'], false]);
      assert.equal(
        await store.users.updateUser({ ...ana, roles: ['admin'], isDisabled: true, lastLoginAtMs: T0 + 5 }),
        true,
      );
      assert.equal(await store.users.updateUser(user('nope', 'nobody')), false);
      const again = await opened.reopen();
      const back = (await again.users.findUserById('u1'))!;
      assert.deepEqual([back.roles, back.isDisabled, back.lastLoginAtMs], [['admin'], true, T0 + 5]);
      assert.deepEqual(
        (await again.users.listUsers()).map((u) => u.username),
        ['ana', 'ben'],
      );
      assert.equal(await again.users.countUsers(), 2);
    });
  });

  test(`${backend.name}: sessions: found by hash, ended one by one, per person, and when expired`, async () => {
    await withStore(backend, async (store) => {
      await store.users.createUser(user('u1', 'ana'));
      const s = (idHash: string, expiresAtMs: number, userId: string | null = 'u1'): SessionRecord => ({
        idHash,
        userId,
        keyId: userId ? null : 'k1',
        csrfToken: `csrf-${idHash}`,
        createdAtMs: T0,
        expiresAtMs,
        sourceIp: '10.0.0.1',
      });
      await store.users.createSession(s('a', T0 + 1000));
      await store.users.createSession(s('b', T0 + 5000));
      await store.users.createSession(s('k', T0 + 5000, null));
      assert.equal((await store.users.findSession('a'))?.csrfToken, 'csrf-a');
      await store.users.deleteSession('a');
      assert.equal(await store.users.findSession('a'), null);
      assert.equal(await store.users.deleteSessionsOfUser('u1'), 1);
      await store.users.createSession(s('c', T0 + 1000));
      assert.equal(await store.users.pruneSessions(T0 + 2000), 1);
      assert.equal((await store.users.findSession('k'))?.keyId, 'k1');
    });
  });

  test(`${backend.name}: single sign-on settings: none at first, written, replaced, kept`, async () => {
    await withStore(backend, async (store, opened) => {
      assert.equal(await store.users.readOidcSettings(), null);
      await store.users.writeOidcSettings('{"v":1}');
      await store.users.writeOidcSettings('{"v":2}');
      const again = await opened.reopen();
      assert.equal(await again.users.readOidcSettings(), '{"v":2}');
    });
  });

  test(`${backend.name}: API keys: scopes limited to models and use cases, expiry moved earlier, last use`, async () => {
    await withStore(backend, async (store) => {
      await store.keys.create({
        id: 'k1',
        name: 'fraud',
        role: 'ingest',
        createdAtMs: T0,
        revokedAtMs: null,
        models: ['m1'],
        useCases: ['uc'],
        expiresAtMs: T0 + 10_000,
        createdBy: 'user:ana',
        hash: 'h1',
      });
      const k = (await store.keys.findById('k1'))!;
      assert.deepEqual([k.models, k.useCases, k.expiresAtMs, k.createdBy], [['m1'], ['uc'], T0 + 10_000, 'user:ana']);
      assert.equal(await store.keys.expire('k1', T0 + 20_000), true);
      assert.equal((await store.keys.findById('k1'))!.expiresAtMs, T0 + 10_000, 'expiry only moves earlier');
      assert.equal(await store.keys.expire('k1', T0 + 500), true);
      assert.equal((await store.keys.findById('k1'))!.expiresAtMs, T0 + 500);
      await store.keys.touch('k1', T0 + 100, '10.1.2.3');
      const t = (await store.keys.findActiveByHash('h1'))!;
      assert.deepEqual([t.lastUsedAtMs, t.lastUsedIp], [T0 + 100, '10.1.2.3']);
      await store.keys.revoke('k1', T0 + 200);
      assert.equal(await store.keys.expire('k1', T0 + 300), false, 'a revoked key keeps its state');
    });
  });

  test(`${backend.name}: audit trail: appends in order with the seal of the last entry, scans, lists filtered, prunes with an anchor`, async () => {
    await withStore(backend, async (store, opened) => {
      const seen: Array<AuditAnchor | null> = [];
      for (let i = 0; i < 5; i++)
        await store.audit.append(entry(`a${i}`, T0 + i * 1000), (last) => {
          seen.push(last);
          return seal(last);
        });
      assert.deepEqual(seen, [
        null,
        { seq: 1, hash: 'h1' },
        { seq: 2, hash: 'h2' },
        { seq: 3, hash: 'h3' },
        { seq: 4, hash: 'h4' },
      ]);
      const all = await store.audit.scan(0, 100);
      assert.deepEqual(
        all.map((e) => [e.seq, e.action, e.prevHash, e.hash]),
        [
          [1, 'a0', 'genesis', 'h1'],
          [2, 'a1', 'h1', 'h2'],
          [3, 'a2', 'h2', 'h3'],
          [4, 'a3', 'h3', 'h4'],
          [5, 'a4', 'h4', 'h5'],
        ],
      );
      assert.deepEqual(all[0]!.after, { nested: { b: [1, 2] } }, 'before/after come back as stored');
      assert.deepEqual(
        (await store.audit.scan(3, 1)).map((e) => e.seq),
        [4],
      );
      assert.deepEqual(
        (await store.audit.list({ fromMs: T0 + 1000, toMs: T0 + 3000, limit: 10 })).map((e) => e.seq),
        [3, 2],
      );
      assert.deepEqual(
        (await store.audit.list({ action: 'a4', limit: 10 })).map((e) => e.seq),
        [5],
      );
      assert.equal(await store.audit.anchor(), null);
      assert.equal(await store.audit.pruneBefore(T0 + 2000), 2);
      const again = await opened.reopen();
      assert.deepEqual(await again.audit.anchor(), { seq: 2, hash: 'h2' });
      assert.deepEqual(
        (await again.audit.scan(0, 10)).map((e) => e.seq),
        [3, 4, 5],
      );
      const next = await again.audit.append(entry('a5'), seal);
      assert.equal(next.seq, 6);
    });
  });
}
