export type KeyRole = 'admin' | 'ingest' | 'read';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: KeyRole;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export interface KeyStore {
  findActiveByHash(hash: string): Promise<ApiKeyRecord | null>;
  create(key: ApiKeyRecord & { hash: string }): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, atMs: number): Promise<boolean>;
  countActiveAdmins(): Promise<number>;
}
