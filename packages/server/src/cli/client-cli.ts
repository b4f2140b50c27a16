/**
 * The entry of the publishable `@vigil/cli` package (packages/cli): the commands a CI job or a laptop runs
 * against a Vigil server or over data files — `gate`, `check`, `drift`, `roi`, `rules` — bundled with their
 * dependencies into one dependency-free file, so `npm i -D @vigil/cli && npx vigil gate …` works in any
 * repository. `serve` and `demo` need the server package (SQLite, Fastify) and are not in it.
 *
 * @example
 *   VIGIL_URL=https://vigil.internal VIGIL_API_KEY=… npx vigil gate --use-case drink-recs --junit reports/gate.xml
 */
import type { CliEnv } from './cli-env.js';

type Run = (argv: string[], env: CliEnv) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<{ run: Run }> }> = {
  gate: {
    summary: 'CI/CD go-live gate for a use case (JUnit on every exit code)',
    load: () => import('./gate-command.js'),
  },
  check: {
    summary: 'Run a YAML suite of drift, quality and performance checks; JUnit output',
    load: () => import('./check-command.js'),
  },
  drift: {
    summary: 'Compare a current data file with a reference file for drift',
    load: () => import('./drift-command.js'),
  },
  roi: { summary: 'Compute ROI from an input file', load: () => import('./roi-command.js') },
  rules: {
    summary: 'Apply alert rules from YAML (rules apply FILE [--dry-run])',
    load: () => import('./rules-command.js'),
  },
};

function printHelp(write: (s: string) => void): void {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  write(
    `Usage: vigil <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nVIGIL_URL and VIGIL_API_KEY stand in for --server and --api-key.\nRun "vigil <command> --help" for a command's options.\n`,
  );
}

/** Runs one command and returns its exit code. `env` is the process environment (VIGIL_URL, VIGIL_API_KEY). */
export async function runClientCli(argv: string[], env: CliEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp((s) => process.stdout.write(s));
    return name ? 0 : 2;
  }
  if (name === 'serve' || name === 'demo') {
    process.stderr.write(
      `vigil: "${name}" runs the server, which is not part of @vigil/cli; run it from the Vigil server package (docs/pipelines/README.md)\n`,
    );
    return 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`vigil: unknown command "${name}"\n`);
    printHelp((s) => process.stderr.write(s));
    return 2;
  }
  return (await command.load()).run(rest, env);
}
