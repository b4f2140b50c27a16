// Runs every *.test.ts under packages/ and scripts/ with Node's own test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are listed here. Output ends with Node's "# pass N / # fail N".
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureWebBuilt } from './ensure-web-built.mjs';

const roots = ['packages', 'scripts', 'bench'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) files.push(path);
  }
}
for (const root of roots) walk(root);
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((s) => f.includes(s))) : files;
// The browser tests share one build of the dashboard, made here before any of them starts.
if (selected.some((f) => f.includes('/browser/'))) ensureWebBuilt();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=240000', ...selected.sort()],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
