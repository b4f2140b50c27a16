import { parseArgs } from 'node:util';
import { buildApp, type VigilApp } from './app.js';
import {
  ConfigError,
  CONFIG_SOURCES,
  describeConfigFlags,
  loadConfig,
  otlpGrpcPortOf,
  type Config,
} from './config/index.js';
import { ensureAdminKey } from './plugins/auth.js';

export interface RunningServer {
  vigil: VigilApp;
  config: Config;
  url: string;
}

/**
 * The configuration a command that opens the store directly needs (`vigil users`, `vigil audit`): the same
 * environment and flags as `vigil serve` (--data-dir, --database-url…), plus the command's own options and
 * positionals. Returns the exit code on a usage or configuration error (already printed).
 *
 * @example const r = readCliConfig(argv, { json: { type: 'boolean' } });
 */
export function readCliConfig(
  argv: string[],
  extraOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {},
): { config: Config; values: Record<string, unknown>; positionals: string[] } | number {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { ...extraOptions };
  for (const src of Object.values(CONFIG_SOURCES)) options[src.flag] ??= { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`vigil: ${(err as Error).message}\n`);
    return 2;
  }
  const flags: Record<string, string> = {};
  for (const [key, src] of Object.entries(CONFIG_SOURCES)) {
    const v = parsed.values[src.flag];
    if (typeof v === 'string') flags[key] = v;
  }
  try {
    return { config: loadConfig(process.env, flags), values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`vigil: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/**
 * The only place that reads the environment, listens and handles signals. Returns once listening;
 * SIGTERM/SIGINT stop taking work, finish what was acknowledged, flush and exit 0.
 */
export async function startServerFromCli(
  argv: string[],
  extraOptions: Record<string, { type: 'string' | 'boolean' }> = {},
  /** Runs after start-up and before listen: the last moment routes and hooks can be added (used by `vigil demo`). */
  beforeListen?: (vigil: VigilApp) => Promise<void>,
): Promise<(RunningServer & { extra: Record<string, unknown> }) | number> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' }, ...extraOptions };
  for (const src of Object.values(CONFIG_SOURCES)) options[src.flag] = { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (err) {
    process.stderr.write(`vigil: ${(err as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`Options (flag, environment variable):\n${describeConfigFlags()}\n`);
    return 0;
  }
  const flags: Record<string, string> = {};
  for (const [key, src] of Object.entries(CONFIG_SOURCES)) {
    const v = parsed.values[src.flag];
    if (typeof v === 'string') flags[key] = v;
  }
  let config: Config;
  let vigil: VigilApp;
  try {
    config = loadConfig(process.env, flags);
    // Opening the store can refuse the configuration too (a backend that is not built).
    vigil = await buildApp(config);
  } catch (err) {
    // A TLS file that cannot be read is named here too, before anything listens.
    if (err instanceof ConfigError || /^tls(Cert|Key): /.test((err as Error).message)) {
      process.stderr.write(`vigil: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  const generated = await ensureAdminKey(vigil.store.keys, config.adminKey, Date.now());
  if (generated) {
    process.stdout.write(
      `\n  Vigil created an admin API key. It is shown this once and stored only as a hash:\n\n    ${generated}\n\n  Use it as "Authorization: Bearer <key>" and to log in to the dashboard.\n\n`,
    );
  }
  const { replayed } = await vigil.start();
  if (replayed > 0) vigil.app.log.info({ replayed }, 'rebuilt aggregates of events committed after the last flush');
  if (beforeListen) await beforeListen(vigil);
  const address = await vigil.app.listen({ port: config.port, host: config.host });
  const grpcPort = otlpGrpcPortOf(config);
  if (grpcPort !== null) {
    const bound = await vigil.otlpGrpc.listen(config.host, grpcPort);
    vigil.app.log.info(
      { port: bound, tls: Boolean(config.tlsCert) },
      `OTLP/gRPC listening on ${config.host}:${bound}${config.tlsCert ? ' (TLS)' : ''}`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    vigil.app.log.info({ signal }, 'stopping: no new requests, finishing acknowledged work');
    vigil.app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        vigil.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return { vigil, config, url: address, extra: parsed.values };
}
