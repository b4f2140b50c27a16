import type { Migration } from './migration.js';

/**
 * People (local or OIDC), their dashboard sessions (only the SHA-256 of the cookie's id is stored), and API
 * keys with scopes limited to models or use cases, expiry, rotation and last use.
 */
export const identity: Migration = {
  version: 160,
  name: 'users, sessions, API key scopes, expiry, rotation and last use',
  sql: `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      email TEXT,
      password_hash TEXT,
      roles TEXT NOT NULL,
      teams TEXT NOT NULL,
      is_disabled INTEGER NOT NULL DEFAULT 0,
      source TEXT NOT NULL CHECK (source IN ('local', 'oidc')),
      oidc_subject TEXT UNIQUE,
      created_at INTEGER NOT NULL,
      last_login_at INTEGER
    );
    CREATE TABLE sessions (
      id_hash TEXT PRIMARY KEY,
      user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
      key_id TEXT,
      csrf_token TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      source_ip TEXT
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    ALTER TABLE api_keys ADD COLUMN models TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE api_keys ADD COLUMN use_cases TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
    ALTER TABLE api_keys ADD COLUMN created_by TEXT;
    ALTER TABLE api_keys ADD COLUMN rotated_from TEXT;
    ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
    ALTER TABLE api_keys ADD COLUMN last_used_ip TEXT;
  `,
};
