// Every route of the OpenAPI document, walked with no credentials, as each role (a signed-in person) and with
// each API-key scope, against the one permission table (src/identity/permissions.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, KEY_SCOPES, type Role, type KeyScope } from '@vigil/protocol';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';
import {
  ROLE_PERMISSIONS,
  ROUTE_PERMISSIONS,
  SCOPE_PERMISSIONS,
  type Permission,
  type RouteNeed,
} from '../src/identity/permissions.js';

let s: TestServer;
let routes: Array<{ method: string; path: string; need: RouteNeed }>;

before(async () => {
  s = await startTestServer();
  await s.vigil.app.ready();
  const doc = s.vigil.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of Object.keys(ops)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      routes.push({ method: method.toUpperCase(), path, need: ROUTE_PERMISSIONS[key]! });
    }
  // Logout last: it ends the session the walk uses.
  routes.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
});
after(() => s.close());

test('every route in the OpenAPI document has a line in the permission table, and every line a route', () => {
  assert.ok(routes.length > 90, `${routes.length} routes documented`);
  const documented = new Set(routes.map((r) => `${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`));
  const missing = [...documented].filter((k) => ROUTE_PERMISSIONS[k] === undefined);
  assert.deepEqual(missing, [], 'routes without a line in ROUTE_PERMISSIONS');
  const hidden = new Set(['GET /api/v1/demo', 'GET /api/v1/openapi.json']);
  const stale = Object.keys(ROUTE_PERMISSIONS).filter((k) => !documented.has(k) && !hidden.has(k));
  assert.deepEqual(stale, [], 'table lines without a route');
});

/** Walks every route as one principal; returns the routes whose answer disagrees with the table. */
async function walk(
  who: string,
  headers: Record<string, string>,
  may: (need: RouteNeed) => boolean,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const r of routes) {
    const url = r.path.replace(/\{(\w+)\}/g, (_, name: string) => `no-such-${name}`);
    const isWrite = r.method !== 'GET' && r.method !== 'HEAD';
    const res = await s.vigil.app.inject({
      method: r.method as 'GET',
      url,
      headers: isWrite ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(isWrite ? { payload: '{}' } : {}),
    });
    const denied = res.statusCode === 401 || res.statusCode === 403;
    const expected = may(r.need);
    if (expected === denied)
      wrong.push(`${who} ${r.method} ${r.path} (${r.need}) → ${res.statusCode} ${res.body.slice(0, 160)}`);
    if (!expected && !Object.keys(headers).length)
      assert.equal(res.statusCode, 401, `${r.method} ${r.path} without credentials`);
  }
  return wrong;
}

const allows = (perms: readonly Permission[]) => (need: RouteNeed) =>
  need === 'public' || need === 'authenticated' || perms.includes(need as Permission);

test('no credentials: only public routes answer; the rest say 401', async () => {
  assert.deepEqual(await walk('anonymous', {}, (need) => need === 'public'), []);
});

test('each role, signed in through the dashboard session: exactly what the table grants', async () => {
  const wrong: string[] = [];
  for (const role of ROLES as readonly Role[]) {
    // In every team, so no sign-off is refused for team reasons (the use cases do not exist anyway: 404).
    const user = await addTestUser(s, { roles: [role], teams: ['ops', 'ds', 'bi'] });
    const session = await loginSession(s, user);
    wrong.push(...(await walk(role, session.headers, allows(ROLE_PERMISSIONS[role]))));
  }
  assert.deepEqual(wrong, []);
});

test('each API-key scope, as a Bearer key: exactly what the table grants', async () => {
  const wrong: string[] = [];
  for (const scope of KEY_SCOPES as readonly KeyScope[]) {
    const { secret } = await s.vigil.identity.createKey({ name: `walk-${scope}`, scope }, undefined, { ip: null });
    wrong.push(
      ...(await walk(`key:${scope}`, { authorization: `Bearer ${secret}` }, allows(SCOPE_PERMISSIONS[scope]))),
    );
  }
  assert.deepEqual(wrong, []);
});

test('only an Executive approves go-lives; no key scope does', () => {
  const approvers = (ROLES as readonly Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('golive.approve'));
  assert.deepEqual(approvers, ['executive']);
  for (const scope of KEY_SCOPES) assert.equal(SCOPE_PERMISSIONS[scope].includes('golive.approve'), false);
});
