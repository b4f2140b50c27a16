// PostgreSQL restarted under a node taking events: while it is away the node answers 503 with Retry-After (never
// a crash, never a 2xx for an event that was not committed), and takes events again by itself once it is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { postgresCluster } from './helpers/postgres-cluster.js';
import { spawnServer } from './helpers/server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('PostgreSQL restarting during ingest: 503 + Retry-After while it is down, no crash, recovery by itself, every acknowledged event stored', async (t) => {
  const cluster = await postgresCluster();
  const url = await cluster.createDatabase();
  const adminKey = `test-${randomBytes(16).toString('hex')}`;
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const node = await spawnServer(['--database-url', url], {
    VIGIL_ADMIN_KEY: adminKey,
    VIGIL_FLUSH_INTERVAL_MS: '200',
    VIGIL_CLUSTER_STALE_MS: '5000',
  });
  t.after(() => node.child.kill('SIGKILL'));
  const model = `brew-${randomUUID().slice(0, 8)}`;
  const acknowledged = new Set<string>();
  const answers: Array<{ at: number; status: number; retryAfter: string | null; code?: string }> = [];
  const networkErrors: string[] = [];
  let isLoading = true;
  let n = 0;
  const load = (async () => {
    while (isLoading) {
      const events = Array.from({ length: 20 }, (_, i) => ({
        model,
        requestId: `${n}-${i}-${randomUUID()}`,
        endpoint: 'POST /v1/brew',
        latencyMs: 10 + i,
        modelType: 'regression',
        prediction: i,
      }));
      n++;
      let res: Response;
      try {
        res = await fetch(`${node.url}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify({ events }) });
      } catch (err) {
        // A dropped connection is not an answer; the node must still be alive (checked below).
        networkErrors.push(String((err as Error).cause ?? err));
        await sleep(50);
        continue;
      }
      const body = (await res.json()) as { code?: string };
      answers.push({ at: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'), code: body.code });
      if (res.ok) for (const e of events) acknowledged.add(e.requestId);
      await sleep(50);
    }
  })();

  await sleep(1000);
  const downAt = Date.now();
  await cluster.restart(3000);
  const upAt = Date.now();
  // Recovery by itself: 2xx again within 45 s of PostgreSQL being back (a statement left without an answer by the
  // restart times out after 30 s and is answered 503; usually it is a few seconds).
  const deadline = upAt + 45_000;
  while (!answers.some((a) => a.at > upAt && a.status === 200)) {
    assert.ok(
      Date.now() < deadline,
      `no 2xx within 45 s of PostgreSQL coming back: ${JSON.stringify(answers.slice(-3))}`,
    );
    await sleep(200);
  }
  await sleep(500);
  isLoading = false;
  await load;

  assert.equal(node.child.exitCode, null, `the node is alive:\n${node.output()}`);
  assert.equal(node.child.signalCode, null, `the node is alive:\n${node.output()}`);
  assert.ok(networkErrors.length <= 2, `connections dropped: ${networkErrors.join('; ')}\n${node.output()}`);
  const whileDown = answers.filter((a) => a.at > downAt + 200 && a.at < upAt);
  assert.ok(whileDown.length > 0, 'requests were answered while PostgreSQL was down');
  for (const a of answers.filter((x) => x.status !== 200)) {
    assert.equal(a.status, 503, JSON.stringify(a));
    assert.equal(a.code, 'VIGIL_ERR_NOT_READY');
    assert.ok(Number(a.retryAfter) > 0, 'Retry-After');
  }
  assert.ok(
    whileDown.every((a) => a.status === 503),
    'no 2xx while PostgreSQL was down',
  );
  assert.ok(answers.filter((a) => a.at > upAt && a.status === 200).length > 0);

  // Every acknowledged event is stored.
  const stored = new Set<string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${node.url}/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers,
    });
    const page = (await res.json()) as { events: Array<{ requestId: string }>; nextCursor: string | null };
    for (const e of page.events) stored.add(e.requestId);
    cursor = page.nextCursor;
  } while (cursor);
  const missing = [...acknowledged].filter((id) => !stored.has(id));
  assert.equal(missing.length, 0, `${missing.length} of ${acknowledged.size} acknowledged events missing`);
  // And counted in the rollups exactly once, the flushes that failed during the outage kept and written after it.
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  t.after(() => db.end());
  let counted = 0;
  for (let i = 0; i < 50 && counted !== stored.size; i++) {
    await sleep(200);
    const r = await db.query(
      "SELECT coalesce(sum(calls), 0)::int AS n FROM rollups WHERE level = 60000 AND segment = '' AND model = $1",
      [model],
    );
    counted = r.rows[0].n;
  }
  assert.equal(counted, stored.size, 'every stored event counted once in the minute rollups');
});
