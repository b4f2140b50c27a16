// The hash-chained audit trail: what it records, the JSON Lines export, and `vigil audit verify` on the store
// files after an edit, a deletion and a reordering made behind Vigil's back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';
import { runCli } from './helpers/server-process.js';

let dir: string;
let s: TestServer;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-audit-'));
  s = await startTestServer({ dataDir: join(dir, 'data') });
});
after(async () => {
  await s.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('logins, people, keys, configuration changes and exports are recorded: who, what, when, from where, outcome', async () => {
  const ana = await addTestUser(s, { roles: ['devops'], teams: ['DevOps'], username: 'ana' });
  await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'ana', password: 'wrong-password' },
  });
  const session = await loginSession(s, ana);
  const raci = await s.vigil.app.inject({ url: '/api/v1/raci', headers: s.auth });
  const put = await s.vigil.app.inject({
    method: 'PUT',
    url: '/api/v1/raci',
    headers: session.headers,
    payload: raci.json(),
  });
  assert.equal(put.statusCode, 200, put.body);
  const channel = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: s.auth,
    payload: {
      id: 'hook',
      type: 'webhook',
      name: 'hook',
      url: 'https://hooks.example.com/T000/B000/secret-path',
      headers: { authorization: 'Bearer s3cr3t' },
    },
  });
  const key = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/keys',
    headers: session.headers,
    payload: { name: 'x', scope: 'read' },
  });
  assert.equal(key.statusCode, 403, 'a devops person manages no keys');

  const list = (await s.vigil.app.inject({ url: '/api/v1/audit?limit=100', headers: s.auth })).json().entries as any[];
  const byAction = (a: string) => list.filter((e) => e.action === a);
  assert.equal(byAction('user.created')[0].target, 'user:ana');
  assert.equal(byAction('user.created')[0].after.password, undefined, 'no password or hash in the trail');
  assert.deepEqual(
    [byAction('login_failed')[0].actor, byAction('login_failed')[0].outcome, byAction('login_failed')[0].sourceIp],
    ['user:ana', 'failure', '127.0.0.1'],
  );
  assert.equal(byAction('login')[0].actor, 'user:ana');
  const raciChange = byAction('PUT /api/v1/raci')[0];
  assert.equal(raciChange.actor, 'user:ana');
  assert.equal(raciChange.outcome, 'success');
  const refused = byAction('POST /api/v1/keys')[0];
  assert.deepEqual([refused.actor, refused.outcome, refused.after.status], ['user:ana', 'failure', 403]);
  if (channel.statusCode < 400) {
    const ch = JSON.stringify(byAction('POST /api/v1/channels')[0]);
    assert.doesNotMatch(ch, /secret-path|s3cr3t/, 'secrets and URL paths are redacted');
  }
  for (const e of list)
    for (const f of ['seq', 'at', 'actor', 'action', 'outcome', 'prevHash', 'hash']) assert.ok(f in e, f);

  const exported = await s.vigil.app.inject({ url: '/api/v1/audit/export', headers: s.auth });
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-type']), /application\/x-ndjson/);
  const lines = exported.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.seq),
    lines.map((_, i) => i + 1),
    'oldest first, every entry',
  );
  assert.equal(lines.at(-1).action, 'audit.exported', 'the export itself is recorded');

  const verify = await s.vigil.app.inject({ url: '/api/v1/audit/verify', headers: s.auth });
  const verdict = verify.json() as { isIntact: boolean; checked: number; firstBad: unknown };
  assert.deepEqual([verdict.isIntact, verdict.firstBad], [true, null]);
  assert.ok(verdict.checked >= lines.length);
});

test('the store refuses to rewrite an entry', () => {
  const db = new Database(join(dir, 'data', 'vigil.db'));
  try {
    assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1").run(), /append-only/);
  } finally {
    db.close();
  }
});

test('vigil audit verify exits 0 on the intact store and 1 naming the first bad entry after an edit, a deletion or a reordering', async () => {
  await s.close();
  const data = join(dir, 'data');
  const ok = await runCli(['audit', 'verify', '--data-dir', data]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /audit trail intact: \d+ entries checked/);

  const tamper = async (name: string, sql: string[]) => {
    const copy = join(dir, name);
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(data, 'vigil.db'), join(copy, 'vigil.db'));
    const db = new Database(join(copy, 'vigil.db'));
    // Whoever edits the file can drop the trigger too; the chain still tells.
    db.exec('DROP TRIGGER audit_log_no_update');
    for (const q of sql) db.exec(q);
    db.close();
    return runCli(['audit', 'verify', '--data-dir', copy]);
  };
  const edited = await tamper('edited', ["UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3"]);
  assert.equal(edited.code, 1);
  assert.match(edited.stderr, /BROKEN at entry 3: content does not match its hash \(edited\)/);

  const deleted = await tamper('deleted', ['DELETE FROM audit_log WHERE seq = 4']);
  assert.equal(deleted.code, 1);
  assert.match(deleted.stderr, /BROKEN at entry 5: entries 4–4 are missing \(deleted\)/);

  const reordered = await tamper('reordered', [
    'UPDATE audit_log SET seq = -2 WHERE seq = 2',
    'UPDATE audit_log SET seq = 2 WHERE seq = 3',
    'UPDATE audit_log SET seq = 3 WHERE seq = -2',
  ]);
  assert.equal(reordered.code, 1);
  assert.match(reordered.stderr, /BROKEN at entry 2:/);

  const exported = await runCli(['audit', 'export', '--data-dir', data]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.ok(
    exported.stdout
      .trim()
      .split('\n')
      .every((l) => typeof JSON.parse(l).hash === 'string'),
  );
});

test('retention removes entries older than auditRetentionDays (400 by default) and the kept chain still verifies', async () => {
  let clock = Date.UTC(2025, 0, 1);
  const t = await startTestServer({ now: () => clock });
  try {
    assert.equal(t.config.auditRetentionDays, 400);
    for (let i = 0; i < 5; i++)
      await t.vigil.audit.record({
        actor: 'system',
        action: `old.${i}`,
        target: null,
        outcome: 'success',
        sourceIp: null,
        before: null,
        after: null,
      });
    clock += 401 * 86_400_000;
    await t.vigil.audit.record({
      actor: 'system',
      action: 'new',
      target: null,
      outcome: 'success',
      sourceIp: null,
      before: null,
      after: null,
    });
    assert.equal(await t.vigil.audit.prune(clock), 5);
    const kept = await t.vigil.audit.list({ limit: 100 });
    assert.deepEqual(
      kept.map((e) => [e.seq, e.action]),
      [[6, 'new']],
    );
    const v = await t.vigil.audit.verify();
    assert.deepEqual(v, { isIntact: true, checked: 1, firstBad: null }, 'the chain restarts from the recorded anchor');
  } finally {
    await t.close();
  }
});

test('vigil users add / list / disable work on the store directly (the first admin)', async () => {
  const data = join(dir, 'cli-users');
  const add = await runCli(['users', 'add', 'root', '--role', 'admin', '--team', 'DevOps', '--data-dir', data]);
  assert.equal(add.code, 0, add.stderr);
  const password = /Password, shown this once: (\S+)/.exec(add.stdout)![1]!;
  const list = await runCli(['users', 'list', '--json', '--data-dir', data]);
  const users = JSON.parse(list.stdout);
  assert.deepEqual([users[0].username, users[0].roles, users[0].teams], ['root', ['admin'], ['DevOps']]);
  const bad = await runCli(['users', 'add', 'x', '--role', 'cto', '--data-dir', data]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--role: give one or more of devops, data-science/);
  const t = await startTestServer({ dataDir: data });
  try {
    assert.equal(
      (await t.vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'root', password } }))
        .statusCode,
      200,
    );
  } finally {
    await t.close();
  }
  assert.equal((await runCli(['users', 'disable', 'root', '--data-dir', data])).code, 0);
  const again = JSON.parse((await runCli(['users', 'list', '--json', '--data-dir', data])).stdout);
  assert.equal(again[0].isDisabled, true);
});
