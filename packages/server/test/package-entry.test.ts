import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the package entry (exports ".") resolves and builds a server that answers', async (t) => {
  const { buildApp, loadConfig } = await import('@vigil/server');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-entry-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { app } = await buildApp(
    loadConfig({ VIGIL_DATA_DIR: dir, VIGIL_ADMIN_KEY: 'entry-test-key-0123456789', VIGIL_LOG_LEVEL: 'silent' }),
  );
  t.after(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200, res.body);
});
