import pg from 'pg';

/** bigint columns hold epoch ms and ids below 2^53: read them as numbers, not strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1016) return (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',').map(Number));
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Errors of the connection rather than of the statement — the server is down, restarting, refusing connections or
 * the socket broke — carry code PG_UNAVAILABLE, which store-fault.ts classifies as "unavailable": the request is
 * answered 503 with Retry-After and the health probe lets writes in again once PostgreSQL answers.
 */
export function markUnavailable(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  const isConnection =
    (typeof code === 'string' &&
      (code.startsWith('08') ||
        code.startsWith('57P') ||
        code === '53300' ||
        ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code))) ||
    /Connection terminated|connection timeout|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
      err.message,
    );
  if (isConnection) Object.assign(err, { code: 'PG_UNAVAILABLE', pgCode: code });
  return err;
}

/** A pool of connections to one database, with numbers for bigints and connection errors marked. */
export class PostgresDb {
  readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    max = 10,
  ) {
    // query_timeout: a statement that gets no answer (a connection left half-open by a restarting server) fails
    // instead of holding its request, and the caller answers 503; 30 s is far above any statement Vigil runs.
    this.pool = new pg.Pool({
      connectionString: url,
      max,
      types,
      connectionTimeoutMillis: 5000,
      query_timeout: 30_000,
    });
    // An idle connection dropped by a restarting server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** A single session outside the pool (advisory locks live as long as their session). */
  newClient(): pg.Client {
    const client = new pg.Client({
      connectionString: this.url,
      types,
      connectionTimeoutMillis: 5000,
      query_timeout: 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      // The server notices a vanished host within ~25 s and frees its locks.
      options: '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3',
    });
    client.on('error', () => undefined);
    return client;
  }

  async query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw markUnavailable(err);
    }
  }

  async one<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R | undefined> {
    return (await this.query<R>(sql, params))[0];
  }

  /** Runs `fn` in one transaction; a deadlock or serialization failure is retried (it rolled everything back). */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw markUnavailable(err);
      }
      let isBroken = false;
      // pg-pool takes its own 'error' listener off a client it hands out: a connection the server drops while the
      // transaction waits between statements (a restart) would emit an unhandled 'error' and end the process. The
      // statement in flight fails anyway; this only keeps the event from crashing.
      const onError = () => (isBroken = true);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        isBroken = true;
        await client.query('ROLLBACK').then(
          () => (isBroken = false),
          () => undefined,
        );
        const code = (err as { code?: string }).code;
        if ((code === '40P01' || code === '40001') && attempt < 5) continue;
        throw markUnavailable(err);
      } finally {
        client.removeListener('error', onError);
        client.release(isBroken);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `$1, $2, …` for a multi-row VALUES list: rows of `width` parameters starting at `$from`. */
export function valuesList(rows: number, width: number, from = 1): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cols: string[] = [];
    for (let c = 0; c < width; c++) cols.push(`$${from + r * width + c}`);
    out.push(`(${cols.join(', ')})`);
  }
  return out.join(', ');
}
