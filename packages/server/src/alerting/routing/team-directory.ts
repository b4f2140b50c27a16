import type { DigestSchedule } from './digest-schedule.js';
import type { OnCallRotation } from './on-call-rotation.js';
import type { Team, TeamMember } from '../../storage/index.js';

export type { Team, TeamMember };

/** The four teams of the deck plus Executive (escalation's last level), with no members or channels yet. */
export const DEFAULT_TEAM_NAMES = ['DevOps', 'Data Science', 'InfoSec', 'Business', 'Executive'] as const;
