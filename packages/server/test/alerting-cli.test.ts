import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/rules-command.js';
import { startTestServer } from './helpers/test-server.js';

const yaml = (value: number, extra = '') => `rules:
  - id: p95-high
    name: p95 high
    kind: threshold
    area: API Performance
    severity: critical
    runbook: https://runbooks.example/p95
    metric: latency.p95
    comparator: ">"
    value: ${value}
  - id: silent-model
    name: model stopped reporting
    kind: absence
    area: Infrastructure
    severity: error
    runbook: check the pods
    window: 15m
${extra}`;

test('vigil rules apply: dry run prints the diff, apply is idempotent, a removed rule is deleted, bad files exit 2', async (t) => {
  const s = await startTestServer({ listen: true, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  t.after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'alerts.yaml');
  const apply = async (...flags: string[]) => {
    let out = '';
    let err = '';
    const code = await run(
      ['apply', file, '--server', s.url, '--api-key', s.adminKey, ...flags],
      {},
      { out: (x) => (out += x), err: (x) => (err += x) },
    );
    return { code, out, err };
  };
  writeFileSync(file, yaml(800));
  const dry = await apply('--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.equal(
    dry.out,
    '+ create p95-high\n+ create silent-model\nDry run: 2 to create, 0 to update, 0 to delete, 0 unchanged. Nothing was written.\n',
  );
  assert.equal((await s.vigil.store.alerting.listRules()).length, 0);
  assert.match((await apply()).out, /Applied: 2 created, 0 updated, 0 deleted, 0 unchanged\./);
  assert.equal((await apply()).out, 'No changes: 2 rules already up to date.\n');

  writeFileSync(file, yaml(900).split('  - id: silent-model')[0]!);
  const diff = await apply('--dry-run');
  assert.equal(
    diff.out,
    '~ update p95-high\n      value: 800 → 900\n- delete silent-model\nDry run: 0 to create, 1 to update, 1 to delete, 0 unchanged. Nothing was written.\n',
  );
  await apply();
  assert.deepEqual(
    (await s.vigil.store.alerting.listRules()).map((r) => [r.rule.id, r.version, r.source]),
    [['p95-high', 2, 'yaml']],
  );

  writeFileSync(file, yaml(800, '  - id: p95-high\n    kind: threshold\n'));
  const bad = await apply();
  assert.equal(bad.code, 2);
  assert.match(bad.err, /\/rules\/2/);
  const wrongKey = await run(
    ['apply', file.replace('alerts', 'none'), '--server', s.url, '--api-key', 'x'],
    {},
    { out: () => {}, err: () => {} },
  );
  assert.equal(wrongKey, 2);
  writeFileSync(file, yaml(800));
  let err = '';
  assert.equal(
    await run(
      ['apply', file, '--server', s.url, '--api-key', 'not-a-key'],
      {},
      { out: () => {}, err: (x) => (err += x) },
    ),
    1,
  );
  assert.match(err, /401/);
});
