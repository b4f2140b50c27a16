/** What the fuzz suites share: a real server, its OpenAPI document, the checks every answer must pass. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ERROR_CATALOGUE } from '../../src/errors/index.js';
import type { JsonSchema } from './schema-arbitrary.js';

// A failure report names the assertion that failed, not only the counterexample. `npm test` replays the same
// generated requests every run (a fixed seed), so a red run is a regression, not the luck of a new draw; explore
// new ones with FUZZ_SEED=random (or a number) and FUZZ_RUNS_SCALE, and add what they find to fuzz-regressions.ts.
const seed = process.env.FUZZ_SEED ?? '20261205';
fc.configureGlobal({ includeErrorInReport: true, ...(seed === 'random' ? {} : { seed: Number(seed) }) });

/** fast-check runs per property: FUZZ_RUNS_SCALE=20 for a long local session; the default keeps npm test quick. */
export const RUNS_SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);

export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

export interface RouteDoc {
  method: string;
  path: string;
  query: Record<string, JsonSchema>;
  params: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
}

/** A server for fuzzing: alert evaluation off, so only requests change what is stored. */
export async function startFuzzServer(): Promise<TestServer> {
  return startTestServer({ env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
}

/** Every route of the OpenAPI document with its query, path and body schemas. */
export async function listRoutes(s: TestServer): Promise<RouteDoc[]> {
  const doc = (await s.vigil.app.inject({ url: '/api/v1/openapi.json', headers: s.auth })).json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ in: string; name: string; schema: JsonSchema }>;
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  const routes: RouteDoc[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const of = (where: string) =>
        Object.fromEntries((op.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema]));
      routes.push({
        method: method.toUpperCase(),
        path,
        query: of('query'),
        params: of('path'),
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return routes;
}

/**
 * The invariant of every answer: never a 5xx; an error is the one documented shape with a code from the
 * catalogue whose status is the HTTP status.
 */
export function checkAnswer(r: Answer, what: string): void {
  assert.ok(r.statusCode < 500, `${what} → ${r.statusCode} ${r.body.slice(0, 300)}`);
  if (r.statusCode < 400) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    assert.fail(`${what} → ${r.statusCode} is not JSON: ${r.body.slice(0, 200)}`);
  }
  const code = body.code as keyof typeof ERROR_CATALOGUE;
  assert.ok(code in ERROR_CATALOGUE, `${what} → unknown code ${String(code)}`);
  assert.equal(ERROR_CATALOGUE[code].status, r.statusCode, `${what} → ${code} with HTTP ${r.statusCode}`);
  assert.equal(body.statusCode, r.statusCode, what);
  assert.equal(typeof body.message, 'string', what);
  assert.equal(typeof body.requestId, 'string', what);
  assert.ok((body.message as string).length < 4096, `${what} → a ${(body.message as string).length}-character message`);
}

/** Tables a background timer writes (rollup flushes, watermarks, probes), and the audit trail: left out of the digest. */
const TIMER_TABLES = new Set([
  'rollups',
  'segment_rollups',
  'model_windows',
  'model_endpoints',
  'meta',
  'request_index',
  'request_repeats',
  'coverage_snapshots',
  'schema_migrations',
  // A destination a fuzz case created is delivered to by its own export cycle (cursor and delivery log).
  'export_state',
  'export_deliveries',
  // The governance audit trail records refused decisions too (a 409 on …/advance is audited by design).
  'governance_audit',
  // So does the hash-chained audit trail: a refused login or write is an entry there, by design.
  'audit_log',
  // Security signals count refused logins and keys (docs/security-signals.md), written by their own timer.
  'security_signals',
  // The late label join's scan position moves on its own timer as events arrive (docs/storage.md).
  'label_join_marks',
]);

/**
 * Columns a background timer sets on rows requests stored: the late label join marks a label it scored later
 * (`joined_at`), when an earlier acknowledged prediction matches an earlier acknowledged label.
 */
const TIMER_COLUMNS: Record<string, readonly string[]> = { labels: ['joined_at'] };

/**
 * A digest of everything requests store (every table but the ones flush timers write), read through a second,
 * read-only connection to the server's SQLite file: equal before and after means nothing was written.
 */
export function openDigest(s: TestServer): { digest(): string; close(): void } {
  const db = new Database(join(s.dataDir, 'vigil.db'), { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter(
    (t) => !TIMER_TABLES.has(t) && !t.startsWith('sqlite_'),
  );
  const columnsOf = (t: string) => {
    const all = (db.pragma(`table_info("${t}")`) as Array<{ name: string }>).map((c) => c.name);
    return all.filter((c) => !TIMER_COLUMNS[t]?.includes(c)).map((c) => `"${c}"`);
  };
  const reads = tables.map((t) => db.prepare(`SELECT ${columnsOf(t).join(', ')} FROM "${t}"`).raw());
  return {
    digest() {
      const h = createHash('sha256');
      for (const read of reads)
        for (const row of read.iterate() as Iterable<unknown[]>)
          h.update(row.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : String(v))).join('\u0001'));
      return h.digest('hex');
    },
    close: () => db.close(),
  };
}

/** A URL component; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
function encode(v: string): string {
  return encodeURIComponent(
    v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** Fills `{name}` path parameters. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params[name] ?? 'x'));
}

/** The query string of a parameter map, every value URL-encoded; undefined values left out. */
export function queryString(values: Record<string, unknown>): string {
  const parts = Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
