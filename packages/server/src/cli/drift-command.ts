/**
 * `vigil drift`: compares a current data file with a reference file, column by column.
 * Exit 0 without dataset drift, 1 with it, 2 on bad input.
 *
 * @example
 *   npx vigil drift --reference ref.csv --current cur.csv --json
 *   npx vigil drift --reference ref.jsonl --current cur.jsonl --method psi --junit drift.xml --html drift.html
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  binCategorical,
  type BinnedPair,
  binNumerical,
  type ColumnOptions,
  computeColumnDrift,
  DRIFT_METHODS,
  DriftInputError,
  type DriftMethod,
  type DriftReport,
  explainColumn,
  formatNumber,
  type JunitCase,
  renderDriftHtml,
  renderJunit,
  summarizeDrift,
} from '../analysis/drift/index.js';
import { readFilePair, TabularInputError, type TabularFile } from './tabular-file-reader.js';

const HELP = `Usage: vigil drift --reference REF --current CUR [options]

Compares CUR with REF column by column (CSV with a header row, or JSON Lines: .csv, .jsonl, .ndjson).

Options:
  --reference FILE        reference data (required)
  --current FILE          current data (required)
  --columns a,b,c         columns to compare (default: every column of the reference)
  --method M              auto (default) | ks | wasserstein | psi | jensenshannon | kl | hellinger | chisquare
  --threshold N           drift threshold for every column (default depends on the method)
  --column-threshold C=N  threshold for one column (repeatable)
  --json                  print the report as JSON
  --junit FILE            write JUnit XML (one test case per column, failed when drifted)
  --html FILE             write a self-contained HTML report with histograms
  -h, --help              show this help

Exit status: 0 no dataset drift, 1 dataset drift (>= 50% of columns drifted), 2 bad input.
See docs/drift.md for the methods and thresholds.
`;

export class UsageError extends Error {}

/** Parses a threshold: a finite number >= 0. */
export function parseThreshold(text: string, what: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0)
    throw new UsageError(`${what}: "${text}" is not a number >= 0`);
  return v;
}

export function parseMethod(text: string | undefined, what: string): DriftMethod | undefined {
  if (text === undefined) return undefined;
  if (!(DRIFT_METHODS as readonly string[]).includes(text)) {
    throw new UsageError(`${what}: unknown method "${text}" (use ${DRIFT_METHODS.join(', ')})`);
  }
  return text as DriftMethod;
}

/** Runs drift on two files; shared by `vigil drift` and the drift checks of `vigil check`. */
export function runDriftOnFiles(
  referencePath: string,
  currentPath: string,
  options: { columns?: string[]; method?: DriftMethod; threshold?: number; perColumn?: Record<string, ColumnOptions> },
): { report: DriftReport; reference: TabularFile; current: TabularFile } {
  const { reference, current } = readFilePair(referencePath, currentPath, options.columns);
  const names = options.columns ?? reference.header;
  for (const name of Object.keys(options.perColumn ?? {})) {
    if (!names.includes(name))
      throw new UsageError(`threshold for unknown column "${name}" (columns: ${names.join(', ')})`);
  }
  // One column pair at a time: decimal columns are expanded to float64 only while they are tested.
  const columns = names.map((n) =>
    computeColumnDrift(reference.column(n), current.column(n), {
      method: options.perColumn?.[n]?.method ?? options.method,
      threshold: options.perColumn?.[n]?.threshold ?? options.threshold,
    }),
  );
  return { report: summarizeDrift(columns), reference, current };
}

export function reportToJson(report: DriftReport): object {
  const num = (x: number | null) => (x === null || Number.isNaN(x) ? null : x);
  return {
    columns: report.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      method: c.method,
      statistic: num(c.statistic),
      pValue: num(c.pValue),
      threshold: c.threshold,
      drifted: c.drifted,
    })),
    driftedShare: report.driftedShare,
    datasetDrift: report.datasetDrift,
  };
}

export function reportToJunitCases(report: DriftReport, classname: string): JunitCase[] {
  return report.columns.map((c) => ({
    classname,
    name: c.name,
    output: `${c.kind}; ${explainColumn(c)}`,
    failure: c.drifted ? { message: `drift in "${c.name}": ${explainColumn(c)}` } : undefined,
  }));
}

function renderTable(report: DriftReport): string {
  const head = ['column', 'kind', 'method', 'statistic', 'p-value', 'threshold', 'drift'];
  const rows = report.columns.map((c) => [
    c.name,
    c.kind,
    c.method,
    formatNumber(c.statistic),
    formatNumber(c.pValue),
    String(c.threshold),
    c.drifted ? 'DRIFT' : 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const drifted = report.columns.filter((c) => c.drifted).length;
  const verdict = report.datasetDrift ? 'Dataset drift' : 'No dataset drift';
  return [
    line(head),
    ...rows.map(line),
    '',
    `${verdict}: ${drifted} of ${report.columns.length} columns drifted (${(report.driftedShare * 100).toFixed(1)}%; dataset drifts at >= 50%).`,
    '',
  ].join('\n');
}

function binsForHtml(report: DriftReport, reference: TabularFile, current: TabularFile): Map<string, BinnedPair> {
  const bins = new Map<string, BinnedPair>();
  for (const c of report.columns) {
    const r = reference.column(c.name);
    const k = current.column(c.name);
    // Raw values come back sorted, as binNumerical expects.
    if ('values' in r && 'values' in k) bins.set(c.name, binNumerical(r.values, k.values));
    else if ('counts' in r && 'counts' in k) bins.set(c.name, binCategorical(r.counts, k.counts));
  }
  return bins;
}

function writeOutput(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`--${what} ${path}: cannot write (${(err as Error).message})`);
  }
}

export async function run(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        reference: { type: 'string' },
        current: { type: 'string' },
        columns: { type: 'string' },
        method: { type: 'string' },
        threshold: { type: 'string' },
        'column-threshold': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        junit: { type: 'string' },
        html: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (!values.reference) throw new UsageError('--reference FILE is required');
    if (!values.current) throw new UsageError('--current FILE is required');
    const columns = values.columns
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (values.columns !== undefined && !columns?.length)
      throw new UsageError('--columns: give at least one column name');
    const method = parseMethod(values.method, '--method');
    const threshold = values.threshold === undefined ? undefined : parseThreshold(values.threshold, '--threshold');
    const perColumn: Record<string, ColumnOptions> = {};
    for (const spec of values['column-threshold'] ?? []) {
      const eq = spec.lastIndexOf('=');
      if (eq <= 0) throw new UsageError(`--column-threshold: "${spec}" is not COLUMN=NUMBER`);
      perColumn[spec.slice(0, eq)] = {
        threshold: parseThreshold(spec.slice(eq + 1), `--column-threshold ${spec.slice(0, eq)}`),
      };
    }

    const { report, reference, current } = runDriftOnFiles(values.reference, values.current, {
      columns,
      method,
      threshold,
      perColumn,
    });

    if (values.json) process.stdout.write(`${JSON.stringify(reportToJson(report))}\n`);
    else process.stdout.write(renderTable(report));
    if (values.junit) {
      const suite = {
        name: `drift: ${values.current} vs ${values.reference}`,
        cases: reportToJunitCases(report, 'vigil.drift'),
      };
      writeOutput(values.junit, renderJunit('vigil drift', [suite]), 'junit');
    }
    if (values.html) {
      const html = renderDriftHtml(report, binsForHtml(report, reference, current), {
        reference: values.reference,
        current: values.current,
        generatedAt: new Date().toISOString(),
      });
      writeOutput(values.html, html, 'html');
    }
    return report.datasetDrift ? 1 : 0;
  } catch (err) {
    if (err instanceof TabularInputError || err instanceof UsageError || err instanceof DriftInputError) {
      process.stderr.write(`vigil drift: ${err.message}\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`vigil drift: ${(err as Error).message}\n${HELP}`);
      return 2;
    }
    throw err;
  }
}
