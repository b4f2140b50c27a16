import type { SessionRecord, UserRecord, UserStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const USER_COLUMNS = `id, username, display_name AS "displayName", email, password_hash AS "passwordHash", roles, teams,
  is_disabled AS "isDisabled", source, oidc_subject AS "oidcSubject", created_at AS "createdAtMs",
  last_login_at AS "lastLoginAtMs"`;
const SESSION_COLUMNS = `id_hash AS "idHash", user_id AS "userId", key_id AS "keyId", csrf_token AS "csrfToken",
  created_at AS "createdAtMs", expires_at AS "expiresAtMs", source_ip AS "sourceIp"`;

/**
 * People and their dashboard sessions (migration 160). Usernames are unique case-insensitively (a unique index on
 * lower(username)), as the SQLite store's NOCASE column; roles and teams are text arrays.
 */
export class PostgresUserStore implements UserStore {
  constructor(private readonly db: PostgresDb) {}

  async createUser(u: UserRecord): Promise<boolean> {
    const r = await this.db.query(
      `INSERT INTO users (id, username, display_name, email, password_hash, roles, teams, is_disabled, source, oidc_subject, created_at, last_login_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        u.id,
        u.username,
        u.displayName,
        u.email,
        u.passwordHash,
        u.roles,
        u.teams,
        u.isDisabled,
        u.source,
        u.oidcSubject,
        u.createdAtMs,
        u.lastLoginAtMs,
      ],
    );
    return r.length === 1;
  }

  async updateUser(u: UserRecord): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE users SET display_name = $2, email = $3, password_hash = $4, roles = $5, teams = $6, is_disabled = $7,
         oidc_subject = $8, last_login_at = $9
       WHERE id = $1 RETURNING 1`,
      [u.id, u.displayName, u.email, u.passwordHash, u.roles, u.teams, u.isDisabled, u.oidcSubject, u.lastLoginAtMs],
    );
    return r.length === 1;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    return (await this.db.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])) ?? null;
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    return (
      (await this.db.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`, [
        username,
      ])) ?? null
    );
  }

  async findUserByOidcSubject(subject: string): Promise<UserRecord | null> {
    return (
      (await this.db.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE oidc_subject = $1`, [subject])) ?? null
    );
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username), username`);
  }

  async countUsers(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT count(*)::int AS n FROM users'))!.n;
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO sessions (id_hash, user_id, key_id, csrf_token, created_at, expires_at, source_ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.idHash, s.userId, s.keyId, s.csrfToken, s.createdAtMs, s.expiresAtMs, s.sourceIp],
    );
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    return (
      (await this.db.one<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = $1`, [idHash])) ?? null
    );
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE user_id = $1 RETURNING 1', [userId])).length;
  }

  async pruneSessions(nowMs: number): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE expires_at < $1 RETURNING 1', [nowMs])).length;
  }
}
