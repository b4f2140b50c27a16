export type KeyRole = 'admin' | 'ingest' | 'read';

/** An API key as stored (its secret only as a SHA-256 hash). `role` is the key's scope. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: KeyRole;
  createdAtMs: number;
  revokedAtMs: number | null;
  /** For ingest keys: the models (and the use cases whose models) it may send; empty lists mean any. */
  models?: string[];
  useCases?: string[];
  /** The key stops working at this time (null: never). */
  expiresAtMs?: number | null;
  createdBy?: string | null;
  /** The key this one replaced at rotation. */
  rotatedFrom?: string | null;
  lastUsedAtMs?: number | null;
  lastUsedIp?: string | null;
}

export interface KeyStore {
  /** The key with this hash unless revoked (expiry is the caller's check: it holds the clock). */
  findActiveByHash(hash: string): Promise<ApiKeyRecord | null>;
  findById(id: string): Promise<ApiKeyRecord | null>;
  create(key: ApiKeyRecord & { hash: string }): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, atMs: number): Promise<boolean>;
  /** Moves an active key's expiry earlier (rotation grace); false when the key is gone or revoked. */
  expire(id: string, atMs: number): Promise<boolean>;
  /** Records a use: when and from which address. */
  touch(id: string, atMs: number, ip: string | null): Promise<void>;
  countActiveAdmins(): Promise<number>;
}
