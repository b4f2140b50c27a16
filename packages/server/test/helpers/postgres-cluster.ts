// One throwaway PostgreSQL cluster per test process, in a temporary directory, and a fresh database per test.
// initdb refuses to run as root, so as root the directory is given to the `postgres` user and the binaries run
// through `runuser -u postgres --`. The cluster is stopped (immediate mode) and its directory removed when the
// process exits: no postgres is ever left running.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  port: number;
  /** The data directory (postmaster.pid names the server's process). */
  dataDir: string;
  /** The URL of database `name` on this cluster. */
  url(name: string): string;
  /** A new, empty database with a random name; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (immediate: like a crash) and starts it again on the same port, after `downMs`. */
  restart(downMs?: number): Promise<void>;
  stop(): void;
  start(): void;
}

let cluster: Promise<PostgresCluster> | undefined;

/** The directory of initdb and pg_ctl: the newest /usr/lib/postgresql/<version>/bin Debian installed. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      'PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb. Install it with `apt-get install -y postgresql` (.ci/run does).',
    );
  return join(root, versions[0]!, 'bin');
}

/**
 * The cluster of this process, started on first use. Tests run it with fsync off (it is thrown away); the
 * benchmark asks for `durable` so commits cost what they cost on a real server.
 */
export function postgresCluster(opts: { durable?: boolean } = {}): Promise<PostgresCluster> {
  cluster ??= startCluster(opts.durable === true);
  return cluster;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startCluster(isDurable: boolean): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'vigil', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync off for tests: the cluster is thrown away; durability across a PostgreSQL crash is PostgreSQL's, not ours.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${isDurable ? 'on' : 'off'} -c max_connections=200 -c shared_buffers=${isDurable ? '256MB' : '32MB'}`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  start();
  let isStopped = false;
  process.once('exit', () => {
    try {
      if (!isStopped) stop();
    } catch {
      // already down
    }
    rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.exit(130);
    });
  const url = (name: string) => `postgres://vigil@127.0.0.1:${port}/${name}`;
  return {
    port,
    dataDir: data,
    url,
    async createDatabase() {
      const name = `t_${Math.random().toString(36).slice(2, 12)}`;
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async restart(downMs = 0) {
      stop();
      isStopped = true;
      await new Promise((r) => setTimeout(r, downMs));
      start();
      isStopped = false;
    },
    stop() {
      stop();
      isStopped = true;
    },
    start() {
      start();
      isStopped = false;
    },
  };
}
