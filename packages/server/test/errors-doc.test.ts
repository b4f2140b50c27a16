import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '../src/errors/index.js';

test('docs/errors.md lists exactly the catalogue, with the same HTTP statuses', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `(VIGIL_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map(
    (m) => [m[1]!, Number(m[2])] as const,
  );
  const documented = new Map(rows);
  assert.equal(documented.size, rows.length, 'a code is documented twice');
  for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
    assert.equal(documented.get(code), status, `${code} is missing from docs/errors.md or has another status`);
  }
  for (const code of documented.keys())
    assert.ok(code in ERROR_CATALOGUE, `docs/errors.md lists ${code}, which the catalogue does not have`);
});
