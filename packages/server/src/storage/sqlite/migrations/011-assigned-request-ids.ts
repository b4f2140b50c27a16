import type { Migration } from './migration.js';
import { newRequestIdPrefix } from '../../request-key.js';

export const assignedRequestIds: Migration = {
  version: 11,
  name: 'request ids assigned by the store: their per-store prefix',
  sql: '',
  run: (db) => {
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('request_id_prefix', ?)").run(newRequestIdPrefix());
  },
};
