import { ConfigError, type Config } from '../config/index.js';
import type { Store } from './contracts/index.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export type * from './contracts/index.js';
export { classifyStoreFault, type StoreFaultKind } from './store-fault.js';

/** The settings that choose and open the store. */
export type StoreConfig = Pick<Config, 'dataDir' | 'sync' | 'busyTimeoutMs' | 'databaseUrl'>;

/**
 * The one place that chooses a storage backend, from the configuration: the embedded SQLite file in `dataDir`,
 * or — once it is built — PostgreSQL at `databaseUrl`. Until then a `databaseUrl` is refused with a
 * ConfigError, so a deployment that asks for PostgreSQL never runs on a local file by mistake.
 *
 * @example const store = await openStore(config); … await store.close();
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl !== undefined)
    throw new ConfigError([
      'VIGIL_DATABASE_URL / --database-url: the PostgreSQL backend is not built yet; unset it to use the embedded SQLite store in dataDir',
    ]);
  return openSqliteStore(config);
}
