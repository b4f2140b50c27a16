import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';

// `npm ci` warns EBADENGINE for every locked package whose `engines.node` excludes the running Node. The project
// declares Node >= 20 (package.json), so every package in the lock must accept the oldest Node 20 we support.
test('every locked package accepts Node 20 (npm ci prints no EBADENGINE on the declared engine)', () => {
  const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  };
  assert.equal(root.engines.node, '>=20');
  const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
  };
  const refused: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const node = !Array.isArray(pkg.engines) ? pkg.engines?.node : undefined;
    if (!node || !path) continue;
    for (const version of ['20.19.0', process.versions.node])
      if (!semver.satisfies(version, node)) refused.push(`${path}@${pkg.version}: node ${node} (refuses ${version})`);
  }
  assert.deepEqual(refused, []);
});
