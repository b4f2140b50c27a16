/** A message the built-in inbox channel received: what one team was sent, as rendered for it. */
export interface InboxRecord {
  atMs: number;
  channelId: string;
  team: string | null;
  purpose: string;
  kind: string;
  severity: string;
  area: string;
  title: string;
  summary: string;
  incidentId: string | null;
  runbook: string | null;
  onCall: string | null;
}

/** The inbox channel's messages; a backend keeps at least the newest 10,000 and may prune older ones. */
export interface InboxStore {
  /** Stores a message (pruning the oldest beyond the cap in the same transaction); resolves with its id. */
  add(message: InboxRecord): Promise<number>;
  /** Newest first. */
  list(query: { team?: string; incidentId?: string; limit: number }): Promise<Array<InboxRecord & { id: number }>>;
  /** Every team with messages: how many and the newest. */
  countByTeam(): Promise<Array<{ team: string; messages: number; lastAtMs: number }>>;
}
