import type { Config } from '../config/index.js';
import type { Store } from './contracts/index.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export type * from './contracts/index.js';
export { classifyStoreFault, type StoreFaultKind } from './store-fault.js';
export { SchemaTooNewError } from './schema-too-new.js';

/** The settings that choose and open the store. */
export type StoreConfig = Pick<Config, 'dataDir' | 'sync' | 'busyTimeoutMs' | 'databaseUrl'> &
  Partial<Pick<Config, 'nodeName' | 'clusterStaleMs'>>;

/**
 * The one place that chooses a storage backend, from the configuration: PostgreSQL at `databaseUrl` when it is
 * set (several nodes share it), else the embedded SQLite file in `dataDir`.
 *
 * @example const store = await openStore(config); … await store.close();
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl !== undefined)
    return openPostgresStore({
      databaseUrl: config.databaseUrl,
      nodeName: config.nodeName,
      timings: config.clusterStaleMs
        ? { staleMs: config.clusterStaleMs, heartbeatMs: Math.max(500, Math.floor(config.clusterStaleMs / 5)) }
        : undefined,
    });
  return openSqliteStore(config);
}
