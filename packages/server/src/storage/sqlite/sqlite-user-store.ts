import type Database from 'better-sqlite3';
import type { SessionRecord, UserRecord, UserStore } from '../contracts/index.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  roles: string;
  teams: string;
  is_disabled: number;
  source: 'local' | 'oidc';
  oidc_subject: string | null;
  created_at: number;
  last_login_at: number | null;
}

interface SessionRow {
  id_hash: string;
  user_id: string | null;
  key_id: string | null;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  source_ip: string | null;
}

function rowToUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    passwordHash: r.password_hash,
    roles: JSON.parse(r.roles) as string[],
    teams: JSON.parse(r.teams) as string[],
    isDisabled: r.is_disabled === 1,
    source: r.source,
    oidcSubject: r.oidc_subject,
    createdAtMs: r.created_at,
    lastLoginAtMs: r.last_login_at,
  };
}

function userParams(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    email: u.email,
    password_hash: u.passwordHash,
    roles: JSON.stringify(u.roles),
    teams: JSON.stringify(u.teams),
    is_disabled: u.isDisabled ? 1 : 0,
    source: u.source,
    oidc_subject: u.oidcSubject,
    created_at: u.createdAtMs,
    last_login_at: u.lastLoginAtMs,
  };
}

/** People and their dashboard sessions. */
export class SqliteUserStore implements UserStore {
  constructor(private readonly db: Database.Database) {}

  async createUser(u: UserRecord): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO users (id, username, display_name, email, password_hash, roles, teams, is_disabled, source, oidc_subject, created_at, last_login_at)
         VALUES (@id, @username, @display_name, @email, @password_hash, @roles, @teams, @is_disabled, @source, @oidc_subject, @created_at, @last_login_at)`,
      )
      .run(userParams(u));
    return r.changes === 1;
  }

  async updateUser(u: UserRecord): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE users SET display_name = @display_name, email = @email, password_hash = @password_hash, roles = @roles,
           teams = @teams, is_disabled = @is_disabled, oidc_subject = @oidc_subject, last_login_at = @last_login_at
         WHERE id = @id`,
      )
      .run(userParams(u));
    return r.changes === 1;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? rowToUser(row) : null;
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row ? rowToUser(row) : null;
  }

  async findUserByOidcSubject(subject: string): Promise<UserRecord | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE oidc_subject = ?').get(subject) as UserRow | undefined;
    return row ? rowToUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(rowToUser);
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, user_id, key_id, csrf_token, created_at, expires_at, source_ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(s.idHash, s.userId, s.keyId, s.csrfToken, s.createdAtMs, s.expiresAtMs, s.sourceIp);
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as SessionRow | undefined;
    return r
      ? {
          idHash: r.id_hash,
          userId: r.user_id,
          keyId: r.key_id,
          csrfToken: r.csrf_token,
          createdAtMs: r.created_at,
          expiresAtMs: r.expires_at,
          sourceIp: r.source_ip,
        }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  async pruneSessions(nowMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(nowMs).changes;
  }

  async readOidcSettings(): Promise<string | null> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'oidc_settings'").get() as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  async writeOidcSettings(json: string): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES ('oidc_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(json);
  }
}
