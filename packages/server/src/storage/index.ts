import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './contracts/store.js';

export type * from './contracts/store.js';
export { classifyStoreFault, type StoreFaultKind } from './store-fault.js';

export interface StoreOptions {
  backend: 'sqlite';
  dataDir: string;
  sync: 'normal' | 'full';
  busyTimeoutMs: number;
}

/** The one place that chooses a storage backend. */
export function openStore(opts: StoreOptions): Store {
  switch (opts.backend) {
    case 'sqlite':
      return openSqliteStore(opts);
  }
}
