// Hardening: security headers and CSP, CORS off unless configured, rate limits per key, SSRF checks on
// notification targets, stored secrets kept only for their destination, no URL secrets in delivery errors,
// channel secrets encrypted at rest, and no secret in logs or /metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';
import { spawnServer } from './helpers/server-process.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env });
  cleanups.push(() => s.close());
  return s;
}

/** A loopback HTTP receiver recording what it gets and answering with `reply`. */
async function receiver(reply: (path: string) => [number, string] = () => [200, 'ok']) {
  const got: Array<{ path: string; body: string }> = [];
  const srv: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      got.push({ path: req.url ?? '', body });
      const [status, text] = reply(req.url ?? '');
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => srv.close(r)));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, got };
}

test('security headers on every answer: a CSP with frame-ancestors none, nosniff, no framing; HSTS only for https installs', async () => {
  const s = await server();
  for (const url of ['/api/v1/models', '/healthz', '/', '/no-such-page']) {
    const r = await s.vigil.app.inject({ url, headers: s.auth });
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.match(csp, /script-src 'self'(;|$)/, url);
    assert.match(csp, /object-src 'none'/, url);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'plain http install');
    assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(r.headers['x-frame-options'], 'DENY', url);
    assert.equal(r.headers['strict-transport-security'], undefined, url);
  }
  const tls = await server({ VIGIL_EXTERNAL_URL: 'https://vigil.example.com' });
  const r = await tls.vigil.app.inject({ url: '/healthz' });
  assert.match(String(r.headers['strict-transport-security']), /max-age=31536000/);
  assert.match(String(r.headers['content-security-policy']), /upgrade-insecure-requests/);
});

test('CORS is off unless origins are configured, and then only for them', async () => {
  const s = await server();
  const r = await s.vigil.app.inject({ url: '/api/v1/models', headers: { ...s.auth, origin: 'https://evil.example' } });
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  const pre = await s.vigil.app.inject({
    method: 'OPTIONS',
    url: '/api/v1/models',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(pre.headers['access-control-allow-origin'], undefined);

  const c = await server({ VIGIL_CORS_ORIGINS: 'https://ok.example' });
  const ok = await c.vigil.app.inject({ url: '/api/v1/models', headers: { ...c.auth, origin: 'https://ok.example' } });
  assert.equal(ok.headers['access-control-allow-origin'], 'https://ok.example');
  const other = await c.vigil.app.inject({
    url: '/api/v1/models',
    headers: { ...c.auth, origin: 'https://evil.example' },
  });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
});

test('requests are rate limited per API key', async () => {
  const s = await server({ VIGIL_KEY_RATE_LIMIT_PER_MINUTE: '3' });
  const { secret } = await s.vigil.identity.createKey({ name: 'busy', scope: 'read' }, undefined, { ip: null });
  const { secret: other } = await s.vigil.identity.createKey({ name: 'calm', scope: 'read' }, undefined, { ip: null });
  const codes = [];
  for (let i = 0; i < 4; i++)
    codes.push(
      (await s.vigil.app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${secret}` } })).statusCode,
    );
  assert.deepEqual(codes, [200, 200, 200, 429]);
  const limited = await s.vigil.app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${secret}` } });
  assert.equal(limited.json().code, 'VIGIL_ERR_RATE_LIMITED');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal(
    (await s.vigil.app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${other}` } })).statusCode,
    200,
  );
});

test('notification targets: no link-local, metadata, integer-form or non-HTTP targets; loopback only when allowed', async () => {
  const s = await server({ VIGIL_ALLOW_LOOPBACK_TARGETS: 'false' });
  const put = (id: string, kind: string, settings: object) =>
    s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: s.auth,
      payload: { id, name: id, kind, settings },
    });
  const refused: Array<[string, object, RegExp]> = [
    ['webhook', { url: 'http://127.0.0.1:9/x' }, /loopback/],
    ['webhook', { url: 'http://localhost:9/x' }, /loopback/],
    ['webhook', { url: 'http://[::1]:9/x' }, /loopback/],
    ['webhook', { url: 'http://[::ffff:127.0.0.1]:9/x' }, /loopback/],
    ['webhook', { url: 'http://2130706433/x' }, /non-standard form/],
    ['webhook', { url: 'http://0x7f.1/x' }, /non-standard form/],
    ['webhook', { url: 'http://169.254.169.254/latest/meta-data/' }, /link-local, metadata/],
    ['webhook', { url: 'http://metadata.google.internal/computeMetadata/v1/' }, /metadata/],
    ['webhook', { url: 'http://user:pass@hooks.example.com/x' }, /credentials in the URL/],
    ['slack', { webhookUrl: 'http://[fe80::1]/x' }, /link-local/],
    ['pagerduty', { routingKey: 'k', eventsUrl: 'http://169.254.169.254/v2/enqueue' }, /link-local, metadata/],
    ['email', { host: '169.254.169.254', port: 25, from: 'a@b.c', to: ['x@y.z'] }, /link-local, metadata/],
  ];
  for (const [kind, settings, why] of refused) {
    const r = await put(`c-${randomBytes(3).toString('hex')}`, kind, settings);
    assert.equal(r.statusCode, 400, `${JSON.stringify(settings)} → ${r.statusCode}`);
    assert.match(r.json().message, why, JSON.stringify(settings));
    assert.match(r.json().message, /^body\.settings\./);
  }
  const scheme = await put('ftp', 'webhook', { url: 'ftp://files.example.com/x' });
  assert.equal(scheme.statusCode, 400);

  // A channel stored before the check (here: straight into the store) is refused at "send test" too.
  await s.vigil.channels.put(
    { id: 'old', name: 'old', kind: 'webhook', settings: { url: 'http://127.0.0.1:9/hook' } } as never,
    Date.now(),
  );
  const test = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels/old/test', headers: s.auth });
  assert.equal(test.statusCode, 400);
  assert.match(test.json().message, /loopback/);

  // Allowed loopback (the tests' receivers) still refuses the integer form and the metadata address.
  const lo = await server();
  const r1 = await lo.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: lo.auth,
    payload: { id: 'a', name: 'a', kind: 'webhook', settings: { url: 'http://2130706433/x' } },
  });
  assert.equal(r1.statusCode, 400);
  const r2 = await lo.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: lo.auth,
    payload: { id: 'b', name: 'b', kind: 'webhook', settings: { url: 'http://169.254.169.254/x' } },
  });
  assert.equal(r2.statusCode, 400);
});

test('a masked secret is kept on edit only while its destination is unchanged', async () => {
  const s = await server();
  const pd = await receiver();
  const attacker = await receiver();
  const body = {
    id: 'pd',
    name: 'PD',
    kind: 'pagerduty',
    settings: { routingKey: 'R0UTING-KEY-SECRET-1234', eventsUrl: `${pd.url}/v2/enqueue` },
  };
  assert.equal(
    (await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels', headers: s.auth, payload: body })).statusCode,
    201,
  );
  const shown = (await s.vigil.app.inject({ url: '/api/v1/channels/pd', headers: s.auth })).json().channel;
  assert.equal(shown.settings.routingKey, '…1234');
  const moved = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/channels/pd',
    headers: s.auth,
    payload: { ...shown, settings: { ...shown.settings, eventsUrl: `${attacker.url}/steal` } },
  });
  assert.equal(moved.statusCode, 400);
  assert.match(
    moved.json().message,
    /body\.settings\.routingKey: the stored secret is kept only while eventsUrl is unchanged/,
  );
  await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels/pd/test', headers: s.auth });
  assert.equal(attacker.got.length, 0, 'nothing reached the new destination');
  assert.match(pd.got[0]!.body, /R0UTING-KEY-SECRET-1234/);
  const renamed = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/channels/pd',
    headers: s.auth,
    payload: { ...shown, name: 'PagerDuty' },
  });
  assert.equal(renamed.statusCode, 200, 'same destination: the stored key is kept');

  const hook = {
    id: 'wh',
    name: 'wh',
    kind: 'webhook',
    settings: { url: `${pd.url}/hook`, headers: { authorization: 'Bearer hook-secret' } },
  };
  await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels', headers: s.auth, payload: hook });
  const whShown = (await s.vigil.app.inject({ url: '/api/v1/channels/wh', headers: s.auth })).json().channel;
  const whMoved = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/channels/wh',
    headers: s.auth,
    payload: { ...whShown, settings: { ...whShown.settings, url: `${attacker.url}/x` } },
  });
  assert.equal(whMoved.statusCode, 400);
  assert.match(whMoved.json().message, /body\.settings\.headers: .* while url is unchanged/);
});

test('delivery errors never echo the secret part of a target URL', async () => {
  const s = await server();
  // A receiver that quotes the request path back in its error, as some proxies do.
  const echo = await receiver((path) => [502, `bad gateway for ${path}`]);
  const secretPath = '/services/T0/B0/very-secret-token';
  await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: s.auth,
    payload: {
      id: 'sl',
      name: 'sl',
      kind: 'slack',
      settings: { webhookUrl: `${echo.url}${secretPath}`, retry: { maxAttempts: 1 } },
    },
  });
  const r = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels/sl/test', headers: s.auth });
  assert.equal(r.statusCode, 200, r.body);
  assert.doesNotMatch(r.body, /very-secret-token/);
  assert.match(r.body, /502/);
  // A refused connection: the error names the failure, not the URL.
  await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: s.auth,
    payload: {
      id: 'dead',
      name: 'dead',
      kind: 'webhook',
      settings: { url: 'http://127.0.0.1:1/hooks/another-secret?token=abc', retry: { maxAttempts: 1 } },
    },
  });
  const dead = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/channels/dead/test', headers: s.auth });
  assert.doesNotMatch(dead.body, /another-secret|token=abc/);
  const deliveries = await s.vigil.store.alerting.listDeliveries({ limit: 50 });
  assert.doesNotMatch(JSON.stringify(deliveries), /very-secret-token|another-secret|token=abc/);
});

test('channel secrets are encrypted at rest with a key from a 0600 file (or the environment); a wider file is refused', async () => {
  const s = await server();
  const secret = `https://hooks.slack.com/services/T9/B9/${randomBytes(8).toString('hex')}`;
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: s.auth,
    payload: { id: 'enc', name: 'enc', kind: 'slack', settings: { webhookUrl: secret } },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal((await s.vigil.channels.get('enc'))!.settings.webhookUrl, secret, 'the service sees it in plaintext');
  const raw = (await s.vigil.store.alerting.channels.get('enc'))!.settings.webhookUrl as string;
  assert.match(raw, /^enc:v1:/);
  const keyFile = join(s.dataDir, 'secrets.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  await s.vigil.store.close().catch(() => undefined);
  const bytes = readFileSync(join(s.dataDir, 'vigil.db'));
  assert.equal(bytes.includes(Buffer.from(secret.split('/').at(-1)!)), false, 'the secret is not in the database file');

  const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const loose = join(dir, 'key');
  writeFileSync(loose, randomBytes(32).toString('hex'));
  chmodSync(loose, 0o644);
  await assert.rejects(
    buildApp(
      loadConfig({ VIGIL_DATA_DIR: join(dir, 'data'), VIGIL_SECRETS_KEY_FILE: loose, VIGIL_LOG_LEVEL: 'silent' }),
    ),
    /has mode 644; run "chmod 600/,
  );
});

test('no password, key, session token or channel secret in the logs or on /metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-logs-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const admin = `adm-${randomBytes(16).toString('hex')}`;
  const proc = await spawnServer(['--log-level', 'debug'], {
    VIGIL_DATA_DIR: dir,
    VIGIL_ADMIN_KEY: admin,
    VIGIL_ALLOW_LOOPBACK_TARGETS: 'true',
  });
  cleanups.push(async () => {
    proc.child.kill('SIGTERM');
    await proc.exited;
  });
  const h = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown, headers: Record<string, string> = h) =>
    fetch(proc.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const password = `pw-${randomBytes(12).toString('hex')}`;
  assert.equal((await post('/api/v1/users', { username: 'logcheck', password, roles: ['admin'] })).status, 201);
  const login = await post(
    '/api/v1/auth/login',
    { username: 'logcheck', password },
    { 'content-type': 'application/json' },
  );
  const token = /vigil_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  await post(
    '/api/v1/auth/login',
    { username: 'logcheck', password: `${password}-wrong` },
    { 'content-type': 'application/json' },
  );
  const key = (await (await post('/api/v1/keys', { name: 'k', scope: 'ingest' })).json()) as { secret: string };
  await post(
    '/api/v1/events',
    { events: [{ model: 'm', latencyMs: 1 }] },
    { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
  );
  const hookSecret = `hook-${randomBytes(8).toString('hex')}`;
  await post('/api/v1/channels', {
    id: 'c',
    name: 'c',
    kind: 'slack',
    settings: { webhookUrl: `http://127.0.0.1:1/services/${hookSecret}` },
  });
  await post('/api/v1/channels/c/test', {});
  await fetch(proc.url + '/api/v1/models', { headers: { cookie: `vigil_session=${token}` } });
  const metrics = await (await fetch(proc.url + '/metrics', { headers: { authorization: `Bearer ${admin}` } })).text();
  const logs = proc.output();
  assert.ok(logs.length > 500, 'debug logs were written');
  for (const [name, secret] of [
    ['admin key', admin],
    ['password', password],
    ['API key', key.secret],
    ['session token', token],
    ['webhook secret', hookSecret],
  ] as const) {
    assert.equal(logs.includes(secret), false, `${name} in the logs`);
    assert.equal(metrics.includes(secret), false, `${name} on /metrics`);
  }
});

test('answers over a session carry the same security headers', async () => {
  const s = await server();
  const session = await loginSession(s, await addTestUser(s, { roles: ['admin'] }));
  const r = await s.vigil.app.inject({ url: '/api/v1/models', headers: { cookie: session.cookie } });
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});
