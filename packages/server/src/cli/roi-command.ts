/**
 * `vigil roi --input FILE [--json]`: the deck's ROI model over a YAML or JSON file, with the arithmetic
 * shown and every stated figure that does not follow from the inputs flagged (docs/governance.md).
 * Exit 0 when computed (discrepancies are findings, not failures), 2 on a usage error or invalid input.
 *
 * @example
 *   npx vigil roi --input roi.yaml
 *   npx vigil roi --input roi.json --json
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
// The ROI calculator alone (not the governance barrel, which reaches the server's services): the published CLI
// bundle (packages/cli) stays small and dependency-free.
import { calculateRoi, parseRoiInput, RoiInputError, type RoiResult } from '../governance/roi/index.js';

const HELP = `Usage: vigil roi --input FILE [--json]

Computes year-1 cost, annual benefit, net benefit, ROI % and payback months from a YAML or JSON file,
shows each step, and flags stated figures ("stated:") that do not follow from the inputs.
See docs/governance.md for the input format.

Exit status: 0 computed, 2 usage error or invalid input (the message names the field).
`;

function usd(n: number): string {
  return `${n < 0 ? '−' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function renderText(results: RoiResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`ROI — ${r.name}`);
    for (const s of r.steps) out.push(`  ${s.label}: ${s.formula}`, `      = ${s.values}`, `      = ${s.result}`);
    out.push(
      `  Year-1 cost ${usd(r.yearOneCost)} · annual benefit ${usd(r.annualBenefit)} · net ${usd(r.netBenefit)} · ROI ${r.roiPercent.toFixed(2)} % · payback ${
        r.paybackMonths === null ? 'never' : `${r.paybackMonths.toFixed(2)} months`
      }`,
    );
    for (const c of r.checks)
      if (c.isConsistent) out.push(`  OK    stated ${c.figure} ${c.stated} follows from the inputs`);
    for (const d of r.discrepancies) out.push(`  FLAG  ${d.message}`);
    out.push('');
  }
  return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  let values: { input?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { input: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`vigil roi: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.input) {
    process.stderr.write(`vigil roi: --input FILE is required\n${HELP}`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(values.input, 'utf8'));
  } catch (err) {
    process.stderr.write(`vigil roi: ${values.input}: ${(err as Error).message}\n`);
    return 2;
  }
  let results: RoiResult[];
  try {
    results = parseRoiInput(raw).map(calculateRoi);
  } catch (err) {
    if (err instanceof RoiInputError) {
      process.stderr.write(`vigil roi: ${values.input}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  process.stdout.write(values.json ? `${JSON.stringify({ scenarios: results }, null, 2)}\n` : renderText(results));
  return 0;
}
