// The ReportArchiveStore contract (storage/contracts/report-archive-store.ts): one report per cadence and
// period (a second add of the same period is refused, so a period is delivered once), numbers/HTML/PDF kept
// byte for byte, deliveries updated, newest period first, and the schedule document. Every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchivedReportRecord } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);

const report = (id: string, cadence: 'monthly' | 'weekly', from: number, to: number): ArchivedReportRecord => ({
  id,
  cadence,
  periodFrom: from,
  periodTo: to,
  generatedAt: to + 3_600_000,
  numbers: { executive: { spend: 3.5 }, topRules: [{ ruleId: 'r', firings: 2 }] },
  html: '<h1>Review — November</h1>',
  pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0, 255]),
  pdfUnavailableReason: null,
  deliveries: [],
});

for (const backend of backends) {
  test(`${backend.name}: reports archive once per cadence and period, keep their bytes, list newest first`, () =>
    withStore(backend, async (store, opened) => {
      assert.equal(await store.reports.getSchedule(), null);
      assert.deepEqual(await store.reports.add(report('a', 'monthly', NOV, DEC)), { created: true });
      assert.deepEqual(await store.reports.add(report('b', 'monthly', NOV, DEC)), { created: false });
      assert.deepEqual(await store.reports.add(report('c', 'weekly', NOV + 6 * 86_400_000, NOV + 13 * 86_400_000)), {
        created: true,
      });
      await store.reports.add({
        ...report('d', 'monthly', DEC, Date.UTC(2027, 0, 1)),
        pdf: null,
        pdfUnavailableReason: 'no chromium',
      });
      await store.reports.setDeliveries('a', [
        { team: 'Executive', channelId: 'mail', channelKind: 'email', ok: true, skipped: null, error: null },
      ]);
      await store.reports.putSchedule({ cadence: 'weekly', teams: ['Executive'] });
      const reopened = await opened.reopen();
      const a = (await reopened.reports.get('a'))!;
      assert.deepEqual(a.numbers, report('a', 'monthly', NOV, DEC).numbers);
      assert.equal(a.html, '<h1>Review — November</h1>');
      assert.deepEqual([...a.pdf!], [0x25, 0x50, 0x44, 0x46, 0x2d, 0, 255]);
      assert.equal(a.deliveries[0]!.channelId, 'mail');
      assert.equal(await reopened.reports.get('b'), null);
      assert.deepEqual(
        (await reopened.reports.list({})).map((r) => [r.id, r.hasPdf]),
        [
          ['d', false],
          ['c', true],
          ['a', true],
        ],
      );
      assert.equal((await reopened.reports.findByPeriod('monthly', NOV))!.id, 'a');
      assert.equal(await reopened.reports.findByPeriod('weekly', NOV), null);
      assert.equal((await reopened.reports.list({ limit: 1 }))[0]!.pdfUnavailableReason, 'no chromium');
      assert.deepEqual(await reopened.reports.getSchedule(), { cadence: 'weekly', teams: ['Executive'] });
    }));
}
