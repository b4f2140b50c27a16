import type { AdoptedWriter, ClusterStore, Store } from '../contracts/index.js';

/**
 * A SQLite file has one writer and one node: every lease is granted and there is never a dead node's writer to
 * adopt (a restarted server replays its own events).
 */
export class SqliteClusterStore implements ClusterStore<Store> {
  private readonly held = new Set<string>();

  async tryLease(name: string): Promise<boolean> {
    this.held.add(name);
    return true;
  }

  holdsLease(name: string): boolean {
    return this.held.has(name);
  }

  async releaseLease(name: string): Promise<void> {
    this.held.delete(name);
  }

  async adoptOrphanWriter(): Promise<AdoptedWriter<Store> | null> {
    return null;
  }
}
