/**
 * The environment a command may read, passed in by bin/vigil.js (commands never read process.env: main.ts is
 * the only place that does). `VIGIL_URL` and `VIGIL_API_KEY` stand in for `--server` and `--api-key`, so a CI
 * secret never has to be on a command line.
 */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** The server URL and API key: flags first, then VIGIL_URL / VIGIL_API_KEY. */
export function serverAccess(
  flags: { server?: string; 'api-key'?: string },
  env: CliEnv,
): { server: string | undefined; apiKey: string | undefined } {
  return {
    server: flags.server || env.VIGIL_URL || undefined,
    apiKey: flags['api-key'] || env.VIGIL_API_KEY || undefined,
  };
}

/**
 * The `--junit` path of an argument list, read without the command's own parser, so a report can be written
 * even when the arguments are otherwise wrong (CI publishes the report on every exit code).
 * @example junitPathOf(['gate', '--junit', 'r.xml', '--bogus']) // 'r.xml'
 */
export function junitPathOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--junit') return argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[i + 1] : undefined;
    if (a.startsWith('--junit=')) return a.slice('--junit='.length) || undefined;
  }
  return undefined;
}
