import type { ApiKeyRecord, KeyStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const COLUMNS = `id, name, role, created_at AS "createdAtMs", revoked_at AS "revokedAtMs", models, use_cases AS "useCases",
  expires_at AS "expiresAtMs", created_by AS "createdBy", rotated_from AS "rotatedFrom",
  last_used_at AS "lastUsedAtMs", last_used_ip AS "lastUsedIp"`;

/** API keys, stored as SHA-256 hashes (plugins/auth.ts), with their scope limits, expiry, rotation and last use. */
export class PostgresKeyStore implements KeyStore {
  constructor(private readonly db: PostgresDb) {}

  async findActiveByHash(hash: string): Promise<ApiKeyRecord | null> {
    return (
      (await this.db.one<ApiKeyRecord>(`SELECT ${COLUMNS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`, [
        hash,
      ])) ?? null
    );
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    return (await this.db.one<ApiKeyRecord>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id])) ?? null;
  }

  async create(k: ApiKeyRecord & { hash: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at, models, use_cases, expires_at, created_by, rotated_from)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        k.id,
        k.name,
        k.role,
        k.hash,
        k.createdAtMs,
        k.revokedAtMs,
        k.models ?? [],
        k.useCases ?? [],
        k.expiresAtMs ?? null,
        k.createdBy ?? null,
        k.rotatedFrom ?? null,
      ],
    );
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.db.query<ApiKeyRecord>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
  }

  async revoke(id: string, atMs: number): Promise<boolean> {
    const r = await this.db.query(
      'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING 1',
      [atMs, id],
    );
    return r.length === 1;
  }

  async expire(id: string, atMs: number): Promise<boolean> {
    const r = await this.db.query(
      'UPDATE api_keys SET expires_at = least(coalesce(expires_at, $1), $1) WHERE id = $2 AND revoked_at IS NULL RETURNING 1',
      [atMs, id],
    );
    return r.length === 1;
  }

  async touch(id: string, atMs: number, ip: string | null): Promise<void> {
    await this.db.query('UPDATE api_keys SET last_used_at = $1, last_used_ip = $2 WHERE id = $3', [atMs, ip, id]);
  }

  async countActiveAdmins(): Promise<number> {
    return (await this.db.one<{ n: number }>(
      "SELECT count(*)::int AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL",
    ))!.n;
  }
}
