import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOnCall, listShifts, type OnCallRotation } from './index.js';

const H = 3_600_000;
// Monday 09:00 UTC handoffs; rotation starts Wednesday 2025-01-01 12:00 UTC
const rotation: OnCallRotation = {
  startsAt: Date.UTC(2025, 0, 1, 12),
  handoffWeekday: 1,
  handoffHour: 9,
  memberIds: ['ana', 'bo', 'cy'],
};

test('week boundaries: first partial shift, then one member per week, wrapping', () => {
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 1, 11, 59)), null);
  assert.deepEqual(findOnCall(rotation, Date.UTC(2025, 0, 1, 12)), {
    memberId: 'ana',
    startsAt: Date.UTC(2025, 0, 1, 12),
    endsAt: Date.UTC(2025, 0, 6, 9),
    isOverride: false,
  });
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 6, 9) - 1)?.memberId, 'ana');
  assert.deepEqual(findOnCall(rotation, Date.UTC(2025, 0, 6, 9)), {
    memberId: 'bo',
    startsAt: Date.UTC(2025, 0, 6, 9),
    endsAt: Date.UTC(2025, 0, 13, 9),
    isOverride: false,
  });
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 13, 9) - 1)?.memberId, 'bo');
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 13, 9))?.memberId, 'cy');
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 20, 9))?.memberId, 'ana');
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 27, 8, 59))?.memberId, 'ana');
  assert.equal(findOnCall(rotation, Date.UTC(2025, 0, 27, 9))?.memberId, 'bo');
  // a year later: 52 full weeks after 2025-01-06 09:00 is 2026-01-05 09:00 → index 53 % 3 = 2
  assert.equal(findOnCall(rotation, Date.UTC(2026, 0, 5, 9))?.memberId, 'cy');
});

test('a rotation starting exactly at a handoff gives the first member a full week', () => {
  const r = { ...rotation, startsAt: Date.UTC(2025, 0, 6, 9) };
  assert.deepEqual(findOnCall(r, Date.UTC(2025, 0, 6, 9)), {
    memberId: 'ana',
    startsAt: Date.UTC(2025, 0, 6, 9),
    endsAt: Date.UTC(2025, 0, 13, 9),
    isOverride: false,
  });
  assert.equal(findOnCall(r, Date.UTC(2025, 0, 13, 9))?.memberId, 'bo');
});

test('overrides win; no members means nobody', () => {
  const r = {
    ...rotation,
    overrides: [{ memberId: 'dee', startsAt: Date.UTC(2025, 0, 7), endsAt: Date.UTC(2025, 0, 7) + 24 * H }],
  };
  assert.deepEqual(findOnCall(r, Date.UTC(2025, 0, 7, 3)), {
    memberId: 'dee',
    startsAt: Date.UTC(2025, 0, 7),
    endsAt: Date.UTC(2025, 0, 8),
    isOverride: true,
  });
  assert.equal(findOnCall(r, Date.UTC(2025, 0, 8))?.memberId, 'bo');
  assert.equal(findOnCall({ ...rotation, memberIds: [] }, Date.UTC(2025, 0, 8)), null);
});

test('listShifts: from the shift holding now, or from the first shift before the rotation starts', () => {
  const members = (t: number) =>
    listShifts(rotation, t, 3).map((s) => `${s.memberId}@${new Date(s.startsAt).toISOString().slice(0, 13)}`);
  assert.deepEqual(members(Date.UTC(2025, 0, 8)), ['bo@2025-01-06T09', 'cy@2025-01-13T09', 'ana@2025-01-20T09']);
  assert.deepEqual(members(Date.UTC(2024, 11, 1)), ['ana@2025-01-01T12', 'bo@2025-01-06T09', 'cy@2025-01-13T09']);
  assert.deepEqual(listShifts({ ...rotation, memberIds: [] }, Date.UTC(2025, 0, 8), 3), []);
});
