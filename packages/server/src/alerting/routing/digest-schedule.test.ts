import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigestSchedule, lastDigestDueAt, localDate, nextDigestDueAt } from './digest-schedule.js';

const berlin = { time: '08:30', timeZone: 'Europe/Berlin' };
const newYork = { time: '18:00', timeZone: 'America/New_York' };
const iso = (ms: number) => new Date(ms).toISOString();

test('digest times keep the local time of day across daylight-saving changes', () => {
  // Berlin: CEST (UTC+2) until 2026-10-25 03:00, then CET (UTC+1).
  assert.equal(iso(lastDigestDueAt(Date.UTC(2026, 9, 24, 12), berlin)), '2026-10-24T06:30:00.000Z');
  assert.equal(iso(nextDigestDueAt(Date.UTC(2026, 9, 24, 12), berlin)), '2026-10-25T07:30:00.000Z');
  assert.equal(iso(lastDigestDueAt(Date.UTC(2026, 9, 25, 7, 29, 59), berlin)), '2026-10-24T06:30:00.000Z');
  assert.equal(
    iso(lastDigestDueAt(Date.UTC(2026, 9, 25, 7, 30), berlin)),
    '2026-10-25T07:30:00.000Z',
    'due at, not after',
  );
  // New York: EDT (UTC−4) until 2026-11-01 02:00, then EST (UTC−5).
  assert.equal(iso(nextDigestDueAt(Date.UTC(2026, 9, 31, 23), newYork)), '2026-11-01T23:00:00.000Z');
  assert.equal(iso(lastDigestDueAt(Date.UTC(2026, 9, 31, 23), newYork)), '2026-10-31T22:00:00.000Z');
  assert.equal(localDate(Date.UTC(2026, 9, 31, 22), 'America/New_York'), '2026-10-31');
  assert.equal(localDate(Date.UTC(2026, 9, 31, 22), 'Asia/Tokyo'), '2026-11-01');
});

test('a skipped local time moves an hour later; a doubled one is taken once', () => {
  const skipped = { time: '02:30', timeZone: 'Europe/Berlin' }; // 2026-03-29 02:00 → 03:00
  assert.equal(iso(nextDigestDueAt(Date.UTC(2026, 2, 28, 12), skipped)), '2026-03-29T01:30:00.000Z');
  const doubled = { time: '01:30', timeZone: 'America/New_York' }; // 2026-11-01 02:00 EDT → 01:00 EST
  const first = nextDigestDueAt(Date.UTC(2026, 9, 31, 12), doubled);
  assert.equal(nextDigestDueAt(first, doubled) - first, 24 * 3_600_000);
});

test('schedules are checked field by field', () => {
  assert.deepEqual(checkDigestSchedule(berlin), []);
  assert.deepEqual(
    checkDigestSchedule({ time: '8:30', timeZone: 'Mars/Olympus_Mons' }).map(([f]) => f),
    ['time', 'timeZone'],
  );
  assert.deepEqual(
    checkDigestSchedule({ time: '24:00', timeZone: 'UTC' }).map(([f]) => f),
    ['time'],
  );
});
