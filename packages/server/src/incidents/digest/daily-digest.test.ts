import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RACI_MATRIX } from '../../alerting/index.js';
import type { IncidentRecord } from '../escalation/index.js';
import { buildDailyDigest } from './daily-digest.js';

test('daily digest for an INFORMED team lists incidents of its areas open during the day', () => {
  const day = Date.UTC(2025, 0, 14);
  const H = 3_600_000;
  const incidents: IncidentRecord[] = [
    {
      id: 'i1',
      title: 'GPU node down',
      area: 'Infrastructure',
      team: 'DevOps',
      severity: 'error',
      openedAt: day + 2 * H,
      resolvedAt: day + 2 * H + 25 * 60_000,
    },
    {
      id: 'i2',
      title: 'PII in <prompt>',
      area: 'Security Events',
      team: 'InfoSec',
      severity: 'critical',
      openedAt: day + 5 * H,
      acknowledgedAt: day + 5 * H + 60_000,
      url: 'https://vigil.example/i/i2',
    },
    { id: 'i3', title: 'p95 high', area: 'API Performance', team: 'DevOps', severity: 'critical', openedAt: day + H }, // Business is ACCOUNTABLE here, not INFORMED
    {
      id: 'i4',
      title: 'old',
      area: 'Data Quality',
      team: 'Data Science',
      severity: 'info',
      openedAt: day - 30 * H,
      resolvedAt: day - 20 * H,
    },
    {
      id: 'i5',
      title: 'drift',
      area: 'Data Quality',
      team: 'Data Science',
      severity: 'warning',
      openedAt: day - 2 * H,
    },
  ];
  const d = buildDailyDigest('Business', incidents, DEFAULT_RACI_MATRIX, day, day + 24 * H);
  assert.deepEqual(
    d.entries.map((e) => `${e.incident.id}:${e.state}`),
    ['i2:acknowledged', 'i1:resolved', 'i5:open'],
  );
  assert.deepEqual(d.counts, { total: 3, open: 2, resolved: 1, bySeverity: { critical: 1, error: 1, warning: 1 } });
  assert.equal(d.subject, '[Vigil] Business daily digest 2025-01-14: 3 incidents (2 open)');
  assert.match(
    d.text,
    /- \[error\] GPU node down \(Infrastructure\) opened 2025-01-14 02:00 UTC, resolved after 25 min/,
  );
  assert.match(d.text, /- \[warning\] drift \(Data Quality\) opened 2025-01-13 22:00 UTC, open for 26 h 0 min/);
  assert.match(d.html, /<a href="https:\/\/vigil.example\/i\/i2">\[critical\] PII in &lt;prompt&gt;/);
  const infosec = buildDailyDigest('InfoSec', incidents, DEFAULT_RACI_MATRIX, day, day + 24 * H);
  assert.deepEqual(
    infosec.entries.map((e) => `${e.incident.id}:${e.role}`),
    ['i3:REVIEW', 'i1:REVIEW'],
  );
});
