/**
 * Faults of the store itself, as opposed to bad requests: the disk is full, the file or mount is read-only, an
 * I/O error, or the database file is corrupt. A request that meets one is answered 503 VIGIL_ERR_NOT_READY with
 * Retry-After, and the server stops taking writes until a probe finds the store writable again (docs/storage.md).
 */
export type StoreFaultKind = 'disk full' | 'read-only' | 'i/o error' | 'corrupt' | 'unavailable' | 'fenced';

/**
 * The kind of store fault `err` is, or null for any other error. Reads the SQLite result code (better-sqlite3's
 * `code`, e.g. SQLITE_FULL, SQLITE_IOERR_WRITE), Node's errno codes (ENOSPC, EROFS) and the PostgreSQL store's
 * PG_UNAVAILABLE and VIGIL_FENCED.
 *
 * @example classifyStoreFault(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })) // 'disk full'
 */
export function classifyStoreFault(err: unknown): StoreFaultKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  // PostgreSQL down, restarting or unreachable (postgres-db.ts marks connection errors).
  if (code === 'PG_UNAVAILABLE') return 'unavailable';
  // Another node adopted this node's writer: it must not write again until restarted (postgres-writer.ts).
  if (code === 'VIGIL_FENCED') return 'fenced';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') return 'i/o error';
  return null;
}
