// The storage backends the contract suite runs against. Adding a backend is one entry here: every
// *.test.ts in this folder loops over `backends`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/storage/index.js';
import { postgresCluster } from '../helpers/postgres-cluster.js';

export interface OpenedStore {
  store: Store;
  /** Opens the same data again (after `store.close()`), as a restarted server would. */
  reopen(): Promise<Store>;
  /** Removes the data. */
  destroy(): Promise<void>;
}

export interface StoreBackend {
  name: string;
  /** A fresh, empty store of this backend, opened through storage/index.ts like the server opens it. */
  create(): Promise<OpenedStore>;
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-contract-'));
    const config = { dataDir, sync: 'normal' as const, busyTimeoutMs: 5000, databaseUrl: undefined };
    return {
      store: await openStore(config),
      reopen: () => openStore(config),
      destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

// A fresh database on the test process's throwaway cluster (helpers/postgres-cluster.ts); dropped with the cluster.
const postgres: StoreBackend = {
  name: 'postgres',
  async create() {
    const databaseUrl = await (await postgresCluster()).createDatabase();
    const config = { dataDir: '', sync: 'normal' as const, busyTimeoutMs: 5000, databaseUrl };
    return {
      store: await openStore(config),
      reopen: () => openStore(config),
      destroy: async () => undefined,
    };
  },
};

export const backends: StoreBackend[] = [sqlite, postgres];

/** Runs `fn` on a fresh store of `backend` and closes and removes it afterwards, pass or fail. */
export async function withStore(
  backend: StoreBackend,
  fn: (store: Store, opened: OpenedStore) => Promise<void>,
): Promise<void> {
  const opened = await backend.create();
  let current = opened.store;
  try {
    await fn(current, {
      ...opened,
      reopen: async () => {
        await current.close();
        current = await opened.reopen();
        return current;
      },
    });
  } finally {
    await current.close();
    await opened.destroy();
  }
}
