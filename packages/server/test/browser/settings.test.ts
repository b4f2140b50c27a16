// The Settings area in a real Chromium against a real server: People (add a person with a role and team, change
// the role, disable and enable), API keys (create an ingest key limited to a model — its secret shown once and
// working —, rotate with a grace period, revoke; last use with the address) and the Audit trail (filters,
// before/after, "Verify chain", the JSON Lines download). Each answer is checked against the server; the nav
// shows Settings only to roles the permission table lets in. Screenshots at 1440 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { addTestUser, signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let browser: TestBrowser;
const errors: string[] = [];

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true });
  browser = await launchTestBrowser({ width: 1440, height: 900 });
  browser.page.setDefaultTimeout(10_000);
  browser.page.on('pageerror', (e) => errors.push(e.message));
  browser.page.on('dialog', (d) => void d.accept());
  await signInBrowser(browser.page, s.url!, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

/** Sends one event with `secret`: its status, and whether the key was refused for this model. */
async function ingest(secret: string, model: string): Promise<number | 'model refused'> {
  const res = await fetch(`${s.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      events: [{ model, endpoint: 'POST /v1/score', timestamp: Date.now(), latencyMs: 12 }],
    }),
  });
  const text = await res.text();
  // A key limited to other models has the event rejected in the batch answer (per item).
  if (res.status < 300 && text.includes('VIGIL_ERR_FORBIDDEN')) return 'model refused';
  if (res.status >= 400 && text.includes('VIGIL_ERR_FORBIDDEN') && text.includes(model)) return 'model refused';
  return res.status;
}

/** Waits until the audit table shows exactly these entries, in this order (the server's answer). */
async function rowsShown(page: Page, seqs: number[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid="audit-row"]')].map((r) => Number(r.children[0]!.textContent)),
      ) === want,
    JSON.stringify(seqs),
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: `${SHOTS}${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('People: a person added with a role and team, the role changed, disabled (refused at login) and enabled again', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/`);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('people-page').waitFor();
  assert.equal(new URL(page.url()).pathname, '/settings/people');

  await page.getByTestId('add-person').click();
  await page.getByTestId('person-username').fill('rosa');
  await page.getByTestId('person-display-name').fill('Rosa Díaz');
  await page.getByTestId('person-password').fill('correct-horse-battery');
  await page.getByTestId('person-teams').fill('DevOps');
  const form = page.getByTestId('person-roles');
  await form.getByLabel('Viewer', { exact: true }).uncheck();
  await form.getByLabel('DevOps', { exact: true }).check();
  await shoot(page, 'settings-people-add');
  await page.getByTestId('person-save').click();
  const row = page.locator('[data-testid="person-row"][data-username="rosa"]');
  await row.waitFor();
  const stored = (await s.vigil.identity.listUsers()).find((u) => u.username === 'rosa')!;
  assert.deepEqual([stored.displayName, stored.roles, stored.teams], ['Rosa Díaz', ['devops'], ['DevOps']]);
  assert.equal(await row.getByTestId('person-roles-cell').innerText(), 'DevOps');
  assert.equal((await row.getByTestId('person-status').innerText()).toLowerCase(), 'active');

  await row.getByTestId('person-edit').click();
  const editor = page.getByTestId('access-roles');
  await editor.getByLabel('DevOps', { exact: true }).uncheck();
  await editor.getByLabel('InfoSec', { exact: true }).check();
  await page.getByTestId('access-save').click();
  await page.getByTestId('people-notice').filter({ hasText: 'roles and teams saved' }).waitFor();
  await row.getByTestId('person-roles-cell').filter({ hasText: 'InfoSec' }).waitFor();
  assert.deepEqual((await s.vigil.identity.findUser('rosa')).roles, ['infosec']);
  await shoot(page, 'settings-people');

  await row.getByTestId('person-disable').click();
  await row.getByTestId('person-status').filter({ hasText: 'disabled' }).waitFor();
  assert.equal((await s.vigil.identity.findUser('rosa')).isDisabled, true);
  const refused = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'rosa', password: 'correct-horse-battery' },
  });
  assert.equal(refused.statusCode, 401, 'a disabled person cannot sign in');
  await row.getByTestId('person-enable').click();
  await row.getByTestId('person-status').filter({ hasText: 'active' }).waitFor();
  assert.equal((await s.vigil.identity.findUser('rosa')).isDisabled, false);
  assert.deepEqual(errors, []);
});

test('API keys: an ingest key limited to one model (secret shown once, working only for it), rotated with grace, revoked', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/settings/keys`);
  await page.getByTestId('keys-page').waitFor();
  await page.getByTestId('new-key').click();
  await page.getByTestId('key-name').fill('fraud-scorer-prod');
  await page.getByTestId('key-scope').selectOption('ingest');
  await page.getByTestId('key-models').fill('fraud-scorer');
  await page.getByTestId('key-expires-days').fill('30');
  await page.getByTestId('key-save').click();
  const secret = (await page.getByTestId('key-secret').innerText()).trim();
  const stored = (await s.vigil.identity.listKeys()).find((k) => k.name === 'fraud-scorer-prod')!;
  assert.deepEqual([stored.scope, stored.models], ['ingest', ['fraud-scorer']]);
  const days = (Date.parse(stored.expiresAt!) - Date.now()) / 86_400_000;
  assert.ok(days > 29.9 && days <= 30, `expires in 30 days, not ${days}`);
  assert.equal(await ingest(secret, 'fraud-scorer'), 200, 'the secret shown works for its model');
  assert.equal(await ingest(secret, 'other-model'), 'model refused', 'and only for it');
  await shoot(page, 'settings-keys-secret');

  await page.getByTestId('key-secret-done').click();
  await page.reload();
  await page.getByTestId('keys-table').waitFor();
  assert.equal(await page.getByTestId('key-secret').count(), 0, 'the secret is not shown again');
  assert.ok(!(await page.content()).includes(secret));
  const row = page.locator(`[data-testid="key-row"][data-key-id="${stored.id}"]`);
  assert.match(await row.getByTestId('key-last-used').innerText(), /from (127\.0\.0\.1|::ffff:127\.0\.0\.1)/);
  assert.match(await row.getByTestId('key-scope-cell').innerText(), /ingest\s+models: fraud-scorer/);

  await row.getByTestId('key-rotate').click();
  await page.getByTestId('rotate-grace').selectOption('60');
  await page.getByTestId('rotate-confirm').click();
  const rotated = (await page.getByTestId('key-secret').innerText()).trim();
  assert.notEqual(rotated, secret);
  const keys = await s.vigil.identity.listKeys();
  const successor = keys.find((k) => k.rotatedFrom === stored.id)!;
  const old = keys.find((k) => k.id === stored.id)!;
  const graceMin = (Date.parse(old.expiresAt!) - Date.now()) / 60_000;
  assert.ok(graceMin > 58 && graceMin <= 60, `the old key ends in an hour, not ${graceMin} min`);
  assert.deepEqual(successor.models, ['fraud-scorer']);
  assert.equal(await ingest(rotated, 'fraud-scorer'), 200, 'the new secret works');
  assert.equal(await ingest(secret, 'fraud-scorer'), 200, 'the old one still works during the grace');
  await page.getByTestId('key-secret-done').click();
  await row.getByTestId('key-status').filter({ hasText: 'active until' }).waitFor();

  const newRow = page.locator(`[data-testid="key-row"][data-key-id="${successor.id}"]`);
  await newRow.getByTestId('key-revoke').click();
  await page.getByTestId('keys-notice').filter({ hasText: 'revoked' }).waitFor();
  assert.notEqual((await s.vigil.identity.listKeys()).find((k) => k.id === successor.id)!.revokedAt, null);
  assert.equal(await ingest(rotated, 'fraud-scorer'), 401, 'a revoked key is refused');
  await page.getByLabel('Show revoked and expired keys').check();
  await newRow.getByTestId('key-status').filter({ hasText: 'revoked' }).waitFor();
  await shoot(page, 'settings-keys');
  assert.deepEqual(errors, []);
});

test('Audit trail: filtered by action and actor, before/after shown, the chain verified, every entry downloaded', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/settings/audit`);
  await page.getByTestId('audit-table').waitFor();
  const newest = (await s.vigil.audit.list({ limit: 200 })).map((e) => e.seq);
  await rowsShown(page, newest);

  const updated = await s.vigil.audit.list({ action: 'user.updated', limit: 200 });
  assert.ok(updated.length >= 2, 'the role change and the enabling');
  await page.getByTestId('audit-action').fill('user.updated');
  await page.getByTestId('audit-apply').click();
  await rowsShown(
    page,
    updated.map((e) => e.seq),
  );
  const change = page.getByTestId('audit-change').last();
  await change.locator('summary').click();
  assert.match(await change.innerText(), /before[\s\S]*"devops"[\s\S]*after[\s\S]*"infosec"/);

  const byKey = await s.vigil.audit.list({ actor: 'key:VIGIL_ADMIN_KEY', action: 'key.created', limit: 200 });
  assert.ok(byKey.length >= 1);
  await page.getByTestId('audit-action').fill('key.created');
  await page.getByTestId('audit-actor').fill('key:VIGIL_ADMIN_KEY');
  await page.getByTestId('audit-apply').click();
  await rowsShown(
    page,
    byKey.map((e) => e.seq),
  );

  await page.getByTestId('audit-verify').click();
  const verdict = await s.vigil.audit.verify();
  assert.equal(verdict.isIntact, true);
  await page
    .getByTestId('audit-verdict')
    .filter({ hasText: `Chain intact: ${verdict.checked} entries checked` })
    .waitFor();
  await shoot(page, 'settings-audit');

  const download = page.waitForEvent('download');
  await page.getByTestId('audit-download').click();
  const lines = readFileSync((await (await download).path())!, 'utf8')
    .trim()
    .split('\n');
  const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
  assert.deepEqual(
    seqs.slice(0, verdict.checked),
    Array.from({ length: verdict.checked }, (_, i) => i + 1),
    'every entry, oldest first',
  );
  assert.deepEqual(errors, []);
});

test('the nav shows Settings only to roles that may open a section, and only those sections', async () => {
  const viewer = await addTestUser(s, { roles: ['viewer'] });
  const infosec = await addTestUser(s, { roles: ['infosec'] });
  for (const [who, expected] of [
    [viewer, []],
    [infosec, ['Audit trail']],
  ] as const) {
    const b = await launchTestBrowser({ width: 1440, height: 900 });
    try {
      await signInBrowser(b.page, s.url!, who);
      await b.page.goto(`${s.url}/`);
      await b.page.getByTestId('whoami').waitFor();
      assert.equal(await b.page.getByRole('link', { name: 'Settings' }).count(), expected.length ? 1 : 0);
      await b.page.goto(`${s.url}/settings/people`);
      await b.page.getByTestId('settings-forbidden').waitFor();
      const sub = b.page.getByRole('navigation', { name: 'Settings' }).getByRole('link');
      assert.deepEqual(await sub.allInnerTexts(), expected);
    } finally {
      await b.close();
    }
  }
});
