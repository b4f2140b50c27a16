/** A person who signs in: a local password (argon2id hash) or single sign-on (OIDC subject). */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** PHC string of the argon2id hash; null for SSO-only people. */
  passwordHash: string | null;
  roles: string[];
  /** RACI teams (and so their rotations) the person belongs to. */
  teams: string[];
  isDisabled: boolean;
  source: 'local' | 'oidc';
  /** `<issuer> <sub>` for people who came through OIDC. */
  oidcSubject: string | null;
  createdAtMs: number;
  lastLoginAtMs: number | null;
}

/** A dashboard session: the cookie carries a random id, the store keeps only its SHA-256 hash. */
export interface SessionRecord {
  idHash: string;
  /** A person's session, or an operator's signed in with an API key. */
  userId: string | null;
  keyId: string | null;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
  sourceIp: string | null;
}

export interface UserStore {
  /** False when the username is taken. */
  createUser(user: UserRecord): Promise<boolean>;
  updateUser(user: UserRecord): Promise<boolean>;
  findUserById(id: string): Promise<UserRecord | null>;
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUserByOidcSubject(subject: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  createSession(session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a person (disabled, password changed). */
  deleteSessionsOfUser(userId: string): Promise<number>;
  /** Removes sessions that expired before `nowMs`. */
  pruneSessions(nowMs: number): Promise<number>;
  /** The single sign-on settings as the identity service wrote them (JSON, its secret sealed), or null. */
  readOidcSettings(): Promise<string | null>;
  writeOidcSettings(json: string): Promise<void>;
}
