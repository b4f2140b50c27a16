import type { OnCallRotation } from '../../storage/index.js';

export type { OnCallRotation };
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

export interface OnCallShift {
  memberId: string;
  /** Inclusive. */
  startsAt: number;
  /** Exclusive. */
  endsAt: number;
  isOverride: boolean;
}

/**
 * Who is on call at `t`. The first member holds from `startsAt` to the first handoff strictly after it; each
 * later handoff passes to the next member, wrapping around. Null before `startsAt` or with no members.
 * @example
 * // Monday 09:00 UTC handoffs, starting Monday 2025-01-06 09:00
 * findOnCall({ startsAt: Date.UTC(2025, 0, 6, 9), handoffWeekday: 1, handoffHour: 9, memberIds: ['ana', 'bo'] },
 *   Date.UTC(2025, 0, 13, 9)) // { memberId: 'bo', ... }
 */
export function findOnCall(rotation: OnCallRotation, t: number): OnCallShift | null {
  const override = rotation.overrides?.find((o) => o.startsAt <= t && t < o.endsAt);
  if (override)
    return { memberId: override.memberId, startsAt: override.startsAt, endsAt: override.endsAt, isOverride: true };
  const n = rotation.memberIds.length;
  if (n === 0 || t < rotation.startsAt) return null;
  const first = firstHandoffAfter(rotation);
  if (t < first)
    return { memberId: rotation.memberIds[0], startsAt: rotation.startsAt, endsAt: first, isOverride: false };
  const k = 1 + Math.floor((t - first) / WEEK_MS);
  const startsAt = first + (k - 1) * WEEK_MS;
  return { memberId: rotation.memberIds[k % n], startsAt, endsAt: startsAt + WEEK_MS, isOverride: false };
}

function firstHandoffAfter(r: OnCallRotation): number {
  if (!(r.handoffWeekday >= 0 && r.handoffWeekday <= 6 && r.handoffHour >= 0 && r.handoffHour <= 23)) {
    throw new RangeError('handoffWeekday must be 0–6 and handoffHour 0–23');
  }
  const day = Math.floor(r.startsAt / DAY_MS) * DAY_MS;
  const weekday = new Date(day).getUTCDay();
  let candidate = day + ((r.handoffWeekday - weekday + 7) % 7) * DAY_MS + r.handoffHour * HOUR_MS;
  if (candidate <= r.startsAt) candidate += WEEK_MS;
  return candidate;
}

/**
 * `count` consecutive shifts from `t` on: the one holding at `t` first (or, before the rotation starts, its
 * first shift). Empty without members.
 * @example listShifts(team.rotation, now, 4).slice(1) // the next three handoffs
 */
export function listShifts(rotation: OnCallRotation, t: number, count: number): OnCallShift[] {
  const shifts: OnCallShift[] = [];
  let at = Math.max(t, rotation.startsAt);
  for (let i = 0; i < count; i++) {
    const shift = findOnCall(rotation, at);
    if (!shift) break;
    shifts.push(shift);
    at = shift.endsAt;
  }
  return shifts;
}
