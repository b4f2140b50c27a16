import type { OnCallRotation } from '../../api/alerting-api.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

export interface OnCallShift {
  memberId: string;
  startsAt: number;
  endsAt: number;
  isOverride: boolean;
}

/**
 * Who is on call at `t`: the server's rule (alerting/routing/on-call-rotation.ts, docs/alerting.md), repeated
 * here so the page needs no extra request. The first member holds from `startsAt` to the first handoff
 * strictly after it; each handoff passes to the next member. Null before `startsAt` or with no members.
 * @example findOnCall(team.rotation, Date.now())?.memberId
 */
export function findOnCall(rotation: OnCallRotation, t: number): OnCallShift | null {
  const override = rotation.overrides?.find((o) => o.startsAt <= t && t < o.endsAt);
  if (override) return { memberId: override.memberId, startsAt: override.startsAt, endsAt: override.endsAt, isOverride: true };
  const n = rotation.memberIds.length;
  if (n === 0 || t < rotation.startsAt) return null;
  const day = Math.floor(rotation.startsAt / DAY_MS) * DAY_MS;
  let first = day + ((rotation.handoffWeekday - new Date(day).getUTCDay() + 7) % 7) * DAY_MS + rotation.handoffHour * HOUR_MS;
  if (first <= rotation.startsAt) first += WEEK_MS;
  if (t < first) return { memberId: rotation.memberIds[0]!, startsAt: rotation.startsAt, endsAt: first, isOverride: false };
  const k = 1 + Math.floor((t - first) / WEEK_MS);
  const startsAt = first + (k - 1) * WEEK_MS;
  return { memberId: rotation.memberIds[k % n]!, startsAt, endsAt: startsAt + WEEK_MS, isOverride: false };
}

/** The next `count` shifts from `t` on (the current one first). */
export function listShifts(rotation: OnCallRotation, t: number, count: number): OnCallShift[] {
  const shifts: OnCallShift[] = [];
  let at = Math.max(t, rotation.startsAt);
  for (let i = 0; i < count; i++) {
    const s = findOnCall(rotation, at);
    if (!s) break;
    shifts.push(s);
    at = s.endsAt;
  }
  return shifts;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
