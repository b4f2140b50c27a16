// Scheduled reports (docs/scheduled-reports.md): a month of data (calls with cost, a budget, a rule that fires
// and its incidents), then a restart after the month ended: the report job generates the November review by
// itself, its frozen numbers equal what the API answered for that period, and it arrives at the Executive
// and Business channels — e-mail with the PDF attached (an SMTP loopback server), Slack and Teams with a link.
// Without Chromium the report is still archived and sent as HTML, the PDF reported unavailable with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { startLoopbackReceiver } from '../src/alerting/channels/channel-test-support.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const MIN = 60_000;
const NOV_20 = Date.UTC(2026, 10, 20, 8);
const DEC_1 = Date.UTC(2026, 11, 1);

async function startSmtp() {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function call(s: TestServer, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });
}
async function ok(s: TestServer, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<Obj> {
  const res = await call(s, method, url, payload);
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

test('the November review generates itself after the month, equals the API numbers, reaches e-mail (PDF), Slack and Teams', async (t) => {
  const smtp = await startSmtp();
  t.after(() => smtp.close());
  const slack = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => slack.close());
  const teams = await startLoopbackReceiver(() => ({ status: 202, body: '' }));
  t.after(() => teams.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-reports-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const model = `m-${randomUUID().slice(0, 8)}`;
  const clock = { now: NOV_20 };
  const env = { VIGIL_ALERT_EVAL_INTERVAL_MS: '0', VIGIL_REPORT_CHECK_INTERVAL_MS: '0' };
  let s = await startTestServer({ dataDir, now: () => clock.now, env });

  // November: 30 minutes of calls at $0.01, errors in half of them from minute 10 to 20.
  const events = [];
  for (let m = 0; m < 30; m++)
    for (let k = 0; k < 10; k++)
      events.push({
        model,
        endpoint: 'POST /score',
        timestamp: NOV_20 + m * MIN + k * 6000,
        latencyMs: 40,
        costUsd: 0.01,
        status: m >= 10 && m < 20 && k % 2 === 0 ? 'error' : 'ok',
      });
  await ok(s, 'POST', '/api/v1/events', { events });
  await s.vigil.pipeline.flush();
  await ok(s, 'PUT', '/api/v1/cost/budgets', { budgets: [{ scope: 'model', target: model, monthlyUsd: 5 }] });
  await ok(s, 'POST', '/api/v1/alerts/rules', {
    id: `err-${model}`,
    name: 'error rate high',
    kind: 'threshold',
    area: 'API Performance',
    severity: 'critical',
    runbook: 'https://runbooks.example/errors',
    scope: { model },
    metric: 'errorRate',
    window: '2m',
    comparator: '>',
    value: 0.2,
    for: '1m',
  });
  for (let at = NOV_20 + MIN; at <= NOV_20 + 30 * MIN; at += 30_000) {
    clock.now = at;
    await s.vigil.app.alerting.scheduler.evaluateOnce(at);
  }
  const retry = { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 10_000 };
  await ok(s, 'POST', '/api/v1/channels', {
    id: 'exec-mail',
    name: 'Executive mailbox',
    kind: 'email',
    settings: {
      host: '127.0.0.1',
      port: smtp.port,
      ignoreTls: true,
      from: 'vigil@example.com',
      to: ['cfo@example.com'],
      retry,
    },
  });
  await ok(s, 'POST', '/api/v1/channels', {
    id: 'exec-slack',
    name: 'Executive Slack',
    kind: 'slack',
    settings: { webhookUrl: `${slack.url}/services/T0/B0/x`, retry },
  });
  await ok(s, 'POST', '/api/v1/channels', {
    id: 'biz-teams',
    name: 'Business Teams',
    kind: 'teams',
    settings: { webhookUrl: `${teams.url}/workflows/abc/triggers/manual/paths/invoke`, retry },
  });
  await ok(s, 'POST', '/api/v1/teams', {
    name: 'Executive',
    members: [],
    channels: { page: [], notify: ['exec-mail', 'exec-slack'], digest: [] },
  });
  await ok(s, 'POST', '/api/v1/teams', {
    name: 'Business',
    members: [],
    channels: { page: [], notify: ['biz-teams'], digest: [] },
  });
  const byDefault = await ok(s, 'GET', '/api/v1/reports/schedule');
  assert.deepEqual(byDefault, {
    schedule: { isEnabled: true, cadence: 'monthly', hourUtc: 6, teams: ['Executive', 'Business'] },
    isStored: false,
  });
  // Set in November: the schedule runs from then on, so November's review is due on 1 December.
  await ok(s, 'PUT', '/api/v1/reports/schedule', byDefault.schedule);

  // What the API answers for November as of its last millisecond.
  clock.now = DEC_1 - 1;
  const executive = await ok(s, 'GET', `/api/v1/report/executive?from=${Date.UTC(2026, 10, 1)}&to=${DEC_1}`);
  const tuning = await ok(s, 'GET', `/api/v1/alerts/tuning?from=${Date.UTC(2026, 10, 1)}&to=${DEC_1}`);
  await s.close();

  // 1 December, 07:00: the server restarts with the report job on; it sends November's review by itself.
  clock.now = DEC_1 + 7 * 60 * MIN;
  s = await startTestServer({ dataDir, now: () => clock.now, env: { ...env, VIGIL_REPORT_CHECK_INTERVAL_MS: '100' } });
  t.after(() => s.close());
  let list: Obj[] = [];
  for (let i = 0; i < 300 && list.length === 0; i++) {
    list = (await ok(s, 'GET', '/api/v1/reports/archive')).reports;
    if (list.length === 0 || list[0]!.deliveries.length === 0) {
      list = [];
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.equal(list.length, 1, 'the job archived one report');
  const summary = list[0]!;
  assert.deepEqual([summary.cadence, summary.periodFrom, summary.periodTo], ['monthly', Date.UTC(2026, 10, 1), DEC_1]);
  assert.equal(summary.hasPdf, true, summary.pdfUnavailableReason);
  assert.deepEqual(
    summary.deliveries.map((d: Obj) => [d.team, d.channelId, d.ok]),
    [
      ['Executive', 'exec-mail', true],
      ['Executive', 'exec-slack', true],
      ['Business', 'biz-teams', true],
    ],
  );

  const archived = await ok(s, 'GET', `/api/v1/reports/archive/${summary.id}`);
  assert.deepEqual(archived.numbers.executive, executive, 'frozen numbers equal the API answer for the period');
  const top = (tuning.rules as Obj[]).filter((r) => r.firings > 0).sort((a, b) => b.firings - a.firings);
  assert.deepEqual(archived.numbers.topRules, top);
  assert.equal(archived.numbers.topRules[0].ruleId, `err-${model}`);
  assert.ok(executive.spend.total.spendUsd > 2.99 && executive.spend.total.spendUsd < 3.01);
  assert.equal(executive.spend.budgets[0].spentUsd, executive.spend.total.spendUsd, 'the budget is November’s');

  const html = await call(s, 'GET', `/api/v1/reports/archive/${summary.id}/html`);
  assert.equal(html.statusCode, 200);
  assert.match(html.headers['content-type'] as string, /text\/html/);
  assert.match(html.body, /Monitoring effectiveness review — November 2026/);
  assert.match(html.body, /error rate high/);
  assert.match(html.body, /\$3\.00/);
  const pdf = await call(s, 'GET', `/api/v1/reports/archive/${summary.id}/pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // E-mail: the HTML report with the PDF attached.
  assert.equal(smtp.messages.length, 1);
  const mail = smtp.messages[0]!;
  assert.deepEqual(mail.to, ['cfo@example.com']);
  // RFC 2047 encoded words (the title has an em dash).
  assert.match(
    mail.raw,
    /Subject: =\?UTF-8\?Q\?Monitoring_effectiveness_review_\?=\r\n =\?UTF-8\?Q\?=E2=80=94_November_2026\?=/,
  );
  assert.match(mail.raw, /Content-Type: application\/pdf; name=vigil-review-monthly-2026-11-01\.pdf/);
  const attached =
    /Content-Disposition: attachment;\r\n filename=vigil-review-monthly-2026-11-01\.pdf\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(
      mail.raw,
    );
  assert.ok(attached, 'the PDF is attached');
  assert.deepEqual(Buffer.from(attached[1]!.replace(/\r\n/g, ''), 'base64'), pdf.rawPayload, 'the archived PDF');
  // Slack (incoming webhook: `text` plus blocks) and Teams (an Adaptive Card): the summary with the link.
  const link = `/reports?report=${summary.id}`;
  assert.equal(slack.requests.length, 1);
  const slackBody = slack.requests[0]!.json as Obj;
  assert.equal(typeof slackBody.text, 'string');
  assert.ok(JSON.stringify(slackBody.blocks).includes(link), 'Slack message links to the report');
  assert.equal(teams.requests.length, 1);
  const teamsBody = teams.requests[0]!.json as Obj;
  assert.equal(teamsBody.type, 'message');
  assert.equal(teamsBody.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  assert.ok(JSON.stringify(teamsBody).includes(link), 'Teams card links to the report');

  // The same period is never generated twice.
  const again = await call(s, 'POST', '/api/v1/reports/run', { periodContaining: '2026-11-15' });
  assert.equal(again.statusCode, 409);
  assert.match(again.json().message, /body\.periodContaining: the monthly report of November 2026 is archived already/);
  const early = await call(s, 'POST', '/api/v1/reports/run', { periodContaining: '2026-12-01' });
  assert.equal(early.statusCode, 400);
});

test('without Chromium the report is archived and delivered as HTML, the PDF unavailable with the reason', async (t) => {
  const clock = { now: Date.UTC(2026, 11, 9, 12) };
  const s = await startTestServer({
    now: () => clock.now,
    env: {
      VIGIL_ALERT_EVAL_INTERVAL_MS: '0',
      VIGIL_REPORT_CHECK_INTERVAL_MS: '0',
      VIGIL_REPORT_CHROMIUM_PATH: '/nonexistent/chromium',
    },
  });
  t.after(() => s.close());
  const put = await ok(s, 'PUT', '/api/v1/reports/schedule', { cadence: 'weekly' });
  assert.deepEqual(put.schedule, { isEnabled: true, cadence: 'weekly', hourUtc: 6, teams: ['Executive', 'Business'] });
  const bad = await call(s, 'PUT', '/api/v1/reports/schedule', { cadence: 'daily' });
  assert.equal(bad.statusCode, 400);
  const run = await call(s, 'POST', '/api/v1/reports/run', {});
  assert.equal(run.statusCode, 201, run.body);
  const { report } = run.json();
  assert.deepEqual(
    [report.cadence, report.periodFrom, report.periodTo],
    ['weekly', Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 7)],
  );
  assert.equal(report.hasPdf, false);
  assert.match(report.pdfUnavailableReason, /Chromium not found at \/nonexistent\/chromium/);
  const html = await call(s, 'GET', `/api/v1/reports/archive/${report.id}/html`);
  assert.equal(html.statusCode, 200);
  assert.match(html.body, /week of 2026-11-30/);
  const pdf = await call(s, 'GET', `/api/v1/reports/archive/${report.id}/pdf`);
  assert.equal(pdf.statusCode, 404);
  assert.match(pdf.json().message, /has no PDF: Chromium not found/);
});

test('a new installation does not send a review of a period that ended before its schedule started', async (t) => {
  const s = await startTestServer({
    now: () => Date.UTC(2026, 11, 9, 12),
    env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0', VIGIL_REPORT_CHECK_INTERVAL_MS: '50' },
  });
  t.after(() => s.close());
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual((await ok(s, 'GET', '/api/v1/reports/archive')).reports, []);
  assert.equal((await ok(s, 'GET', '/api/v1/reports/schedule')).isStored, false);
});
