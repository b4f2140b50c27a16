// People, sessions, CSRF, throttling and API keys with scopes, over a real server and a real SQLite file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';

let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
let s: TestServer;
before(async () => {
  s = await startTestServer({ now: () => clock, env: { VIGIL_MAX_LOGIN_FAILURES: '3' } });
});
after(() => s.close());

const inject = (o: InjectOptions) => s.vigil.app.inject(o);
const creds = (u: { username: string; password: string }) => ({ username: u.username, password: u.password });
const auditOf = async (action: string) =>
  (await s.vigil.audit.list({ action, limit: 100 })).map((e) => ({
    actor: e.actor,
    outcome: e.outcome,
    after: e.after,
  }));

test('password login sets an HttpOnly SameSite=Strict session cookie (Secure over https); the password is stored as argon2id', async () => {
  const ana = await addTestUser(s, { roles: ['devops'], teams: ['DevOps'], displayName: 'Ana' });
  const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: creds(ana) });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /^vigil_session=[A-Za-z0-9_-]{43};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.doesNotMatch(cookie, /Secure/, 'plain http: a Secure cookie would never come back');
  const body = res.json();
  assert.equal(body.principal.name, 'Ana');
  assert.deepEqual(body.principal.roles, ['devops']);
  assert.ok(body.principal.permissions.includes('incidents.act'));
  assert.equal(typeof body.csrfToken, 'string');
  const stored = await s.vigil.store.users.findUserByUsername(ana.username);
  assert.match(stored!.passwordHash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

  const https = await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: creds(ana),
    headers: { 'x-forwarded-proto': 'https' },
  });
  // Fastify trusts no proxy by default, so the forwarded header alone does not make it https.
  assert.doesNotMatch(String(https.headers['set-cookie']), /Secure/);
  const tls = await startTestServer({ env: { VIGIL_COOKIE_SECURE: 'always' } });
  try {
    const bob = await addTestUser(tls, { roles: ['viewer'] });
    const r = await tls.vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: creds(bob) });
    assert.match(String(r.headers['set-cookie']), /; Secure/);
  } finally {
    await tls.close();
  }
});

test('failed logins are audited and throttled per account: the right password is refused too until the window passes', async () => {
  const eve = await addTestUser(s, { roles: ['viewer'] });
  for (let i = 0; i < 3; i++) {
    const r = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { ...creds(eve), password: 'wrong-one-123' },
    });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().code, 'VIGIL_ERR_UNAUTHORIZED');
  }
  const locked = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: creds(eve) });
  assert.equal(locked.statusCode, 429);
  assert.equal(locked.json().code, 'VIGIL_ERR_RATE_LIMITED');
  assert.ok(Number(locked.headers['retry-after']) > 0);
  clock += 16 * 60_000;
  assert.equal((await inject({ method: 'POST', url: '/api/v1/auth/login', payload: creds(eve) })).statusCode, 200);
  const failed = (await auditOf('login_failed')).filter((e) => e.actor === `user:${eve.username}`);
  assert.equal(failed.length, 4);
  assert.ok(failed.every((e) => e.outcome === 'failure'));
  const ok = (await auditOf('login')).filter((e) => e.actor === `user:${eve.username}`);
  assert.equal(ok.length, 1);
  // An unknown name is a failure like a wrong password (same message, same time spent hashing).
  const ghost = await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'nobody', password: 'x' },
  });
  assert.equal(ghost.json().message, 'Login: unknown user or wrong password');
});

test('login requests are rate limited per address (@fastify/rate-limit)', async () => {
  const t = await startTestServer({ env: { VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: '2' } });
  try {
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (
          await t.vigil.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'a', password: 'b' },
          })
        ).statusCode,
      );
    assert.deepEqual(codes, [401, 401, 429]);
  } finally {
    await t.close();
  }
});

test('writes over a session need its CSRF token and a same-site Origin; Bearer keys need neither', async () => {
  const ops = await loginSession(s, await addTestUser(s, { roles: ['devops'] }));
  const silence = {
    matchers: [{ name: 'model', value: 'm' }],
    startsAt: new Date(clock).toISOString(),
    endsAt: new Date(clock + 3_600_000).toISOString(),
    comment: 'csrf',
    createdBy: 'x',
  };
  const noToken = await inject({
    method: 'POST',
    url: '/api/v1/silences',
    headers: { cookie: ops.cookie },
    payload: silence,
  });
  assert.equal(noToken.statusCode, 403);
  assert.match(noToken.json().message, /CSRF/);
  const wrong = await inject({
    method: 'POST',
    url: '/api/v1/silences',
    headers: { cookie: ops.cookie, 'x-csrf-token': 'nope' },
    payload: silence,
  });
  assert.equal(wrong.statusCode, 403);
  const crossSite = await inject({
    method: 'POST',
    url: '/api/v1/silences',
    headers: { ...ops.headers, origin: 'https://evil.example' },
    payload: silence,
  });
  assert.equal(crossSite.statusCode, 403);
  const ok = await inject({ method: 'POST', url: '/api/v1/silences', headers: ops.headers, payload: silence });
  assert.notEqual(ok.statusCode, 403, ok.body);
  // Reads over the session need no token.
  assert.equal((await inject({ url: '/api/v1/silences', headers: { cookie: ops.cookie } })).statusCode, 200);
  assert.notEqual(
    (await inject({ method: 'POST', url: '/api/v1/silences', headers: s.auth, payload: silence })).statusCode,
    403,
  );
});

test('disabling a person ends their sessions at once; logout ends one', async () => {
  const dan = await addTestUser(s, { roles: ['viewer'] });
  const a = await loginSession(s, dan);
  assert.equal((await inject({ url: '/api/v1/models', headers: { cookie: a.cookie } })).statusCode, 200);
  const r = await inject({
    method: 'PATCH',
    url: `/api/v1/users/${dan.username}`,
    headers: s.auth,
    payload: { isDisabled: true },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((await inject({ url: '/api/v1/models', headers: { cookie: a.cookie } })).statusCode, 401);
  assert.equal((await inject({ method: 'POST', url: '/api/v1/auth/login', payload: creds(dan) })).statusCode, 401);
  const changes = await auditOf('user.disabled');
  assert.ok(changes.some((e) => (e.after as { username: string }).username === dan.username));
});

test('API keys: scopes, ingest limited to listed models or use cases, expiry, rotation with grace, last use', async () => {
  const create = async (body: object) => {
    const r = await inject({ method: 'POST', url: '/api/v1/keys', headers: s.auth, payload: body });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { key: { id: string; name: string }; secret: string };
  };
  // A use case lists its models; a key limited to it may send those and the listed model only.
  const uc = await inject({
    method: 'POST',
    url: '/api/v1/use-cases',
    headers: s.auth,
    payload: { id: 'fraud', name: 'Fraud', ownerTeam: 'Risk', models: ['fraud-v3'], endpoints: [] },
  });
  assert.equal(uc.statusCode, 201, uc.body);
  const limited = await create({ name: 'fraud-ingest', scope: 'ingest', useCases: ['fraud'], models: ['extra-model'] });
  const events = ['fraud-v3', 'extra-model', 'other-model'].map((model) => ({ model, timestamp: clock, latencyMs: 5 }));
  const sent = await inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${limited.secret}` },
    payload: { events },
  });
  assert.equal(sent.statusCode, 207, sent.body);
  assert.equal(sent.json().accepted, 2);
  assert.deepEqual(
    sent.json().rejected.map((r: { index: number; code: string }) => [r.index, r.code]),
    [[2, 'VIGIL_ERR_FORBIDDEN']],
  );
  assert.match(sent.json().rejected[0].message, /may not send model "other-model"/);
  // Scope: an ingest key reads nothing.
  assert.equal(
    (await inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${limited.secret}` } })).statusCode,
    403,
  );
  // Last use: when and from where.
  const listed = (await inject({ url: '/api/v1/keys', headers: s.auth }))
    .json()
    .keys.find((k: { id: string }) => k.id === limited.key.id);
  assert.equal(listed.lastUsedAt, new Date(clock).toISOString());
  assert.equal(listed.lastUsedFrom, '127.0.0.1');
  assert.equal(JSON.stringify(listed).includes(limited.secret), false, 'the secret is never listed');

  // Expiry.
  const shortLived = await create({ name: 'temp-read', scope: 'read', expiresInDays: 1 });
  const read = { authorization: `Bearer ${shortLived.secret}` };
  assert.equal((await inject({ url: '/api/v1/models', headers: read })).statusCode, 200);
  clock += 86_400_000 + 1;
  const expired = await inject({ url: '/api/v1/models', headers: read });
  assert.equal(expired.statusCode, 401);
  assert.match(expired.json().message, /expired/);

  // Rotation: the new secret works, the old one for the grace minutes only.
  const ci = await create({ name: 'ci', scope: 'read' });
  const rotated = await inject({
    method: 'POST',
    url: `/api/v1/keys/${ci.key.id}/rotate`,
    headers: s.auth,
    payload: { graceMinutes: 10 },
  });
  assert.equal(rotated.statusCode, 201, rotated.body);
  const next = rotated.json() as { key: { rotatedFrom: string; name: string }; secret: string };
  assert.equal(next.key.rotatedFrom, ci.key.id);
  assert.equal(next.key.name, 'ci');
  assert.equal(
    (await inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${ci.secret}` } })).statusCode,
    200,
  );
  clock += 11 * 60_000;
  // The key cache holds answers for 5 s of the server's clock, which moved 11 minutes.
  assert.equal(
    (await inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${ci.secret}` } })).statusCode,
    401,
  );
  assert.equal(
    (await inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${next.secret}` } })).statusCode,
    200,
  );

  // Revocation; every key change is audited with who did it.
  assert.equal(
    (await inject({ method: 'DELETE', url: `/api/v1/keys/${limited.key.id}`, headers: s.auth })).statusCode,
    204,
  );
  const actions = (await s.vigil.audit.list({ limit: 1000 }))
    .filter((e) => e.action.startsWith('key.'))
    .map((e) => e.action);
  for (const a of ['key.created', 'key.rotated', 'key.revoked']) assert.ok(actions.includes(a), a);
  const who = await s.vigil.audit.list({ action: 'key.revoked', limit: 1 });
  assert.equal(who[0]!.actor, 'key:VIGIL_ADMIN_KEY');
});

test('alert rules are edited by the teams of their monitoring area', async () => {
  const ds = await loginSession(s, await addTestUser(s, { roles: ['data-science'], teams: ['Data Science'] }));
  const rule = (area: string) => ({
    id: `r-${area.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 6)}`,
    name: 'errors too high',
    kind: 'threshold',
    area,
    severity: 'warning',
    metric: 'errorRate',
    comparator: '>',
    value: 0.05,
    runbook: '## Steps\n1. look',
  });
  const own = await inject({
    method: 'POST',
    url: '/api/v1/alerts/rules',
    headers: ds.headers,
    payload: rule('Model Accuracy'),
  });
  assert.notEqual(own.statusCode, 403, own.body);
  const other = await inject({
    method: 'POST',
    url: '/api/v1/alerts/rules',
    headers: ds.headers,
    payload: rule('API Performance'),
  });
  assert.equal(other.statusCode, 403);
  assert.match(other.json().message, /edits alert rules in Model Accuracy, Data Quality, not "API Performance"/);
});

test('GET /api/v1/auth/session names a Bearer key without a CSRF token (it needs none)', async () => {
  const r = await inject({ url: '/api/v1/auth/session', headers: s.auth });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().principal.kind, 'key');
  assert.equal(r.json().csrfToken, null);
});
