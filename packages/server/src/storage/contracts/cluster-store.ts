/**
 * A writer whose node died, taken over by this node (`ClusterStore.adoptOrphanWriter`): `store` reads and flushes
 * as that writer (its watermarks, its events and labels), so replaying from its watermarks puts every event it
 * acknowledged into the rollups exactly once. Then `retire` it (nothing of it is left to replay), or `release`
 * it when the replay failed, for this or another node to try again.
 */
export interface AdoptedWriter<S> {
  /** The store, seen as the adopted writer (store.ts `Store`). */
  readonly store: S;
  retire(): Promise<void>;
  release(): Promise<void>;
}

/**
 * What nodes sharing one store coordinate through it: leases, so background work (alert evaluation, escalation,
 * deliveries, digests, retention, snapshots) runs on one node at a time, and the adoption of dead nodes' writers.
 * A store with a single node (SQLite) grants every lease and has no orphans.
 */
export interface ClusterStore<S> {
  /** Takes lease `name` when no other node holds it; true when this node holds it now. Does not wait. */
  tryLease(name: string): Promise<boolean>;
  /**
   * Whether this node still holds `name`. False once its hold was lost (its session to the database broke); the
   * work it guarded must stop, another node may take it over.
   */
  holdsLease(name: string): boolean;
  releaseLease(name: string): Promise<void>;
  /** A dead node's writer, taken over by this node, or null when there is none. */
  adoptOrphanWriter(): Promise<AdoptedWriter<S> | null>;
}
