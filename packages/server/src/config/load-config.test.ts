import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './index.js';

test('defaults, then environment, then flags', () => {
  assert.equal(loadConfig({}).port, 8080);
  assert.equal(loadConfig({}).host, '127.0.0.1');
  assert.equal(loadConfig({}).dataDir, './data');
  assert.equal(loadConfig({ VIGIL_PORT: '9000' }).port, 9000);
  assert.equal(loadConfig({ VIGIL_PORT: '9000' }, { port: '9001' }).port, 9001);
  assert.ok(Object.isFrozen(loadConfig({})));
});

test('every bad setting is reported at once, naming where it came from', () => {
  try {
    loadConfig({ VIGIL_PORT: 'eighty', VIGIL_SYNC: 'sometimes' }, { host: '', logLevel: 'loud' } as never);
    assert.fail('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const text = err.message;
    assert.match(text, /VIGIL_PORT="eighty"/);
    assert.match(text, /VIGIL_SYNC="sometimes".*"normal" \| "full"/);
    assert.match(text, /--host=""/);
    assert.match(text, /--log-level="loud"/);
    assert.equal(err.problems.length, 4);
  }
});

test('the admin key must be long enough to be a secret', () => {
  assert.throws(() => loadConfig({ VIGIL_ADMIN_KEY: 'short' }), /VIGIL_ADMIN_KEY/);
});
