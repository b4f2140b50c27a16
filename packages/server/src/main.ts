import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, type VigilApp } from './app.js';
import { SchemaTooNewError } from './storage/index.js';
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
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`vigil: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // Before opening the store and any demo backfill: a port in use is one line, not a stack trace a minute later.
  const portProblem = await checkPortFree(config.host, config.port);
  if (portProblem) {
    process.stderr.write(`vigil: ${portProblem}\n`);
    return 1;
  }
  try {
    // Opening the store can refuse to start too: a schema newer than this Vigil knows.
    vigil = await buildApp(config);
  } catch (err) {
    // A TLS file that cannot be read is named here too, before anything listens.
    if (
      err instanceof ConfigError ||
      err instanceof SchemaTooNewError ||
      /^tls(Cert|Key): /.test((err as Error).message)
    ) {
      process.stderr.write(`vigil: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  const generated = await ensureAdminKey(vigil.store.keys, config.adminKey, Date.now());
  if (generated) {
    const keyFile = writeAdminKeyFile(config.dataDir, generated);
    process.stdout.write(
      `\n  Vigil created an admin API key. It is shown this once and stored only as a hash:\n\n    ${generated}\n\n  Use it as "Authorization: Bearer <key>" and to log in to the dashboard.\n` +
        (keyFile
          ? `  It is also in ${keyFile} (readable only by you); delete that file once you have stored the key elsewhere.\n\n`
          : '\n'),
    );
  }
  const { replayed } = await vigil.start();
  if (replayed > 0) vigil.app.log.info({ replayed }, 'rebuilt aggregates of events committed after the last flush');
  if (beforeListen) await beforeListen(vigil);
  let address: string;
  try {
    address = await vigil.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    process.stderr.write(`vigil: ${describeListenError(code, config.host, config.port)}\n`);
    await vigil.app.close();
    return 1;
  }
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

function describeListenError(code: string | undefined, host: string, port: number): string {
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use; stop the other process or start with --port <free port> (VIGIL_PORT)`;
  if (code === 'EACCES') return `no permission to listen on port ${port} of ${host}; use a port above 1023 (--port)`;
  return `cannot listen on ${host}:${port} (${code}); check --host (VIGIL_HOST)`;
}

/** Null when the port can be bound now; otherwise the one-line reason. Port 0 always can. */
function checkPortFree(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => done(describeListenError(err.code, host, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(null)));
  });
}

/**
 * Writes a newly generated admin key to `<dataDir>/admin-key.txt`, readable by the owner only (0600). Keys are
 * generated only on a store without an admin, so a file left from an earlier store is stale: it is replaced
 * (removed first, so the new file is created with mode 0600). Returns the absolute path, or null on failure.
 */
function writeAdminKeyFile(dataDir: string, key: string): string | null {
  const path = resolve(join(dataDir, 'admin-key.txt'));
  try {
    rmSync(path, { force: true });
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return path;
  } catch {
    return null;
  }
}
