/**
 * wrk (Debian's C load generator) as the HTTP load of the benchmarks: a Node load generator competes with the
 * server for the two cores, measures the baseline low and flatters every ratio to it. One wrk thread is enough
 * for the rates here and leaves the other core to the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkResult {
  requestsPerS: number;
  non2xx: number;
  /** Socket errors (connect, read, write, timeout) summed. */
  errors: number;
  latencyMs: { p50: number; p99: number };
}

export interface WrkOptions {
  url: string;
  /** The request body, or `bodyFile`: a file read as bytes by wrk (protobuf). */
  body?: string;
  bodyFile?: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  /** Replace every `[<id>]` in the body with a number unique to the request (done in wrk's Lua, per request). */
  uniqueIds?: boolean;
}

export function assertWrkInstalled(): void {
  if (spawnSync('wrk', ['--version']).error)
    throw new Error('wrk is not installed: apt-get install -y wrk (.ci/run does)');
}

const SCALE = { us: 0.001, ms: 1, s: 1000 } as const;
// NaN (null in JSON) if wrk printed no such line.
const latency = (out: string, pct: string): number => {
  const m = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
  return m ? +(Number(m[1]) * SCALE[m[2] as keyof typeof SCALE]).toFixed(3) : NaN;
};

/** POSTs `body` to `url` with `connections` for `durationS` seconds. */
export function wrk(o: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wrk-'));
  const script = join(dir, 'post.lua');
  const headers = { 'content-type': 'application/json', ...o.headers };
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      o.bodyFile !== undefined
        ? `local f = assert(io.open(${JSON.stringify(o.bodyFile)}, "rb")); wrk.body = f:read("*a"); f:close()`
        : `wrk.body = ${JSON.stringify(o.body ?? '')}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
      ...(o.uniqueIds
        ? [
            'local n = 0',
            'request = function()',
            '  n = n + 1',
            '  local body = string.gsub(wrk.body, "%[<id>%]", tostring(n))',
            '  return wrk.format(nil, nil, nil, body)',
            'end',
          ]
        : []),
    ].join('\n'),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      'wrk',
      ['-t', '1', '-c', String(o.connections), '-d', `${o.durationS}s`, '--latency', '-s', script, o.url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', () => {
      rmSync(dir, { recursive: true, force: true });
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        requestsPerS: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
        errors: socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
        latencyMs: { p50: latency(out, '50'), p99: latency(out, '99') },
      });
    });
  });
}
