/**
 * `vigil gate --use-case ID [--server URL] [--api-key KEY] [--junit FILE] [--json]`: the CI/CD go-live gate.
 * The server and key default to VIGIL_URL and VIGIL_API_KEY, so CI secrets stay off the command line.
 * Reads the use case's intake checkpoints from a Vigil server and exits 0 only when it may go live (every
 * checkpoint green, CTO approval included); otherwise prints what is missing and exits 1. Exit 2 on a usage
 * error, an unreachable server, an unknown use case or a rejected key. The JUnit file has one test case
 * per checkpoint, for Jenkins, GitLab and Azure DevOps (docs/pipelines/), and is written on every exit code:
 * when the gate could not run, it holds one failed test case saying why.
 *
 * @example
 *   VIGIL_URL=https://vigil.internal VIGIL_API_KEY=… npx vigil gate --use-case drink-recs --junit reports/gate.xml
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckpointReport } from '@vigil/protocol';
import { escapeXml } from '../analysis/drift/junit-report.js';
import { junitPathOf, serverAccess, type CliEnv } from './cli-env.js';
import { writeErrorJunit } from './junit-error-report.js';

const HELP = `Usage: vigil gate --use-case ID [--server URL] [--api-key KEY] [--junit FILE] [--json] [--timeout SECONDS]

Go-live gate for an AI use case: passes only when every intake checkpoint is green and the CTO approved.
--server and --api-key default to the environment variables VIGIL_URL and VIGIL_API_KEY.
The --junit report is written on every exit code (a run that could not check is one failed test case).

Exit status: 0 may go live, 1 not ready (missing checkpoints printed), 2 usage, connection or server error.
`;

/** JUnit XML with one test case per checkpoint; a checkpoint not met is a failure listing what is missing. */
export function renderGateJunit(report: CheckpointReport): string {
  const failures = report.checkpoints.filter((c) => !c.isMet).length;
  const name = `vigil gate ${report.useCaseId}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${report.checkpoints.length}" failures="${failures}" errors="0" time="0">`,
    `  <testsuite name="${escapeXml(name)}" id="0" tests="${report.checkpoints.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="${escapeXml(report.evaluatedAt.replace(/Z$/, ''))}">`,
  ];
  for (const c of report.checkpoints) {
    const open = `    <testcase classname="vigil.gate.${escapeXml(c.phase)}" name="${escapeXml(`${c.key}: ${c.title}`)}" time="0">`;
    lines.push(open);
    if (!c.isMet)
      lines.push(
        `      <failure message="${escapeXml(c.missing.join('; ') || c.detail)}" type="checkpoint">${escapeXml(c.missing.map((m) => `- ${m}`).join('\n'))}</failure>`,
      );
    lines.push(`      <system-out>${escapeXml(`${c.kind}: ${c.detail}`)}</system-out>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

export async function run(argv: string[], env: CliEnv = {}): Promise<number> {
  let junit = junitPathOf(argv);
  let useCase = 'use case';
  // Every way out writes the JUnit report when one was asked for: a failed run is a failed test case.
  const fail = (message: string): number => {
    process.stderr.write(`vigil gate: ${message}\n`);
    if (junit && !writeErrorJunit(junit, `vigil gate ${useCase}`, 'vigil.gate', message.split('\n')[0]!))
      process.stderr.write(`vigil gate: --junit: cannot write ${junit}\n`);
    return 2;
  };
  let values: {
    'use-case'?: string;
    server?: string;
    'api-key'?: string;
    junit?: string;
    json?: boolean;
    timeout?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'use-case': { type: 'string' },
        server: { type: 'string' },
        'api-key': { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  junit = values.junit;
  useCase = values['use-case'] ?? useCase;
  const { server, apiKey } = serverAccess(values, env);
  const missing = [
    !values['use-case'] && '--use-case',
    !server && '--server (or VIGIL_URL)',
    !apiKey && '--api-key (or VIGIL_API_KEY)',
  ].filter(Boolean);
  if (missing.length) return fail(`${missing.join(', ')} required\n${HELP}`);
  const timeoutS = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!(timeoutS > 0)) return fail(`--timeout: "${values.timeout}" is not a positive number of seconds`);
  let base: URL;
  try {
    base = new URL(server!);
  } catch {
    return fail(`--server: "${server}" is not a URL (e.g. http://vigil:8080)`);
  }
  const url = new URL(
    `api/v1/use-cases/${encodeURIComponent(values['use-case']!)}/checkpoints`,
    base.href.endsWith('/') ? base : new URL(`${base.href}/`),
  );

  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutS * 1000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return fail(`cannot reach ${base.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 500);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // Not our error shape (a proxy's page): show the start of it.
    }
    return fail(`${res.status} from ${url.pathname}: ${message}`);
  }
  let report: CheckpointReport;
  try {
    report = JSON.parse(text) as CheckpointReport;
    if (!Array.isArray(report.checkpoints)) throw new Error('no checkpoints in the answer');
  } catch (err) {
    return fail(`unexpected answer from ${url.pathname}: ${(err as Error).message}`);
  }

  if (junit) {
    try {
      mkdirSync(dirname(junit), { recursive: true });
      writeFileSync(junit, renderGateJunit(report));
    } catch (err) {
      process.stderr.write(`vigil gate: --junit: cannot write ${junit}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const ready = report.isGoLiveReady;
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ useCaseId: report.useCaseId, stage: report.stage, isGoLiveReady: ready, checkpoints: report.checkpoints }, null, 2)}\n`,
    );
  else {
    const out = [
      `Use case ${report.useCaseId} (stage ${report.stage}): ${ready ? 'MAY GO LIVE' : 'NOT READY for go-live'}`,
    ];
    for (const c of report.checkpoints)
      out.push(
        `  ${c.isMet ? 'PASS' : 'FAIL'}  ${c.key}  ${c.title}${c.isMet ? '' : `\n          missing: ${c.missing.join('\n                   ')}`}`,
      );
    if (!report.isAlertingAvailable)
      out.push('  note: the server has no alerting store; alerting checkpoints cannot pass');
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return ready ? 0 : 1;
}
