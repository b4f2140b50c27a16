/**
 * `vigil check --suite tests.yaml [--junit FILE]`: runs a YAML suite of drift, data-quality (missing
 * rate) and performance checks over data files and reports each as a JUnit test case.
 * Exit 0 when every check passes, 1 when any fails, 2 when the suite or a file is invalid.
 *
 * @example
 *   npx vigil check --suite checks/release.yaml --junit reports/checks.xml
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  type ColumnOptions,
  DriftInputError,
  explainColumn,
  formatNumber,
  type JunitCase,
  renderJunit,
} from '../analysis/drift/index.js';
import { parseMethod, runDriftOnFiles, UsageError } from './drift-command.js';
import { readTabularFile, readTextColumns, TabularInputError } from './tabular-file-reader.js';
import { junitPathOf, type CliEnv } from './cli-env.js';
import { writeErrorJunit } from './junit-error-report.js';

const HELP = `Usage: vigil check --suite FILE [--junit FILE]

Runs the checks of a YAML suite (drift, missing_rate, performance) and prints PASS/FAIL per check.
Paths in the suite are relative to the suite file. See docs/drift.md for the format.

Exit status: 0 all checks pass, 1 a check failed, 2 invalid suite or data file.
The --junit report is written on every exit code (a suite that cannot run is one failed test case).
`;

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'mae', 'rmse'] as const;
type Metric = (typeof METRICS)[number];

interface CheckOutcome {
  passed: boolean;
  summary: string;
  details: string;
}

type Raw = Record<string, unknown>;

class SuiteError extends Error {}

/** Reads typed fields of one check and rejects unknown keys, naming the check in every message. */
class CheckFields {
  private readonly used = new Set<string>(['name', 'type']);
  constructor(
    private readonly raw: Raw,
    readonly where: string,
    private readonly baseDir: string,
  ) {}

  private take(key: string): unknown {
    this.used.add(key);
    return this.raw[key];
  }

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const v = this.take(key);
    if (v === undefined || v === null) {
      if (required) throw new SuiteError(`${this.where}: "${key}" is required`);
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new SuiteError(`${this.where}: "${key}" must be a string`);
    return String(v);
  }

  path(key: string): string {
    return resolve(this.baseDir, this.string(key, true));
  }

  number(key: string): number | undefined {
    const v = this.take(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new SuiteError(`${this.where}: "${key}" must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  columns(key: string): string[] | undefined {
    const v = this.take(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.length || v.some((c) => typeof c !== 'string'))
      throw new SuiteError(`${this.where}: "${key}" must be a non-empty list of column names`);
    return v as string[];
  }

  thresholds(key: string): Record<string, ColumnOptions> | undefined {
    const v = this.take(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v))
      throw new SuiteError(`${this.where}: "${key}" must map column names to numbers`);
    const out: Record<string, ColumnOptions> = {};
    for (const [k, t] of Object.entries(v as Raw)) {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
        throw new SuiteError(`${this.where}: ${key}.${k} must be a number >= 0`);
      out[k] = { threshold: t };
    }
    return out;
  }

  done(): void {
    const unknown = Object.keys(this.raw).filter((k) => !this.used.has(k));
    if (unknown.length)
      throw new SuiteError(
        `${this.where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`,
      );
  }
}

const ALLOWED_KEYS: Record<string, string[]> = {
  drift: ['name', 'type', 'reference', 'current', 'columns', 'method', 'threshold', 'thresholds', 'max_drifted_share'],
  missing_rate: ['name', 'type', 'file', 'columns', 'max'],
  performance: ['name', 'type', 'file', 'prediction', 'label', 'metric', 'positive_label', 'min', 'max'],
};

type PreparedCheck = { name: string; type: string; run: () => CheckOutcome };

function prepareDrift(f: CheckFields): () => CheckOutcome {
  const reference = f.path('reference');
  const current = f.path('current');
  const columns = f.columns('columns');
  const method = parseMethod(f.string('method'), `${f.where}: method`);
  const threshold = f.number('threshold');
  const perColumn = f.thresholds('thresholds');
  const maxShare = f.number('max_drifted_share');
  f.done();
  return () => {
    const { report } = runDriftOnFiles(reference, current, { columns, method, threshold, perColumn });
    const drifted = report.columns.filter((c) => c.drifted);
    const passed = maxShare === undefined ? !report.datasetDrift : report.driftedShare <= maxShare;
    const limit = maxShare === undefined ? 'dataset drift at >= 50%' : `max ${(maxShare * 100).toFixed(1)}%`;
    return {
      passed,
      summary: `${drifted.length} of ${report.columns.length} columns drifted (${(report.driftedShare * 100).toFixed(1)}%; ${limit})${drifted.length ? `: ${drifted.map((c) => c.name).join(', ')}` : ''}`,
      details: report.columns.map((c) => `${c.name}: ${c.drifted ? 'DRIFT' : 'ok'} (${explainColumn(c)})`).join('\n'),
    };
  };
}

function prepareMissingRate(f: CheckFields): () => CheckOutcome {
  const file = f.path('file');
  const columns = f.columns('columns');
  const max = f.number('max');
  if (max === undefined) throw new SuiteError(`${f.where}: "max" (largest allowed missing share, 0 to 1) is required`);
  f.done();
  return () => {
    const data = readTabularFile(file, { columns });
    const names = columns ?? data.header;
    const rates = names.map((n) => ({ name: n, rate: data.rowCount ? data.missing.get(n)! / data.rowCount : 0 }));
    const bad = rates.filter((r) => r.rate > max);
    return {
      passed: bad.length === 0,
      summary: bad.length
        ? `missing rate above ${max}: ${bad.map((r) => `${r.name} ${formatNumber(r.rate)}`).join(', ')}`
        : `every column at most ${max} missing (worst ${formatNumber(Math.max(0, ...rates.map((r) => r.rate)))})`,
      details: rates.map((r) => `${r.name}: ${formatNumber(r.rate)} missing of ${data.rowCount} rows`).join('\n'),
    };
  };
}

/** Classification and regression metrics over paired rows; deliberately minimal (analysis/performance has the full set). */
export function computeMetric(metric: Metric, predictions: string[], labels: string[], positive: string): number {
  const n = predictions.length;
  if (metric === 'mae' || metric === 'rmse') {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = Number(predictions[i]) - Number(labels[i]);
      s += metric === 'mae' ? Math.abs(d) : d * d;
    }
    return metric === 'mae' ? s / n : Math.sqrt(s / n);
  }
  if (metric === 'accuracy') {
    let hit = 0;
    for (let i = 0; i < n; i++) if (predictions[i] === labels[i]) hit++;
    return hit / n;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const p = predictions[i] === positive;
    const l = labels[i] === positive;
    if (p && l) tp++;
    else if (p) fp++;
    else if (l) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  if (metric === 'precision') return precision;
  if (metric === 'recall') return recall;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

function preparePerformance(f: CheckFields): () => CheckOutcome {
  const file = f.path('file');
  const prediction = f.string('prediction', true);
  const label = f.string('label', true);
  const metricText = f.string('metric', true);
  if (!(METRICS as readonly string[]).includes(metricText))
    throw new SuiteError(`${f.where}: unknown metric "${metricText}" (use ${METRICS.join(', ')})`);
  const metric = metricText as Metric;
  const positive = f.string('positive_label') ?? '1';
  const min = f.number('min');
  const max = f.number('max');
  if (min === undefined && max === undefined) throw new SuiteError(`${f.where}: give "min" and/or "max" for ${metric}`);
  f.done();
  return () => {
    const cols = readTextColumns(file, [prediction, label]);
    const preds: string[] = [];
    const labels: string[] = [];
    const p = cols.get(prediction)!;
    const l = cols.get(label)!;
    let skipped = 0;
    for (let i = 0; i < p.length; i++) {
      const a = p[i];
      const b = l[i];
      if (a === null || b === null) {
        skipped++;
        continue;
      }
      if (
        (metric === 'mae' || metric === 'rmse') &&
        (!Number.isFinite(Number(a)) || !Number.isFinite(Number(b)) || a.trim() === '' || b.trim() === '')
      ) {
        throw new TabularInputError(
          `${file}: data row ${i + 1}: ${metric} needs numbers, got prediction "${a}" and label "${b}"`,
        );
      }
      preds.push(a);
      labels.push(b);
    }
    if (!preds.length)
      return { passed: false, summary: `no rows with both "${prediction}" and "${label}"`, details: '' };
    const value = computeMetric(metric, preds, labels, positive);
    const passed = (min === undefined || value >= min) && (max === undefined || value <= max);
    const bounds = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : '']
      .filter(Boolean)
      .join(' and ');
    return {
      passed,
      summary: `${metric} ${formatNumber(value)} (required ${bounds}) over ${preds.length} rows${skipped ? `, ${skipped} with a missing value skipped` : ''}`,
      details: `${metric} = ${value}`,
    };
  };
}

/** Parses and validates a suite; every problem is a SuiteError naming the file and check. */
export function loadSuite(path: string): PreparedCheck[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SuiteError(
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new SuiteError(`${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const checks = (doc as Raw | null)?.checks;
  if (!Array.isArray(checks) || !checks.length)
    throw new SuiteError(`${path}: expected a top-level "checks:" list with at least one check`);
  const extra = Object.keys(doc as Raw).filter((k) => k !== 'checks' && k !== 'name');
  if (extra.length)
    throw new SuiteError(`${path}: unknown top-level key "${extra[0]}" (expected "checks", optional "name")`);
  const baseDir = dirname(resolve(path));
  const names = new Set<string>();
  return checks.map((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new SuiteError(`${path}: checks[${i}] must be a mapping`);
    const r = raw as Raw;
    const name = typeof r.name === 'string' && r.name.trim() ? r.name : `check ${i + 1}`;
    const where = `${path}: checks[${i}] ("${name}")`;
    if (names.has(name)) throw new SuiteError(`${where}: duplicate check name`);
    names.add(name);
    const allowed = ALLOWED_KEYS[String(r.type)];
    const unknown = allowed ? Object.keys(r).filter((k) => !allowed.includes(k)) : [];
    if (unknown.length)
      throw new SuiteError(
        `${where}: unknown key "${unknown[0]}" for a ${String(r.type)} check (allowed: ${allowed.join(', ')})`,
      );
    const f = new CheckFields(r, where, baseDir);
    switch (r.type) {
      case 'drift':
        return { name, type: 'drift', run: prepareDrift(f) };
      case 'missing_rate':
        return { name, type: 'missing_rate', run: prepareMissingRate(f) };
      case 'performance':
        return { name, type: 'performance', run: preparePerformance(f) };
      default:
        throw new SuiteError(
          `${where}: "type" must be drift, missing_rate or performance, got ${JSON.stringify(r.type)}`,
        );
    }
  });
}

export async function run(argv: string[], _env: CliEnv = {}): Promise<number> {
  // The report is written on every exit code: a suite that cannot run is one failed test case saying why.
  const failRun = (message: string): number => {
    process.stderr.write(`vigil check: ${message}\n`);
    const junit = junitPathOf(argv);
    if (junit && !writeErrorJunit(junit, 'vigil check', 'vigil.check', message.split('\n')[0]!))
      process.stderr.write(`vigil check: --junit: cannot write ${junit}\n`);
    return 2;
  };
  try {
    const { values } = parseArgs({
      args: argv,
      options: { suite: { type: 'string' }, junit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (!values.suite) throw new UsageError('--suite FILE is required');
    const checks = loadSuite(values.suite);
    const cases: JunitCase[] = [];
    let failed = 0;
    for (const c of checks) {
      const outcome = c.run();
      if (!outcome.passed) failed++;
      process.stdout.write(`${outcome.passed ? 'PASS' : 'FAIL'}  ${c.name}  (${c.type}) ${outcome.summary}\n`);
      cases.push({
        classname: `vigil.check.${c.type}`,
        name: c.name,
        output: [outcome.summary, outcome.details].filter(Boolean).join('\n'),
        failure: outcome.passed ? undefined : { message: `${c.name}: ${outcome.summary}`, details: outcome.details },
      });
    }
    process.stdout.write(`\n${checks.length - failed} of ${checks.length} checks passed.\n`);
    if (values.junit) {
      try {
        mkdirSync(dirname(resolve(values.junit)), { recursive: true });
        writeFileSync(values.junit, renderJunit('vigil check', [{ name: values.suite, cases }]));
      } catch (err) {
        throw new UsageError(`--junit ${values.junit}: cannot write (${(err as Error).message})`);
      }
    }
    return failed ? 1 : 0;
  } catch (err) {
    if (
      err instanceof SuiteError ||
      err instanceof TabularInputError ||
      err instanceof UsageError ||
      err instanceof DriftInputError
    )
      return failRun(err.message);
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      return failRun(`${(err as Error).message}\n${HELP}`);
    throw err;
  }
}
