import type { InboxList } from '@vigil/protocol';
import type { InboxStore } from '../../storage/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** What the built-in inbox channel received, per team (docs/alerting.md "Inbox"). */
export interface InboxService {
  /** Messages newest first (of one team or incident when given), and every team's count and newest message. */
  list(q: { team?: string; incidentId?: string; limit: number }): Promise<InboxList>;
}

/**
 * @example const inbox = createInboxService(store.inbox); await inbox.list({ team: 'DevOps', limit: 50 });
 */
export function createInboxService(store: InboxStore): InboxService {
  return {
    async list(q) {
      const [messages, teams] = await Promise.all([store.list(q), store.countByTeam()]);
      return {
        messages: messages.map(({ atMs, ...m }) => ({ ...m, at: iso(atMs) })),
        teams: teams.map((t) => ({ team: t.team, messages: t.messages, lastAt: iso(t.lastAtMs) })),
      };
    },
  };
}
