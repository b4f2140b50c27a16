// Two Vigil nodes on one PostgreSQL database, under load on both; the node running the background work is killed
// with SIGKILL mid-load. Checked through the survivor: every acknowledged event is stored, the rollups, segment
// cells and model windows equal those of one node fed the same events, and each incident paged exactly once —
// the one announced before the kill is not paged again, the one firing at the kill is paged by the survivor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { cellFromParts } from '../src/analysis/api-health/index.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { startLoopbackReceiver, type ReceivedRequest } from '../src/alerting/channels/channel-test-support.js';
import { postgresCluster } from './helpers/postgres-cluster.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';

type Obj = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test('two nodes, one database: the leader killed mid-load loses nothing acknowledged, rollups equal a single node fed the same events, one page per incident', async (t) => {
  const cluster = await postgresCluster();
  const [url, referenceUrl] = await Promise.all([cluster.createDatabase(), cluster.createDatabase()]);
  const adminKey = `test-${randomBytes(16).toString('hex')}`;
  const auth = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const pd = await startLoopbackReceiver((req: ReceivedRequest) => ({
    status: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (req.json as Obj).dedup_key }),
  }));
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const nodes: ServerProcess[] = [];
  t.after(async () => {
    for (const n of nodes) n.child.kill('SIGKILL');
    await db.end();
    await pd.close();
  });
  const env = {
    VIGIL_ADMIN_KEY: adminKey,
    VIGIL_CLUSTER_STALE_MS: '3000',
    VIGIL_LEASE_CHECK_INTERVAL_MS: '500',
    VIGIL_ALERT_EVAL_INTERVAL_MS: '1000',
    VIGIL_FLUSH_INTERVAL_MS: '200',
    // The PagerDuty stand-in listens on loopback, which channel targets may not name by default.
    VIGIL_ALLOW_LOOPBACK_TARGETS: 'true',
  };
  // A starts first and takes the background lease.
  const a = await spawnServer(['--database-url', url, '--node-name', 'node-a'], env);
  nodes.push(a);
  const b = await spawnServer(['--database-url', url, '--node-name', 'node-b'], env);
  nodes.push(b);
  const api = async (node: ServerProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Obj) : null;
  };

  const fast = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 2000 };
  await api(a, 'POST', '/api/v1/channels', {
    id: 'devops-pd',
    name: 'DevOps PD',
    kind: 'pagerduty',
    settings: { routingKey: 'R-devops-0123456789abcdef0123456', eventsUrl: `${pd.url}/v2/enqueue`, retry: fast },
  });
  await api(a, 'POST', '/api/v1/teams', {
    name: 'DevOps',
    members: [],
    channels: { page: ['devops-pd'], notify: [], digest: [] },
  });
  const suffix = randomUUID().slice(0, 8);
  const modelX = `brew-${suffix}`;
  const modelY = `grind-${suffix}`;
  for (const model of [modelX, modelY])
    await api(b, 'POST', '/api/v1/alerts/rules', {
      id: `errors-${model}`,
      name: `${model} error rate`,
      kind: 'threshold',
      area: 'API Performance',
      severity: 'critical',
      scope: { model },
      metric: 'errorRate',
      window: '1m',
      comparator: '>',
      value: 0.05,
      summary: 'error rate {{value}}',
      runbook: 'https://runbooks.example/errors',
    });

  // Load on both nodes: batches of 25 events every ~150 ms to each, X failing half the time from the start, Y
  // failing once `yFails` is set. Only answers of 2xx count as acknowledged.
  const acknowledged = new Set<string>();
  let yFails = false;
  let isLoading = true;
  let refused = 0;
  const load = async (node: ServerProcess) => {
    let n = 0;
    while (isLoading) {
      const events = Array.from({ length: 25 }, (_, i) => {
        const model = i % 2 === 0 ? modelX : modelY;
        const isError = model === modelX ? i % 4 === 0 : yFails;
        return {
          model,
          requestId: `${node === a ? 'a' : 'b'}-${n}-${i}-${randomUUID()}`,
          endpoint: 'POST /v1/predict',
          timestamp: Date.now() - 1000,
          latencyMs: 20 + ((n * 7 + i * 13) % 180),
          status: isError ? 'error' : 'ok',
          ...(isError ? { errorType: 'timeout' } : {}),
          modelType: 'regression',
          prediction: i / 10,
          features: { cups: i, size: i % 3 },
          tags: { region: i % 3 === 0 ? 'eu' : 'us' },
        };
      });
      n++;
      try {
        const res = await fetch(`${node.url}/api/v1/events`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ events }),
        });
        if (res.ok) for (const e of events) acknowledged.add(e.requestId);
        else refused++;
        await res.arrayBuffer();
      } catch {
        refused++; // the node was killed
        if (node.child.exitCode !== null || node.child.signalCode !== null) return;
      }
      await sleep(150);
    }
  };
  const loads = [load(a), load(b)];

  const triggers = (model: string) =>
    pd.requests.filter((r) => (r.json as Obj).event_action === 'trigger' && JSON.stringify(r.json).includes(model));
  // X fires at once and is paged after the 30 s group wait, by A (the background lease holder).
  await waitFor('the page for X', async () => triggers(modelX).length > 0, 60_000);
  yFails = true;
  // Y fires on A; A dies before Y's group wait ends.
  await waitFor(
    'Y firing',
    async () => {
      const alerts = (await api(a, 'GET', '/api/v1/alerts')) as Obj;
      const list = (alerts.alerts ?? alerts) as Obj[];
      return list.some((x) => x.labels?.model === modelY && x.state === 'firing');
    },
    20_000,
  );
  const beforeKill = acknowledged.size;
  a.child.kill('SIGKILL');
  await a.exited;
  await sleep(2000);
  isLoading = false;
  await Promise.all(loads);
  assert.ok(acknowledged.size > beforeKill, 'B kept taking events after A died');

  // B adopts A's writer (replaying what A acknowledged but had not flushed) and takes over the background work.
  await waitFor(
    "A's writer adopted",
    async () =>
      (await db.query("SELECT count(*)::int AS n FROM writers WHERE node = 'node-a' AND retired_at IS NULL")).rows[0]
        .n === 0,
    30_000,
  );
  await waitFor('the page for Y, sent by B', async () => triggers(modelY).length > 0, 60_000);
  await sleep(3000); // a few more rounds on B: nothing may be paged again

  // Every acknowledged event, read through B.
  const stored = new Map<string, Obj>();
  for (const model of [modelX, modelY]) {
    let cursor: string | null = null;
    do {
      const page = (await api(
        b,
        'GET',
        `/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      )) as Obj;
      for (const e of page.events as Obj[]) stored.set(e.requestId, e);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const missing = [...acknowledged].filter((id) => !stored.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${acknowledged.size} acknowledged events missing`);

  // Exactly one page per incident: X (before the kill) not again, Y (at the kill) once.
  assert.equal(triggers(modelX).length, 1, 'X paged once');
  assert.equal(triggers(modelY).length, 1, 'Y paged once');
  const incidents = (await db.query('SELECT group_key FROM incidents')).rows;
  assert.equal(incidents.length, 2);
  const dedupKeys = pd.requests
    .filter((r) => (r.json as Obj).event_action === 'trigger')
    .map((r) => (r.json as Obj).dedup_key);
  assert.deepEqual(new Set(dedupKeys), new Set(incidents.map((i) => i.group_key)));

  // B stopped cleanly flushes its segment cells and windows; then the same stored events go through one node.
  b.child.kill('SIGTERM');
  await b.exited;
  const reference = await buildApp(
    loadConfig({
      VIGIL_DATABASE_URL: referenceUrl,
      VIGIL_ADMIN_KEY: adminKey,
      VIGIL_LOG_LEVEL: 'silent',
      VIGIL_ALERT_EVAL_INTERVAL_MS: '0',
    }),
  );
  await reference.start();
  const all = [...stored.values()];
  for (let i = 0; i < all.length; i += 500)
    await reference.pipeline.ingestEvents(all.slice(i, i + 500).map((e) => e.event ?? e));
  await reference.app.close();

  const ref = new pg.Client({ connectionString: referenceUrl });
  await ref.connect();
  t.after(() => ref.end());
  const cells = async (client: pg.Client) =>
    (await client.query('SELECT * FROM rollups ORDER BY level, bucket, model, segment, endpoint')).rows.map((r) => {
      const cell = cellFromParts({
        calls: Number(r.calls),
        errors: Number(r.errors),
        errorTypes: r.error_types,
        costUsd: r.cost_usd,
        costCount: Number(r.cost_count),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        latency: r.latency,
        ttft: r.ttft,
      });
      return {
        key: `${r.level}/${r.bucket}/${r.model}/${r.segment}/${r.endpoint}`,
        calls: cell.calls,
        errors: cell.errors,
        errorTypes: cell.errorTypes,
        latency: [0.5, 0.95, 0.99].map((q) => cell.latency.quantile(q)),
      };
    });
  const [multi, single] = await Promise.all([cells(db), cells(ref)]);
  assert.ok(multi.length > 0);
  assert.deepEqual(multi, single, 'rollups and segment cells of two nodes equal those of one node');
  const windows = async (client: pg.Client) =>
    (
      await client.query(
        'SELECT model, bucket, endpoint, rows, labels FROM model_windows ORDER BY model, bucket, endpoint',
      )
    ).rows;
  assert.deepEqual(await windows(db), await windows(ref), 'model windows too');
  const calls = multi
    .filter((c) => c.key.startsWith('60000/') && !c.key.split('/')[3])
    .reduce((s, c) => s + c.calls, 0);
  assert.equal(calls, stored.size, 'each stored event counted once');
});
