import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { VigilError } from '../errors/index.js';
import { classifyStoreFault, type Store, type StoreFaultKind } from '../storage/index.js';

/** Seconds a client is told to wait while the store cannot take writes. */
const RETRY_AFTER_S = 5;
/** Bytes the recovery probe writes in fresh pages to prove the store can grow again. */
const PROBE_GROW_BYTES = 256 * 1024;

export interface StoreFault {
  kind: StoreFaultKind;
  message: string;
  sinceMs: number;
}

/**
 * Whether the store can take writes. A request or background flush that meets a store fault (disk full,
 * read-only, I/O error, corruption) reports it here; from then on writes answer 503 VIGIL_ERR_NOT_READY with
 * Retry-After before doing any work, /readyz answers 503, and a probe every `probeIntervalMs` clears the fault as
 * soon as the store can grow again (free space ≥ `minFreeBytes` and a fresh-page write commits). A corrupt
 * store is never cleared by itself: it needs an operator (docs/storage.md, "Faults").
 */
export class StoreHealth {
  private current: StoreFault | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly opts: { minFreeBytes: number; probeIntervalMs: number; log: FastifyBaseLogger; now: () => number },
  ) {}

  get fault(): StoreFault | null {
    return this.current;
  }

  /** Records `err` when it is a store fault; returns whether it was one. */
  report(err: unknown): boolean {
    const kind = classifyStoreFault(err);
    if (kind === null) return false;
    if (this.current === null || (isPermanent(kind) && !isPermanent(this.current.kind))) {
      this.current = { kind, message: err instanceof Error ? err.message : String(err), sinceMs: this.opts.now() };
      this.opts.log.error({ err, kind }, 'store fault: refusing writes until the store is writable again');
      if (!isPermanent(kind)) this.startProbing();
      else this.stopProbing();
    }
    return true;
  }

  /** The 503 a request gets while the store is faulted. */
  notReady(): VigilError {
    const f = this.current;
    const why =
      f === null
        ? 'store not ready'
        : f.kind === 'corrupt'
          ? 'the store is corrupt; an operator must restore it from a backup (docs/storage.md)'
          : f.kind === 'fenced'
            ? "another node took over this node's writer (it was cut off from PostgreSQL too long); restart this node (docs/deploy.md)"
            : `the store cannot take writes (${f.kind}: ${f.message})`;
    return new VigilError(
      'VIGIL_ERR_NOT_READY',
      `${why}; nothing was written, retry after the Retry-After delay`,
      undefined,
      {
        'Retry-After': String(RETRY_AFTER_S),
      },
    );
  }

  /** For /readyz: throws unless the store is migrated, writable and has its minimum free space. */
  async checkReady(): Promise<{ schemaVersion: number }> {
    if (this.current) throw this.notReady();
    try {
      const ready = await this.store.checkReady();
      await this.store.probeWritable(this.opts.minFreeBytes, 0);
      return ready;
    } catch (err) {
      if (this.report(err)) throw this.notReady();
      throw err;
    }
  }

  stop(): void {
    this.stopProbing();
  }

  private startProbing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.opts.probeIntervalMs);
    this.timer.unref();
  }

  private stopProbing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async probe(): Promise<void> {
    if (!this.current || isPermanent(this.current.kind)) return this.stopProbing();
    try {
      await this.store.probeWritable(this.opts.minFreeBytes, PROBE_GROW_BYTES);
    } catch (err) {
      const kind = classifyStoreFault(err);
      if (kind !== null && isPermanent(kind)) this.report(err);
      return;
    }
    this.opts.log.info({ fault: this.current }, 'store writable again: taking writes');
    this.current = null;
    this.stopProbing();
  }
}

/** Faults the probe never clears: a corrupt file, a node fenced out of its writer. */
function isPermanent(kind: StoreFaultKind): boolean {
  return kind === 'corrupt' || kind === 'fenced';
}

/** Writes (every method but GET, HEAD, OPTIONS) answer 503 before any work while the store is faulted. */
export function installStoreHealth(app: FastifyInstance, health: StoreHealth): void {
  app.addHook('onRequest', async (req) => {
    if (health.fault === null || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    throw health.notReady();
  });
}
