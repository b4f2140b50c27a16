/** A custom dashboard as stored: its wire body (panels included) and bookkeeping. */
export interface DashboardRecord {
  id: string;
  name: string;
  description: string | null;
  team: string | null;
  range: string;
  /** The panels as sent (validated by the API). */
  panels: unknown[];
  createdAtMs: number;
  updatedAtMs: number;
  version: number;
}

/** Custom dashboards and each team's pinned home dashboard. */
export interface DashboardStore {
  list(): Promise<DashboardRecord[]>;
  get(id: string): Promise<DashboardRecord | null>;
  /** Creates; false when the id is taken. */
  create(d: DashboardRecord): Promise<boolean>;
  /** Replaces when the stored version is `expectedVersion`; false otherwise (changed concurrently). */
  update(d: DashboardRecord, expectedVersion: number): Promise<boolean>;
  /** Deletes it and unpins it from every team, in one transaction; false when it did not exist. */
  delete(id: string): Promise<boolean>;
  listHomes(): Promise<Array<{ team: string; dashboardId: string }>>;
  /** Pins a dashboard as a team's home, or unpins with null. */
  setHome(team: string, dashboardId: string | null, atMs: number): Promise<void>;
}
