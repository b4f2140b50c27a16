// Single sign-on in a real Chromium: an admin sets up the provider on Settings → Single sign-on (a real
// oidc-provider on loopback), the login page then offers "Sign in with Acme SSO", and a click goes through the
// provider and back to the dashboard signed in with the roles the groups map to; a person whose groups map to no
// role lands on the login page with the reason. Screenshots at 1440 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startOpenIdProvider, type TestOpenIdProvider } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let idp: TestOpenIdProvider;
const browsers: TestBrowser[] = [];

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: `${SHOTS}${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function browser(): Promise<TestBrowser> {
  const b = await launchTestBrowser({ width: 1440, height: 900 });
  b.page.setDefaultTimeout(10_000);
  browsers.push(b);
  return b;
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true });
  idp = await startOpenIdProvider(`${s.url}/auth/oidc/callback`);
  idp.accounts.set('alice', { email: 'alice@example.test', name: 'Alice Liddell', groups: ['vigil-sre'] });
  idp.accounts.set('bob', { email: 'bob@example.test', name: 'Bob', groups: ['marketing'] });
});

after(async () => {
  for (const b of browsers) await b.close();
  await s?.close();
  await idp?.close();
});

test('an admin sets up the provider on the Single sign-on page; the settings are stored, the secret only masked', async () => {
  const { page } = await browser();
  await signInBrowser(page, s.url!, { apiKey: s.adminKey });
  await page.goto(`${s.url}/settings/sso`);
  await page.getByTestId('sso-form').waitFor();
  assert.equal(await page.getByTestId('sso-redirect').inputValue(), `${s.url}/auth/oidc/callback`, 'proposed');
  await page.getByTestId('sso-provider-name').fill('Acme SSO');
  await page.getByTestId('sso-issuer').fill(idp.issuer);
  await page.getByTestId('sso-client-id').fill(idp.clientId);
  await page.getByTestId('sso-client-secret').fill(idp.clientSecret);
  await page.getByTestId('sso-scopes').fill('openid email profile groups');
  await page.getByTestId('sso-default-role').selectOption('');
  await page.getByTestId('sso-role-map').fill('vigil-sre = devops\nml-platform = data-science');
  await page.getByTestId('sso-team-map').fill('vigil-sre = DevOps');
  await page.getByTestId('sso-save').click();
  await page.getByTestId('sso-notice').waitFor();
  const stored = (await s.vigil.app.inject({ url: '/api/v1/auth/oidc/settings', headers: s.auth })).json();
  assert.deepEqual(stored.settings.roleMap, [
    { value: 'vigil-sre', role: 'devops' },
    { value: 'ml-platform', role: 'data-science' },
  ]);
  assert.deepEqual(stored.settings.teamMap, [{ value: 'vigil-sre', team: 'DevOps' }]);
  assert.equal(stored.settings.defaultRole, null);
  assert.equal(stored.settings.clientSecret, `••••${idp.clientSecret.slice(-4)}`);
  assert.match(
    (await page.getByTestId('sso-client-secret').getAttribute('placeholder')) ?? '',
    new RegExp(`stored ••••${idp.clientSecret.slice(-4)}`),
  );
  await shoot(page, 'settings-sso');
  // A mapping line that is not "value = role" is refused in the page, naming the line.
  await page.getByTestId('sso-role-map').fill('vigil-sre = devops\nnonsense');
  await page.getByTestId('sso-save').click();
  assert.match(await page.getByTestId('field-problem').innerText(), /line 2 is not "claim value = role"/);
  await page.getByTestId('sso-role-map').fill('vigil-sre = devops\nml-platform = data-science');
});

test('"Sign in with Acme SSO" goes through the provider and back to the dashboard with the mapped role', async () => {
  const { page } = await browser();
  await page.goto(`${s.url}/`);
  await page.getByTestId('sso-login').waitFor();
  assert.equal(await page.getByTestId('sso-login').innerText(), 'Sign in with Acme SSO');
  await shoot(page, 'login-sso');
  idp.signInAs('alice');
  await page.getByTestId('sso-login').click();
  await page.getByTestId('whoami').waitFor();
  assert.equal(new URL(page.url()).origin, s.url, 'back on Vigil');
  // The role "devops" is not repeated beside the team "DevOps"; the tooltip names both.
  assert.match(await page.getByTestId('whoami').innerText(), /^Alice Liddell · DevOps$/);
  assert.match(String(await page.getByTestId('whoami').getAttribute('title')), /Roles: devops\nTeams: DevOps/);
});

test('with "log out of the provider too" ticked, Log out goes through the provider\'s sign-out and back to the login page', async () => {
  const admin = await browser();
  await signInBrowser(admin.page, s.url!, { apiKey: s.adminKey });
  await admin.page.goto(`${s.url}/settings/sso`);
  await admin.page.getByTestId('sso-sign-out-at-provider').check();
  await admin.page.getByTestId('sso-save').click();
  await admin.page.getByTestId('sso-notice').waitFor();
  const stored = (await s.vigil.app.inject({ url: '/api/v1/auth/oidc/settings', headers: s.auth })).json();
  assert.equal(stored.settings.signOutAtProvider, true);

  const { page } = await browser();
  await page.goto(`${s.url}/`);
  idp.signInAs('alice');
  await page.getByTestId('sso-login').click();
  await page.getByTestId('whoami').waitFor();
  await page.getByRole('button', { name: 'Log out' }).click();
  // oidc-provider's own confirmation page, then back to Vigil's root: the login page.
  await page.waitForURL((u) => u.origin === idp.issuer);
  await page.locator('button[name="logout"][value="yes"], button[value="yes"]').first().click();
  await page.getByTestId('sso-login').waitFor();
  assert.equal(new URL(page.url()).origin, s.url, 'back on Vigil');
  const session = await page.request.get(`${s.url}/api/v1/auth/session`);
  assert.equal(session.status(), 401, 'signed out of Vigil');

  await admin.page.getByTestId('sso-sign-out-at-provider').uncheck();
  await admin.page.getByTestId('sso-save').click();
  await admin.page.getByTestId('sso-notice').waitFor();
});

test('a person whose groups map to no role is sent back to the login page with the reason', async () => {
  const { page } = await browser();
  await page.goto(`${s.url}/`);
  idp.signInAs('bob');
  await page.getByTestId('sso-login').click();
  await page.getByTestId('login-error').waitFor();
  assert.match(await page.getByTestId('login-error').innerText(), /no role is mapped for this person's groups claim/);
  assert.equal(new URL(page.url()).search, '', 'the reason is taken out of the address');
});
