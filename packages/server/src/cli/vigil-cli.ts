/**
 * The `vigil` command line. Each sub-command lives in its own `<name>-command.ts` exporting
 * `run(argv: string[]): Promise<number>` (the exit code); they are loaded lazily so `vigil drift`
 * does not pay for the server's start-up.
 *
 * @example
 *   npx vigil serve --port 8080
 *   npx vigil drift --reference ref.csv --current cur.csv --json
 */
import type { CliEnv } from './cli-env.js';

export interface CliCommand {
  summary: string;
}

type CommandModule = { run(argv: string[], env: CliEnv): Promise<number> };

const commands: Record<string, CliCommand> = {
  serve: { summary: 'Run the Vigil server' },
  demo: { summary: 'Run the server with the coffee-company demo traffic' },
  drift: { summary: 'Compare a current data file with a reference file for drift' },
  check: { summary: 'Run a YAML suite of drift, quality and performance checks; JUnit output' },
  roi: { summary: 'Compute ROI from an input file' },
  gate: { summary: 'CI/CD go-live gate for a use case' },
  rules: { summary: 'Apply alert rules from YAML (rules apply FILE [--dry-run])' },
  users: { summary: 'People who sign in: users add | list | disable | enable' },
  audit: { summary: 'The audit trail: audit verify | export' },
};

function printHelp(): void {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  process.stdout.write(
    `Usage: vigil <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "vigil <command> --help" for a command's options.\n`,
  );
}

/** `env` is the process environment, passed in by bin/vigil.js (VIGIL_URL, VIGIL_API_KEY; cli-env.ts). */
export async function runCli(argv: string[], env: CliEnv = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`vigil: unknown command "${name}"\n`);
    printHelp();
    return 2;
  }
  let mod: CommandModule;
  try {
    // A template import: tsx resolves it at run time, and esbuild bundles every `*-command.ts` it matches.
    mod = (await import(`./${name}-command.ts`)) as CommandModule;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String((err as Error).message).includes(`${name}-command`)
    ) {
      process.stderr.write(`vigil: "${name}" is not built yet in this version\n`);
      return 2;
    }
    throw err;
  }
  return mod.run(rest, env);
}
