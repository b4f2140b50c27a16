/**
 * `vigil rules apply FILE [--dry-run] --server URL --api-key KEY`: makes the server's file-managed alert
 * rules equal to a YAML file. Idempotent: applying the same file twice changes nothing and says so. Rules in
 * the file are created or updated; rules an earlier file created and this one no longer lists are deleted;
 * rules created through the API or UI are left alone. `--dry-run` prints the diff and writes nothing.
 * Exit 0 applied (or nothing to do), 1 the server refused or failed, 2 usage or an invalid file.
 *
 * @example
 *   npx vigil rules apply alerts/production.yaml --dry-run --server https://vigil.internal --api-key "$VIGIL_ADMIN_KEY"
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// The rule parser alone (not the alerting barrel, which reaches the server's services): the published CLI
// bundle (packages/cli) stays small and dependency-free.
import { parseRulesYaml } from '../alerting/rules/rule-parse.js';
import { serverAccess, type CliEnv } from './cli-env.js';

const HELP = `Usage: vigil rules apply FILE [--dry-run] --server URL --api-key KEY

Applies the alert rules of a YAML file (rules: [...]) to a Vigil server. Rules in the file are
created or updated; rules an earlier file applied and this one no longer lists are deleted; rules
made in the UI or API are never touched. Applying the same file twice changes nothing.

Options:
  --dry-run        print what would change (create / update / delete / unchanged) and write nothing
  --server URL     the Vigil server, e.g. http://127.0.0.1:8080 (default: VIGIL_URL)
  --api-key KEY    an admin API key (default: VIGIL_API_KEY)
  --json           print the server's answer as JSON

Exit status: 0 applied or nothing to do, 1 the server refused, 2 usage or invalid file.
`;

interface RuleChange {
  id: string;
  change: 'create' | 'update' | 'delete' | 'unchanged';
  fields?: Array<{ field: string; before: unknown; after: unknown }>;
}

export async function run(
  argv: string[],
  env: CliEnv = {},
  io: { out?: (s: string) => void; err?: (s: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((s: string) => process.stdout.write(s));
  const err = io.err ?? ((s: string) => process.stderr.write(s));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        server: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`vigil rules: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(HELP);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'apply' || !file || extra.length) {
    err(`vigil rules: expected "apply FILE"\n\n${HELP}`);
    return 2;
  }
  const access = serverAccess(values, env);
  values.server = access.server;
  values['api-key'] = access.apiKey;
  if (!values.server || !values['api-key']) {
    err(`vigil rules apply: --server and --api-key (or VIGIL_URL and VIGIL_API_KEY) are required\n\n${HELP}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`vigil rules apply: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const v = parseRulesYaml(text);
  if (!v.ok) {
    err(`${file}: invalid rule file\n${v.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
    return 2;
  }
  const url = `${values.server.replace(/\/+$/, '')}/api/v1/alerts/rules/apply`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${values['api-key']}` },
      body: JSON.stringify({ rules: v.rules, dryRun: values['dry-run'] === true }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (e) {
    err(`vigil rules apply: cannot reach ${values.server}: ${(e as Error).message}\n`);
    return 1;
  }
  const body = (await res.json().catch(() => null)) as {
    dryRun: boolean;
    changes: RuleChange[];
    counts: Record<string, number>;
    message?: string;
    details?: Array<{ path: string; message: string }>;
  } | null;
  if (!res.ok || !body) {
    const details = body?.details?.map((d) => `  ${d.path}: ${d.message}`).join('\n');
    err(
      `vigil rules apply: the server answered ${res.status}: ${body?.message ?? res.statusText}\n${details ? `${details}\n` : ''}`,
    );
    return 1;
  }
  if (values.json) {
    out(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  out(formatChanges(body.changes, body.counts, body.dryRun));
  return 0;
}

/** The diff as text: one line per changed rule, changed fields indented, then the counts. */
export function formatChanges(
  changes: readonly RuleChange[],
  counts: Record<string, number>,
  isDryRun: boolean,
): string {
  const sign = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;
  const lines: string[] = [];
  for (const c of changes) {
    if (c.change === 'unchanged') continue;
    lines.push(`${sign[c.change]} ${c.change.padEnd(6)} ${c.id}`);
    for (const f of c.fields ?? [])
      lines.push(`      ${f.field}: ${JSON.stringify(f.before) ?? '(none)'} → ${JSON.stringify(f.after) ?? '(none)'}`);
  }
  const total = (counts.create ?? 0) + (counts.update ?? 0) + (counts.delete ?? 0);
  const summary = `${counts.create ?? 0} to create, ${counts.update ?? 0} to update, ${counts.delete ?? 0} to delete, ${counts.unchanged ?? 0} unchanged`;
  if (total === 0) lines.push(`No changes: ${counts.unchanged ?? 0} rules already up to date.`);
  else
    lines.push(
      isDryRun
        ? `Dry run: ${summary}. Nothing was written.`
        : `Applied: ${summary.replaceAll(' to ', ' ').replace('create', 'created').replace('update', 'updated').replace('delete', 'deleted')}.`,
    );
  return `${lines.join('\n')}\n`;
}
