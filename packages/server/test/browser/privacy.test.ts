// Privacy → Personal data in a real Chromium against a real server: an InfoSec person edits the default policy
// (tries it on a sample text first) and adds a use case's policy; the table shows what the API stored; a viewer
// sees the policies without the edit buttons. The page runs under the Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { addTestUser, signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));

let s: TestServer;
let browser: TestBrowser;

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true });
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/use-cases',
    headers: s.auth,
    payload: {
      id: 'loan-assistant',
      name: 'Loan assistant',
      ownerTeam: 'Data Science',
      models: ['loan-chat'],
      endpoints: [],
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  browser.page.setDefaultTimeout(10_000);
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('InfoSec edits the default and a use case policy; a viewer reads them', async () => {
  const { page } = browser;
  await signInBrowser(page, s.url, await addTestUser(s, { roles: ['infosec'], displayName: 'Ines Sec' }));
  await page.goto(`${s.url}/privacy/personal-data`);
  await page.getByTestId('pii-policy-table').waitFor();
  assert.match(await page.locator('[data-use-case="default"]').innerText(), /Default \(built in\)[\s\S]*card: mask/);

  await page.locator('[data-use-case="default"]').getByTestId('pii-edit').click();
  await page.getByTestId('pii-action-email').selectOption('token');
  await page.getByTestId('pii-action-phone').selectOption('mask');
  await page.getByTestId('pii-try').click();
  await page.getByTestId('pii-preview').waitFor();
  assert.match(
    await page.getByTestId('pii-preview').innerText(),
    /2 found; stored as: Reach Ana at \[EMAIL\] or \(\*\*\*\) \*\*\*-\*\*23 from 203\.0\.113\.7\./,
  );
  await page.screenshot({ path: `${SHOTS}privacy-personal-data-editor.png`, fullPage: true });
  await page.getByTestId('pii-save').click();
  await page.getByTestId('pii-policy-editor').waitFor({ state: 'detached' });
  await page.waitForFunction(() =>
    document.querySelector('[data-use-case="default"]')?.textContent?.includes('email: token'),
  );

  await page.getByTestId('pii-add-use-case').selectOption('loan-assistant');
  await page.getByRole('button', { name: 'Add a policy for this use case' }).click();
  await page.getByTestId('pii-action-ssn').selectOption('drop');
  await page.getByTestId('pii-action-email').selectOption('hash');
  await page.getByTestId('pii-save').click();
  await page.locator('[data-use-case="loan-assistant"]').waitFor();
  const row = await page.locator('[data-use-case="loan-assistant"]').innerText();
  assert.match(
    row,
    /Loan assistant[\s\S]*loan-chat[\s\S]*email: hash, phone: mask, ssn: drop, card: mask[\s\S]*Ines Sec/,
  );
  await page.screenshot({ path: `${SHOTS}privacy-personal-data.png`, fullPage: true });

  const stored = (
    await s.vigil.app.inject({ method: 'GET', url: '/api/v1/privacy/pii-policies', headers: s.auth })
  ).json();
  assert.deepEqual(stored.useCases[0].policy.actions, { email: 'hash', phone: 'mask', ssn: 'drop', card: 'mask' });
  assert.deepEqual(browser.cspViolations, []);

  await page.context().clearCookies();
  await signInBrowser(page, s.url, await addTestUser(s, { roles: ['viewer'] }));
  await page.goto(`${s.url}/privacy/personal-data`);
  await page.locator('[data-use-case="loan-assistant"]').waitFor();
  assert.equal(await page.getByTestId('pii-edit').count(), 0);
  assert.match(await page.locator('.privacy-page').innerText(), /InfoSec and Admin change these policies/);
});
