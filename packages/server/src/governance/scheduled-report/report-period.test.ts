import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePeriod, lastDuePeriod, periodContaining } from './report-period.js';

test('periods: UTC calendar months and Monday weeks; the latest due one turns over at the send hour', () => {
  const nov = periodContaining(Date.UTC(2026, 10, 17, 13), 'monthly');
  assert.deepEqual([nov.from, nov.to], [Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)]);
  const dec = periodContaining(Date.UTC(2026, 11, 31, 23), 'monthly');
  assert.deepEqual([dec.from, dec.to], [Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)]);
  // 2026-11-29 is a Sunday: its week began Monday 2026-11-23.
  const week = periodContaining(Date.UTC(2026, 10, 29, 22), 'weekly');
  assert.deepEqual([week.from, week.to], [Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 30)]);
  assert.equal(periodContaining(Date.UTC(2026, 10, 30), 'weekly').from, Date.UTC(2026, 10, 30));
  assert.equal(lastDuePeriod(Date.UTC(2026, 11, 1, 5, 59), 'monthly', 6).from, Date.UTC(2026, 9, 1));
  assert.equal(lastDuePeriod(Date.UTC(2026, 11, 1, 6), 'monthly', 6).from, Date.UTC(2026, 10, 1));
  assert.equal(lastDuePeriod(Date.UTC(2026, 11, 2, 7), 'weekly', 6).from, Date.UTC(2026, 10, 23));
  assert.equal(describePeriod(nov), 'November 2026');
  assert.equal(describePeriod(week), 'week of 2026-11-23');
});
