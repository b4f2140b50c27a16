// Runs the *.test.ts files under packages/, scripts/ and bench/ with Node's own test runner (TypeScript through
// tsx), as many files at once as the machine has CPUs. Node 20's --test takes no globs, so the files are listed
// here. Output ends with Node's "# pass N / # fail N".
//
// A file whose text contains the line `// vigil-test: serial` measures wall-clock responsiveness (an event loop
// that must answer within a bound): such files run after the others, one at a time, so the other test files'
// CPU does not stand in for a blocked event loop. The totals of both phases are printed at the end.
//
//   node scripts/run-tests.js                   every test (npm test runs this after typecheck and lint)
//   node scripts/run-tests.js --unit            pure unit tests beside the code (packages/*/src): seconds
//   node scripts/run-tests.js --browser         the dashboard in real Chromium (packages/server/test/browser)
//   node scripts/run-tests.js alerting cost     files whose path contains any of the words (with or without a flag)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
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
const isSerial = (f) => /^\/\/ vigil-test: serial$/m.test(readFileSync(f, 'utf8'));
const serial = selected.filter(isSerial);
const parallel = selected.filter((f) => !serial.includes(f));

/** Runs Node's test runner over `list`, passing its output through; resolves to its exit code and counts. */
function runNodeTests(list, concurrency) {
  return new Promise((resolve) => {
    const counts = { pass: 0, fail: 0, cancelled: 0 };
    const child = spawn(
      process.execPath,
      [
        // Workspace packages resolve to their TypeScript sources (the "vigil-source" export condition), not to a
        // build in dist/ that may be older than them.
        '--conditions=vigil-source',
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        // A file's whole run, not one test: the browser journeys (a demo, an incident, seven journeys at two
        // widths) take ~3 minutes on a quiet 2-core machine and twice that while other files compete for it.
        '--test-timeout=420000',
        ...list.sort(),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (tail + chunk.toString('utf8')).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^# (pass|fail|cancelled) (\d+)$/.exec(line);
        if (m) counts[m[1]] = Number(m[2]);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, counts }));
  });
}

const phases = [];
if (parallel.length) phases.push(await runNodeTests(parallel, availableParallelism()));
if (serial.length) phases.push(await runNodeTests(serial, 1));
if (phases.length > 1) {
  const pass = phases.reduce((n, p) => n + p.counts.pass, 0);
  // A test file that times out is "cancelled", not "failed", in Node's counts: it is a failure here.
  const fail = phases.reduce((n, p) => n + p.counts.fail + p.counts.cancelled, 0);
  process.stdout.write(`# all tests: pass ${pass}, fail ${fail}\n`);
}
process.exit(phases.every((p) => p.code === 0) ? 0 : 1);
