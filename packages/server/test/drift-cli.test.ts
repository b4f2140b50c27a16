// End-to-end tests of `vigil drift` and `vigil check`: the real bin on temporary files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './helpers/seeded-random.js';

const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), `vigil-drift-cli-${Math.random().toString(36).slice(2)}-`));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function vigil(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Deterministic pseudo-random rows: numbers `shift` apart, categories from `cats`. */
function csv(rows: number, shift: number, cats: string[], seed: number): string {
  const rnd = seededRandom(seed);
  const lines = ['age,score,plan,"note, free"'];
  for (let i = 0; i < rows; i++) {
    const age = Math.floor(20 + rnd() * 40 + shift * 10);
    const score = (rnd() + rnd() + rnd() + shift).toFixed(4);
    const plan = cats[Math.floor(rnd() * cats.length)];
    lines.push(`${age},${score},${plan},"said ""hi"", ok"`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Minimal XML well-formedness check: one root, balanced tags, quoted attributes, known entities. */
function assertWellFormedXml(xml: string): void {
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body))) {
    if (m[6]) assert.fail(`stray "<" at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      assert.doesNotMatch(m[5].replace(/&(lt|gt|amp|quot|apos);/g, ''), /&/, 'unescaped &');
      if (!stack.length) assert.match(m[5], /^\s*$/, 'text outside the root');
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}>`);
    else if (!selfClose) {
      if (!stack.length) roots++;
      stack.push(name);
    } else if (!stack.length) roots++;
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.equal(roots, 1);
}

test('no drift: exit 0 and the documented JSON shape', () => {
  const ref = file('ref-same.csv', csv(400, 0, ['basic', 'pro', 'team'], 1));
  const cur = file('cur-same.csv', csv(300, 0, ['basic', 'pro', 'team'], 2));
  const r = vigil('drift', '--reference', ref, '--current', cur, '--json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['columns', 'driftedShare', 'datasetDrift']);
  assert.deepEqual(
    report.columns.map((c: { name: string }) => c.name),
    ['age', 'score', 'plan', 'note, free'],
  );
  for (const c of report.columns) {
    assert.deepEqual(Object.keys(c), ['name', 'kind', 'method', 'statistic', 'pValue', 'threshold', 'drifted']);
  }
  const byName = Object.fromEntries(report.columns.map((c: { name: string }) => [c.name, c]));
  assert.equal(byName.age.kind, 'numerical');
  assert.equal(byName.age.method, 'ks');
  assert.equal(byName.plan.kind, 'categorical');
  assert.equal(byName.plan.method, 'chisquare');
  assert.equal(byName['note, free'].statistic, 0, 'quoted field with "" escapes and a comma is one category');
  assert.equal(report.datasetDrift, false);
});

test('drift: exit 1, readable table, JUnit XML and an offline HTML report', () => {
  const ref = file('ref.csv', csv(2000, 0, ['basic', 'pro', 'team'], 3));
  const cur = file('cur.csv', csv(1500, 1, ['basic', 'pro', 'team', 'enterprise'], 4));
  const junit = join(dir, 'drift.xml');
  const html = join(dir, 'drift.html');
  const r = vigil('drift', '--reference', ref, '--current', cur, '--junit', junit, '--html', html);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^column\s+kind\s+method/);
  assert.match(r.stdout, /age\s+numerical\s+wasserstein/);
  assert.match(r.stdout, /Dataset drift: 3 of 4 columns drifted/);
  const xml = readFileSync(junit, 'utf8');
  assertWellFormedXml(xml);
  assert.match(xml, /<testsuites name="vigil drift" tests="4" failures="3"/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
  assert.match(
    xml,
    /<testcase classname="vigil.drift" name="age" time="0">\s*<failure message="drift in &quot;age&quot;/,
  );
  const page = readFileSync(html, 'utf8');
  assert.match(page, /^<!doctype html>/);
  assert.equal((page.match(/<svg /g) ?? []).length, 4);
  assert.doesNotMatch(page, /https?:\/\//, 'no external URLs');
  assert.doesNotMatch(page, /<script|<link /);
});

test('JSON Lines input, --columns, --method and thresholds', () => {
  const rows = (shift: number) =>
    Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ latency: ((i * 37) % 100) + shift, model: i % 3 ? 'a' : 'b', extra: null }),
    ).join('\n');
  const ref = file('ref.jsonl', `${rows(0)}\n`);
  const cur = file('cur.ndjson', `${rows(5)}\n\n`);
  const r = vigil(
    'drift',
    '--reference',
    ref,
    '--current',
    cur,
    '--columns',
    'latency,model,extra',
    '--method',
    'psi',
    '--json',
  );
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.columns[0].method, 'psi');
  assert.equal(report.columns[0].kind, 'numerical');
  assert.equal(report.columns[1].statistic, 0);
  assert.equal(report.columns[2].statistic, null, 'all-missing column has no statistic');
  const strict = vigil(
    'drift',
    '--reference',
    ref,
    '--current',
    cur,
    '--columns',
    'latency',
    '--method',
    'psi',
    '--column-threshold',
    'latency=0.001',
    '--json',
  );
  assert.equal(strict.code, 1, strict.stderr);
  assert.equal(JSON.parse(strict.stdout).columns[0].threshold, 0.001);
});

test('a column numerical in one file and not in the other is compared as categorical in both', () => {
  const ref = file('mixed-ref.csv', 'a,b\n1,x\n2.50,y\n3,x\n');
  const cur = file('mixed-cur.csv', 'a,b\n1,x\nhello,y\n3,x\n');
  const r = vigil('drift', '--reference', ref, '--current', cur, '--json', '--method', 'hellinger');
  const a = JSON.parse(r.stdout).columns[0];
  assert.equal(a.kind, 'categorical');
  // Bins "1", "2.50", "3", "hello": the text "2.50" is kept as written, not re-printed as 2.5.
  assert.ok(Math.abs(a.statistic - Math.sqrt(2 * (1 / 3)) / Math.SQRT2) < 1e-12, String(a.statistic));
});

test('bad input: exit 2 with messages naming the file, line and column', () => {
  const ref = file('good.csv', 'a,b,c\n1,x,2\n2,y,3\n');
  const short = file('short.csv', 'a,b,c\n1,x,2\n"multi\nline",y,3\n3,z\n');
  let r = vigil('drift', '--reference', ref, '--current', short);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /short\.csv:5: column 3 \("c"\): missing/, 'line counts the newline inside quotes');

  const long = file('long.csv', 'a,b,c\n1,x,2,9\n');
  r = vigil('drift', '--reference', ref, '--current', long);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /long\.csv:2: column 4: unexpected extra field/);

  const quote = file('quote.csv', 'a,b,c\n1,"x"y,2\n');
  r = vigil('drift', '--reference', ref, '--current', quote);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /quote\.csv:2: column 2 \("b"\): unexpected character after a closing quote/);

  r = vigil('drift', '--reference', ref, '--current', join(dir, 'missing.csv'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.csv: cannot read \(no such file\)/);

  r = vigil('drift', '--reference', ref, '--current', ref, '--columns', 'a,nope');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /good\.csv: unknown column "nope" \(columns are: a, b, c\)/);

  const other = file('other.csv', 'a,b\n1,x\n');
  r = vigil('drift', '--reference', ref, '--current', other);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /other\.csv: unknown column "c"/);

  const badJson = file('bad.jsonl', '{"a": 1}\n{"a": 2,}\n');
  r = vigil('drift', '--reference', badJson, '--current', badJson);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.jsonl:2:\d+: invalid JSON/);

  r = vigil('drift', '--reference', ref, '--current', ref, '--method', 'magic');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--method: unknown method "magic"/);

  r = vigil('drift', '--current', ref);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--reference FILE is required/);
});

test('vigil check: drift, missing-rate and performance checks with JUnit; exit 0/1/2', () => {
  file('c-ref.csv', csv(300, 0, ['basic', 'pro'], 5));
  file('c-cur.csv', csv(300, 2, ['basic', 'pro'], 6));
  file('preds.csv', 'prediction,label,y,y_hat\n1,1,3,2.5\n0,1,4,4\n1,0,5,6\n1,1,,1\n0,0,2,2\n');
  const passing = file(
    'pass.yaml',
    `checks:
  - name: same data
    type: drift
    reference: c-ref.csv
    current: c-ref.csv
  - name: complete labels
    type: missing_rate
    file: preds.csv
    columns: [label, prediction]
    max: 0
  - name: accuracy
    type: performance
    file: preds.csv
    prediction: prediction
    label: label
    metric: accuracy
    min: 0.6
  - name: f1
    type: performance
    file: preds.csv
    prediction: prediction
    label: label
    metric: f1
    min: 0.66
  - name: mae
    type: performance
    file: preds.csv
    prediction: y_hat
    label: y
    metric: mae
    max: 0.5
`,
  );
  const junit = join(dir, 'check.xml');
  let r = vigil('check', '--suite', passing, '--junit', junit);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /5 of 5 checks passed/);
  assertWellFormedXml(readFileSync(junit, 'utf8'));

  const failing = file(
    'fail.yaml',
    `checks:
  - name: shifted data
    type: drift
    reference: c-ref.csv
    current: c-cur.csv
    max_drifted_share: 0.25
  - name: rmse
    type: performance
    file: preds.csv
    prediction: y_hat
    label: y
    metric: rmse
    max: 0.1
`,
  );
  r = vigil('check', '--suite', failing, '--junit', junit);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /FAIL {2}shifted data/);
  const xml = readFileSync(junit, 'utf8');
  assertWellFormedXml(xml);
  assert.match(xml, /tests="2" failures="2"/);

  const bad = file('bad.yaml', 'checks:\n  - name: typo\n    type: drift\n    referense: c-ref.csv\n');
  r = vigil('check', '--suite', bad);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.yaml: checks\[0\] \("typo"\): unknown key "referense"/);

  const badMetric = file(
    'metric.yaml',
    'checks:\n  - type: performance\n    file: preds.csv\n    prediction: prediction\n    label: label\n    metric: auc\n    min: 1\n',
  );
  r = vigil('check', '--suite', badMetric);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown metric "auc"/);
});

test('vigil check writes its JUnit report when the suite cannot run (exit 2): one failed test case saying why', () => {
  const junit = join(dir, 'reports', 'check-exit2.xml');
  const r = vigil('check', '--suite', join(dir, 'no-such-suite.yaml'), '--junit', junit);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const xml = readFileSync(junit, 'utf8');
  assertWellFormedXml(xml);
  assert.match(xml, /<testsuites[^>]*\bfailures="1"/);
  assert.match(xml, /<testcase [^>]*name="[^"]*"/);
  assert.match(xml, /<failure[^>]*message="[^"]*no-such-suite\.yaml/);
});
