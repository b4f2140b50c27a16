import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Role } from '@vigil/protocol';
import type { TestServer } from './test-server.js';

export interface TestCredentials {
  username: string;
  password: string;
}

/**
 * Adds a person with a random name and password through the identity service (as `vigil users add` does).
 * @example const cto = await addTestUser(s, { roles: ['executive'] });
 */
export async function addTestUser(
  s: TestServer,
  opts: { roles: Role[]; teams?: string[]; username?: string; displayName?: string },
): Promise<TestCredentials & { id: string }> {
  const username = opts.username ?? `u-${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await s.vigil.identity.addUser(
    { username, password, roles: opts.roles, teams: opts.teams, displayName: opts.displayName },
    undefined,
    { ip: null },
  );
  return { username, password, id: user.id };
}

export interface TestSession {
  /** Headers for app.inject(): the session cookie and the CSRF token writes need. */
  headers: { cookie: string; 'x-csrf-token': string };
  cookie: string;
  csrfToken: string;
}

/**
 * Signs in over the API (password or API key) and returns the headers a logged-in dashboard sends.
 * @example const ana = await loginSession(s, await addTestUser(s, { roles: ['devops'] }));
 */
export async function loginSession(s: TestServer, creds: TestCredentials | { apiKey: string }): Promise<TestSession> {
  const body = 'apiKey' in creds ? { apiKey: creds.apiKey } : { username: creds.username, password: creds.password };
  const res = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
  if (res.statusCode !== 200) throw new Error(`login answered ${res.statusCode}: ${res.body}`);
  const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('vigil_session='));
  if (!setCookie) throw new Error('login set no session cookie');
  const cookie = setCookie.split(';')[0]!;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return { headers: { cookie, 'x-csrf-token': csrfToken }, cookie, csrfToken };
}

/**
 * A browser signed in to the dashboard at `baseUrl`: the login answer's HttpOnly cookie lands in the page's
 * context (Playwright's context request shares its cookie jar). Defaults to the test server's admin key.
 * @example await signInBrowser(page, s.url, { apiKey: s.adminKey }); await page.goto(s.url + '/');
 */
export async function signInBrowser(
  page: Page,
  baseUrl: string,
  creds: TestCredentials | { apiKey: string },
): Promise<void> {
  const data = 'apiKey' in creds ? { apiKey: creds.apiKey } : { username: creds.username, password: creds.password };
  const res = await page.context().request.post(`${baseUrl}/api/v1/auth/login`, { data });
  if (res.status() !== 200) throw new Error(`login answered ${res.status()}: ${await res.text()}`);
}
