/** One schema change. Never edit a shipped migration: add the next version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
