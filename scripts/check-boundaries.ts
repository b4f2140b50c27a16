/**
 * Lints what the import graph cannot show (STYLE.md), failing on any violation:
 * - SQL only inside storage/; process.env only in main.ts;
 * - no clock reads in analysis/ or in alert evaluation (time is passed in);
 * - the SDK and the protocol have no runtime dependencies outside themselves;
 * - packages/web takes its wire types from @vigil/protocol with `import type` only (erased at build, so TypeBox
 *   stays out of the bundle) and declares no copy of a type the protocol exports.
 * The import rules (stages in order, no cycles, pure analysis and alert evaluation, thin route files, one place
 * that chooses the storage backend, drivers only in storage/) are dependency-cruiser's: .dependency-cruiser.cjs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SERVER = join(ROOT, 'packages/server/src');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test(-support)?\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

interface Rule {
  name: string;
  applies: (rel: string) => boolean;
  forbidden: RegExp;
}

const SQL = /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b/;
const rules: Rule[] = [
  { name: 'SQL outside storage/', applies: (r) => !r.startsWith('storage/'), forbidden: SQL },
  { name: 'process.env outside main.ts', applies: (r) => r !== 'main.ts', forbidden: /process\.env/ },
  {
    name: 'clock read in analysis/',
    applies: (r) => r.startsWith('analysis/'),
    forbidden: /Date\.now\(\)|new Date\(\)/,
  },
  {
    name: 'clock read in alert evaluation',
    applies: (r) => /^(alerting\/(evaluation|rules|routing|slo)|incidents\/(escalation|digest))\//.test(r),
    forbidden: /Date\.now\(\)|new Date\(\)/,
  },
];

const problems: string[] = [];
for (const file of walk(SERVER)) {
  const rel = relative(SERVER, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const rule of rules) {
    if (!rule.applies(rel)) continue;
    lines.forEach((line, i) => {
      if (/^\s*(\*|\/\/)/.test(line)) return;
      if (rule.forbidden.test(line)) problems.push(`packages/server/src/${rel}:${i + 1}: ${rule.name}: ${line.trim()}`);
    });
  }
}
for (const pkg of ['sdk', 'protocol']) {
  const manifest = JSON.parse(readFileSync(join(ROOT, `packages/${pkg}/package.json`), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const deps = Object.keys(manifest.dependencies ?? {}).filter(
    (d) => !(pkg === 'protocol' && d === '@sinclair/typebox'),
  );
  if (deps.length) problems.push(`packages/${pkg}/package.json: runtime dependencies not allowed: ${deps.join(', ')}`);
}
const WEB = join(ROOT, 'packages/web/src');
const protocolNames = new Set<string>();
for (const file of walk(join(ROOT, 'packages/protocol/src'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/^export (?:const|type|interface) (\w+)/gm))
    protocolNames.add(m[1]!);
}
for (const file of walk(WEB)) {
  const rel = `packages/web/src/${relative(WEB, file)}`;
  const text = readFileSync(file, 'utf8');
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(
    /\b(?:import|export)\s+(?!type\b)[^;]*?from\s+['"](@vigil\/protocol|@sinclair\/typebox)['"]/g,
  ))
    problems.push(`${rel}:${lineOf(m.index)}: web imports ${m[1]} without \`import type\` (it would enter the bundle)`);
  for (const m of text.matchAll(/^\s*(?:export\s+)?(?:interface|type)\s+(\w+)/gm))
    if (protocolNames.has(m[1]!))
      problems.push(`${rel}:${lineOf(m.index)}: declares ${m[1]}, which @vigil/protocol exports: import that one`);
}
if (problems.length) {
  process.stderr.write(`Boundary violations (STYLE.md):\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('boundaries: ok\n');
