import type Database from 'better-sqlite3';

/** One schema change. Never edit a shipped migration: add the next version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A data step after `sql`, in the same transaction, for what SQL alone cannot compute. */
  run?: (db: Database.Database) => void;
}
