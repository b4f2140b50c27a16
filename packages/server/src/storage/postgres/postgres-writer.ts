import type pg from 'pg';
import { markUnavailable, type PostgresDb, type Queryable } from './postgres-db.js';

/** Advisory-lock namespaces (the first of the two int4 keys). */
const WRITER_LOCKS = 0x56_49_47_01;
const LEASE_LOCKS = 0x56_49_47_02;
/** The database's clock in epoch ms, so nodes with skewed clocks agree on staleness. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** Thrown when another node adopted this writer: this node must not write as it again (store-fault.ts: "fenced"). */
export class FencedError extends Error {
  readonly code = 'VIGIL_FENCED';
}

/**
 * One writer: the identity under which a node appends events and labels and flushes what it aggregated
 * (the ordering rule of storage/contracts/store.ts). `epoch` is its fencing token: a node that adopts a dead
 * writer increments it, and every commit checks it with a row lock, so once the adoption committed the old
 * owner can commit nothing more.
 */
export interface PostgresWriter {
  readonly id: number;
  readonly epoch: number;
  /** Inside a write transaction: throws FencedError unless the epoch is still ours (FOR SHARE: adoption waits). */
  checkEpoch(tx: Queryable): Promise<void>;
}

class WriterView implements PostgresWriter {
  constructor(
    readonly id: number,
    readonly epoch: number,
  ) {}

  async checkEpoch(tx: Queryable): Promise<void> {
    const r = await tx.query<{ epoch: number }>('SELECT epoch FROM writers WHERE id = $1 FOR SHARE', [this.id]);
    if (Number(r.rows[0]?.epoch) !== this.epoch)
      throw new FencedError(
        `writer ${this.id} was taken over by another node (epoch ${r.rows[0]?.epoch ?? 'gone'}, ours ${this.epoch}); restart this node`,
      );
  }
}

export interface SessionTimings {
  /** How often the session proves it is alive (heartbeat_at). */
  heartbeatMs: number;
  /** A writer whose heartbeat is older than this and whose lock is free is taken over. */
  staleMs: number;
}

/**
 * The node's own session to PostgreSQL, outside the pool: it holds the advisory lock of the node's writer and
 * of the leases it took, and beats the writer's heartbeat. Session locks vanish with the session — a killed
 * node's at once, a vanished host's within ~25 s (TCP keepalives) — which is what lets another node take over.
 * When the session breaks (PostgreSQL restarting) it reconnects and takes its writer's lock back; leases are
 * reported lost and must be taken again.
 */
export class PostgresSession {
  readonly writer: PostgresWriter;
  private client: pg.Client | null = null;
  private readonly leases = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  private fenced: FencedError | null = null;

  private constructor(
    private readonly db: PostgresDb,
    writerId: number,
    epoch: number,
    private readonly timings: SessionTimings,
  ) {
    this.writer = new WriterView(writerId, epoch);
  }

  /**
   * Opens the node's session and its writer: the node's own earlier writer when one is free (a restart picks up
   * where it stopped and replays its own events, like the SQLite store), else a new one.
   */
  static async open(db: PostgresDb, node: string, timings: SessionTimings): Promise<PostgresSession> {
    const client = db.newClient();
    let writer: { id: number; epoch: number } | undefined;
    try {
      await client.connect();
      const own = await client.query<{ id: number }>(
        'SELECT id FROM writers WHERE node = $1 AND retired_at IS NULL ORDER BY id',
        [node],
      );
      for (const { id } of own.rows) {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [WRITER_LOCKS, id]);
        if (!r.rows[0]!.ok) continue;
        // A new epoch fences whoever held it before, should it still be alive somewhere.
        const bumped = await client.query<{ epoch: number }>(
          `UPDATE writers SET epoch = epoch + 1, heartbeat_at = ${DB_NOW} WHERE id = $1 AND retired_at IS NULL RETURNING epoch`,
          [id],
        );
        if (bumped.rowCount === 1) {
          writer = { id: Number(id), epoch: Number(bumped.rows[0]!.epoch) };
          break;
        }
        await client.query('SELECT pg_advisory_unlock($1, $2)', [WRITER_LOCKS, id]);
      }
      if (!writer) {
        const r = await client.query<{ id: number; epoch: number }>(
          `INSERT INTO writers (node, started_at, heartbeat_at) VALUES ($1, ${DB_NOW}, ${DB_NOW}) RETURNING id, epoch`,
          [node],
        );
        writer = { id: Number(r.rows[0]!.id), epoch: Number(r.rows[0]!.epoch) };
        await client.query('SELECT pg_advisory_lock($1, $2)', [WRITER_LOCKS, writer.id]);
      }
    } catch (err) {
      await client.end().catch(() => undefined);
      throw markUnavailable(err);
    }
    const session = new PostgresSession(db, writer.id, writer.epoch, timings);
    session.adopt(client);
    session.timer = setInterval(() => void session.serialize(() => session.beat()), timings.heartbeatMs);
    session.timer.unref();
    return session;
  }

  private adopt(client: pg.Client): void {
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    this.client = client;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async connect(): Promise<pg.Client> {
    const client = this.db.newClient();
    try {
      await client.connect();
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        WRITER_LOCKS,
        this.writer.id,
      ]);
      if (!r.rows[0]!.ok) throw new FencedError(`writer ${this.writer.id} is held by another node`);
      const w = await client.query<{ epoch: number }>('SELECT epoch FROM writers WHERE id = $1', [this.writer.id]);
      if (Number(w.rows[0]?.epoch) !== this.writer.epoch)
        throw new FencedError(`writer ${this.writer.id} was taken over by another node; restart this node`);
    } catch (err) {
      await client.end().catch(() => undefined);
      if (err instanceof FencedError) this.fenced = err;
      throw markUnavailable(err);
    }
    this.adopt(client);
    return client;
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.leases.clear();
  }

  /** The live session, reconnecting when it broke. */
  private async live(): Promise<pg.Client> {
    if (this.fenced) throw this.fenced;
    if (this.isClosed) throw markUnavailable(new Error('Connection terminated: store closed'));
    return this.client ?? this.connect();
  }

  private async beat(): Promise<void> {
    try {
      const client = await this.live();
      const r = await client.query(`UPDATE writers SET heartbeat_at = ${DB_NOW} WHERE id = $1 AND epoch = $2`, [
        this.writer.id,
        this.writer.epoch,
      ]);
      if (r.rowCount === 0) this.fenced = new FencedError(`writer ${this.writer.id} was taken over; restart this node`);
    } catch {
      // PostgreSQL is away; the next beat reconnects.
    }
  }

  /** Whether this node was fenced out (another node adopted its writer): it must stop writing. */
  get fencedError(): FencedError | null {
    return this.fenced;
  }

  tryLease(name: string): Promise<boolean> {
    return this.serialize(async () => {
      if (this.leases.has(name)) return true;
      const client = await this.live();
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        LEASE_LOCKS,
        name,
      ]);
      if (r.rows[0]!.ok) this.leases.add(name);
      return r.rows[0]!.ok;
    });
  }

  holdsLease(name: string): boolean {
    return this.client !== null && this.leases.has(name);
  }

  releaseLease(name: string): Promise<void> {
    return this.serialize(async () => {
      if (!this.leases.delete(name) || !this.client) return;
      await this.client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_LOCKS, name])
        .catch(() => undefined);
    });
  }

  /**
   * Takes over a writer whose node died: its lock is free and its heartbeat older than `staleMs`. The epoch is
   * incremented (fencing the old owner, should it still be alive) and the writer returned with the new epoch,
   * its lock held by this session until `retire` or `release`.
   */
  adoptOrphan(): Promise<{ writer: PostgresWriter; retire(): Promise<void>; release(): Promise<void> } | null> {
    return this.serialize(async () => {
      const client = await this.live();
      const candidates = await client.query<{ id: number }>(
        `SELECT id FROM writers WHERE retired_at IS NULL AND id <> $1 AND heartbeat_at < ${DB_NOW} - $2 ORDER BY id`,
        [this.writer.id, this.timings.staleMs],
      );
      for (const { id } of candidates.rows) {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [WRITER_LOCKS, id]);
        if (!r.rows[0]!.ok) continue;
        const bumped = await client.query<{ epoch: number }>(
          'UPDATE writers SET epoch = epoch + 1 WHERE id = $1 AND retired_at IS NULL RETURNING epoch',
          [id],
        );
        if (bumped.rowCount === 0) {
          await client.query('SELECT pg_advisory_unlock($1, $2)', [WRITER_LOCKS, id]);
          continue;
        }
        const writer = new WriterView(Number(id), Number(bumped.rows[0]!.epoch));
        const unlock = () =>
          this.serialize(async () => {
            await this.client?.query('SELECT pg_advisory_unlock($1, $2)', [WRITER_LOCKS, id]).catch(() => undefined);
          });
        return {
          writer,
          retire: async () => {
            await this.db.query(`UPDATE writers SET retired_at = ${DB_NOW} WHERE id = $1 AND epoch = $2`, [
              id,
              writer.epoch,
            ]);
            await unlock();
          },
          release: unlock,
        };
      }
      return null;
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.timer);
    await this.chain.catch(() => undefined);
    const client = this.client;
    this.client = null;
    // A clean stop leaves nothing to adopt only once its flushes are in; the caller flushes before closing.
    await client?.end().catch(() => undefined);
  }
}
