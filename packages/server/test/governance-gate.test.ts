import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { runCli } from './helpers/server-process.js';
import { addTestUser, loginSession, type TestSession } from './helpers/identity.js';

const MIN = 60_000;
let s: TestServer;
let dir: string;
let ops: TestSession;
let cto: TestSession;
before(async () => {
  s = await startTestServer({ listen: true });
  ops = await loginSession(s, await addTestUser(s, { roles: ['devops'], teams: ['ds'] }));
  cto = await loginSession(s, await addTestUser(s, { roles: ['executive'] }));
  dir = mkdtempSync(join(tmpdir(), 'vigil-gate-'));
});
after(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, payload: object, as?: TestSession): Promise<{ status: number; body: any }> {
  const res = await s.vigil.app.inject({ method: 'POST', url, headers: as?.headers ?? s.auth, payload });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** A use case taken through intake to production_readiness with every checkpoint but the CTO approval green. */
async function readyButUnapproved(): Promise<string> {
  const id = `gate-${randomUUID().slice(0, 8)}`;
  const model = `m-${id}`;
  const endpoint = 'POST /score';
  const now = Date.now();
  const start = Math.floor(now / MIN) * MIN - 3 * MIN;
  const events = [];
  for (let m = 0; m < 2; m++)
    for (let k = 0; k < 6; k++) events.push({ model, endpoint, timestamp: start + m * MIN + k * 1000, latencyMs: 20 });
  assert.equal((await post('/api/v1/events', { events })).status, 200);
  await s.vigil.pipeline.flush();
  const spec = {
    id,
    name: 'Gate test',
    ownerTeam: 'ds',
    models: [model],
    endpoints: [endpoint],
    isLlm: false,
    businessImpact: { revenueAtStakeUsdPerHour: 100, isCustomerFacing: false },
    expectedQps: 0.1,
    latencyLimitMs: 500,
    accuracyThreshold: null,
    compliance: { personalData: false, gdpr: false, pci: false },
  };
  assert.equal((await post('/api/v1/use-cases', spec)).status, 201);
  assert.equal((await post(`/api/v1/use-cases/${id}/advance`, { to: 'development' })).status, 200);
  assert.equal((await post(`/api/v1/use-cases/${id}/load-tests`, { from: start, to: start + 2 * MIN })).status, 201);
  await s.vigil.store.alerting.putRule(
    {
      id: `${id}-r`,
      name: 'latency',
      kind: 'threshold',
      area: 'API Performance',
      severity: 'critical',
      runbook: 'https://runbooks/x',
      metric: 'latency.p95',
      comparator: '>',
      value: 500,
      scope: { model },
    },
    'api',
    now,
  );
  await s.vigil.store.alerting.slos.put(
    { id: `${id}-slo`, name: 'latency', kind: 'latency', model, objectivePercent: 99, latencyThresholdMs: 400 },
    now,
  );
  const adv = await post(`/api/v1/use-cases/${id}/advance`, { to: 'production_readiness' });
  assert.equal(adv.status, 200, JSON.stringify(adv.body));
  for (const key of ['production_readiness.runbook_reviewed', 'production_readiness.team_trained']) {
    assert.equal((await post(`/api/v1/use-cases/${id}/checkpoints/${key}`, {}, ops)).status, 200);
  }
  return id;
}

test('gate: exit 1 with what is missing and a JUnit case per checkpoint; exit 0 after the CTO approves', async () => {
  const id = await readyButUnapproved();
  const junit = join(dir, 'reports', 'gate.xml');
  let r = await runCli(['gate', '--use-case', id, '--server', s.url, '--api-key', s.adminKey, '--junit', junit]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /NOT READY for go-live/);
  assert.match(r.stdout, /FAIL {2}production_readiness\.cto_approval/);
  assert.match(r.stdout, /missing: no go-live approval by the CTO role/);
  let xml = readFileSync(junit, 'utf8');
  assert.equal((xml.match(/<testcase /g) ?? []).length, 13);
  assert.match(xml, /<testsuites name="vigil gate [^"]+" tests="13" failures="1" errors="0"/);
  assert.match(
    xml,
    /<testcase classname="vigil.gate.production_readiness" name="production_readiness.cto_approval: [^"]*" time="0">\s*<failure message="no go-live approval by the CTO role" type="checkpoint">/,
  );

  assert.equal((await post(`/api/v1/use-cases/${id}/approve`, {}, cto)).status, 200);
  r = await runCli([
    'gate',
    '--use-case',
    id,
    '--server',
    `${s.url}/`,
    '--api-key',
    s.adminKey,
    '--junit',
    junit,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout) as { isGoLiveReady: boolean; checkpoints: Array<{ isMet: boolean }> };
  assert.equal(out.isGoLiveReady, true);
  assert.ok(out.checkpoints.every((c) => c.isMet));
  xml = readFileSync(junit, 'utf8');
  assert.match(xml, /tests="13" failures="0"/);
  assert.doesNotMatch(xml, /<failure/);
});

test('gate: exit 2 on usage errors, unknown use case, bad key and unreachable server', async () => {
  let r = await runCli(['gate', '--server', s.url, '--api-key', s.adminKey]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--use-case required/);
  r = await runCli(['gate', '--use-case', 'nope-' + randomUUID(), '--server', s.url, '--api-key', s.adminKey]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /404 .*does not exist/);
  r = await runCli(['gate', '--use-case', 'x', '--server', s.url, '--api-key', 'wrong']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /401 .*unknown, expired or revoked API key/);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  r = await runCli([
    'gate',
    '--use-case',
    'x',
    '--server',
    `http://127.0.0.1:${port}`,
    '--api-key',
    'k',
    '--timeout',
    '5',
  ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  r = await runCli(['gate', '--use-case', 'x', '--server', 'not a url', '--api-key', 'k']);
  assert.equal(r.code, 2);
});

test('vigil roi: deck file in YAML, JSON output, exit 2 naming the bad field', async () => {
  const file = join(dir, 'roi.yaml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    file,
    [
      'oneTimeCosts: { implementation: $50K, training: $20K }',
      'benefits: { incidentPrevention: $300K, fasterResolution: $150K, complianceAvoided: $500K, retention: $200K }',
      'scenarios:',
      '  - { name: low end, annualCosts: { licensing: $120K }, stated: { netBenefit: $960K, roiPercent: 400, paybackMonths: 3 } }',
      '  - { name: high end, annualCosts: { licensing: $180K }, stated: { netBenefit: $900K, roiPercent: 380, paybackMonths: 4 } }',
    ].join('\n'),
  );
  let r = await runCli(['roi', '--input', file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    scenarios: Array<{ roiPercent: number; paybackMonths: number; discrepancies: Array<{ figure: string }> }>;
  };
  assert.deepEqual(
    out.scenarios.map((x) => [x.roiPercent, x.paybackMonths, x.discrepancies.map((d) => d.figure)]),
    [
      [505.26, 1.98, ['roiPercent', 'paybackMonths']],
      [360, 2.61, ['roiPercent', 'paybackMonths']],
    ],
  );
  r = await runCli(['roi', '--input', file]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /FLAG {2}stated ROI 380\.00 % does not follow from the inputs: computed 360\.00 %/);
  writeFileSync(file, JSON.stringify({ annualCosts: { licensing: '12 dollars' } }));
  r = await runCli(['roi', '--input', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /annualCosts\.licensing: "12 dollars" is not an amount/);
  r = await runCli(['roi']);
  assert.equal(r.code, 2);

  const api = await post('/api/v1/roi/calculate', {
    annualCosts: { licensing: '$22K' },
    benefits: {
      incidentPrevention: { incidentsPrevented: 3, revenueLossPerIncident: '$50K', reputationCostPerIncident: '$25K' },
    },
    stated: { roiPercent: 923 },
  });
  assert.equal(api.status, 200);
  assert.equal(api.body.scenarios[0].roiPercent, 922.73);
  assert.deepEqual(api.body.scenarios[0].discrepancies, []);
});
