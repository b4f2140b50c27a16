import type Database from 'better-sqlite3';
import type { ApiKeyRecord, KeyStore } from '../contracts/index.js';

interface KeyRow {
  id: string;
  name: string;
  role: ApiKeyRecord['role'];
  hash: string;
  created_at: number;
  revoked_at: number | null;
  models: string;
  use_cases: string;
  expires_at: number | null;
  created_by: string | null;
  rotated_from: string | null;
  last_used_at: number | null;
  last_used_ip: string | null;
}

function rowToKey(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAtMs: r.created_at,
    revokedAtMs: r.revoked_at,
    models: JSON.parse(r.models) as string[],
    useCases: JSON.parse(r.use_cases) as string[],
    expiresAtMs: r.expires_at,
    createdBy: r.created_by,
    rotatedFrom: r.rotated_from,
    lastUsedAtMs: r.last_used_at,
    lastUsedIp: r.last_used_ip,
  };
}

/** API keys, stored as SHA-256 hashes (plugins/auth.ts). */
export class SqliteKeyStore implements KeyStore {
  constructor(private readonly db: Database.Database) {}

  async findActiveByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hash) as
      KeyRow | undefined;
    return row ? rowToKey(row) : null;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
    return row ? rowToKey(row) : null;
  }

  async create(k: ApiKeyRecord & { hash: string }): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at, models, use_cases, expires_at, created_by, rotated_from)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        k.id,
        k.name,
        k.role,
        k.hash,
        k.createdAtMs,
        k.revokedAtMs,
        JSON.stringify(k.models ?? []),
        JSON.stringify(k.useCases ?? []),
        k.expiresAtMs ?? null,
        k.createdBy ?? null,
        k.rotatedFrom ?? null,
      );
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as KeyRow[]).map(rowToKey);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(atMs, id)
        .changes === 1
    );
  }

  async expire(id: string, atMs: number): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE api_keys SET expires_at = min(coalesce(expires_at, ?), ?) WHERE id = ? AND revoked_at IS NULL')
        .run(atMs, atMs, id).changes === 1
    );
  }

  async touch(id: string, atMs: number, ip: string | null): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?').run(atMs, ip, id);
  }

  async countActiveAdmins(): Promise<number> {
    return (
      this.db.prepare("SELECT count(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL").get() as {
        n: number;
      }
    ).n;
  }
}
