// Runs the *.test.ts files under packages/, scripts/ and bench/ with Node's own test runner (TypeScript through
// tsx), as many files at once as the machine has CPUs. Node 20's --test takes no globs, so the files are listed
// here. Output ends with Node's "# pass N / # fail N".
//
//   node scripts/run-tests.js                   every test (npm test runs this after typecheck and lint)
//   node scripts/run-tests.js --unit            pure unit tests beside the code (packages/*/src): seconds
//   node scripts/run-tests.js --browser         the dashboard in real Chromium (packages/server/test/browser)
//   node scripts/run-tests.js alerting cost     files whose path contains any of the words (with or without a flag)
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureWebBuilt } from './ensure-web-built.mjs';

const SUITES = {
  unit: (f) => /^packages\/[^/]+\/src\//.test(f),
  browser: (f) => f.includes('/test/browser/'),
};

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

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2));
const unknown = flags.filter((f) => !(f in SUITES));
if (unknown.length) {
  process.stderr.write(`run-tests: unknown option --${unknown[0]}; use --unit or --browser\n`);
  process.exit(2);
}
const words = args.filter((a) => !a.startsWith('--'));
const selected = files
  .map((f) => f.split('\\').join('/'))
  .filter((f) => flags.length === 0 || flags.some((s) => SUITES[s](f)))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)));
if (selected.length === 0) {
  process.stderr.write(`run-tests: no test file matches ${args.join(' ')}\n`);
  process.exit(1);
}
// The browser tests share one build of the dashboard, made here before any of them starts.
if (selected.some((f) => SUITES.browser(f))) ensureWebBuilt();
const result = spawnSync(
  process.execPath,
  [
    // Workspace packages resolve to their TypeScript sources (the "vigil-source" export condition), not to a
    // build in dist/ that may be older than them.
    '--conditions=vigil-source',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${availableParallelism()}`,
    '--test-timeout=240000',
    ...selected.sort(),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
