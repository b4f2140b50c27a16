import type Database from 'better-sqlite3';
import type { ApiKeyRecord, KeyStore } from '../contracts/index.js';

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRecord['role'];
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

function rowToKey(r: KeyRow): ApiKeyRecord {
  return { id: r.id, name: r.name, role: r.role, createdAtMs: r.created_at, revokedAtMs: r.revoked_at };
}

/** API keys, stored as SHA-256 hashes (plugins/auth.ts). */
export class SqliteKeyStore implements KeyStore {
  constructor(private readonly db: Database.Database) {}

  async findActiveByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hash) as
      KeyRow | undefined;
    return row ? rowToKey(row) : null;
  }

  async create(k: ApiKeyRecord & { hash: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(k.id, k.name, k.role, k.hash, k.createdAtMs, k.revokedAtMs);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at').all() as KeyRow[]).map(rowToKey);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(atMs, id)
        .changes === 1
    );
  }

  async countActiveAdmins(): Promise<number> {
    return (
      this.db.prepare("SELECT count(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL").get() as {
        n: number;
      }
    ).n;
  }
}
