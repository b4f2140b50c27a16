import type { DigestSchedule } from '../../incidents/digest/digest-schedule.js';
import type { OnCallRotation } from './on-call-rotation.js';

export interface TeamMember {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  /** Slack member id, to mention the person on call (`<@U123>`). */
  slackUserId?: string;
}

/**
 * A team of the RACI matrix. Channels are ids of configured {@link AlertChannel}s, by purpose:
 * `page` wakes someone (PagerDuty), `notify` informs (Slack, Teams, e-mail, webhook), `digest` gets the daily digest.
 */
export interface Team {
  name: string;
  members: readonly TeamMember[];
  rotation?: OnCallRotation;
  channels: { page: readonly string[]; notify: readonly string[]; digest: readonly string[] };
  /** When the daily digest goes out, in the team's time zone; the server's default (08:00 UTC) without it. */
  digest?: DigestSchedule;
}

/** The four teams of the deck plus Executive (escalation's last level), with no members or channels yet. */
export const DEFAULT_TEAM_NAMES = ['DevOps', 'Data Science', 'InfoSec', 'Business', 'Executive'] as const;
