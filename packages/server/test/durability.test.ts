import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnServer } from './helpers/server-process.js';

const KEY = `k-${randomBytes(16).toString('hex')}`;
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

/** Sends batches from `writers` concurrent loops until stopped; returns every requestId the server acknowledged. */
function loadUntilStopped(url: string, model: string, writers: number) {
  const acked = new Set<string>();
  let stop = false;
  let seq = 0;
  const loops = Array.from({ length: writers }, async () => {
    while (!stop) {
      const events = Array.from({ length: 100 }, () => ({
        model,
        endpoint: 'POST /x',
        latencyMs: 5,
        requestId: `r${seq++}`,
        features: { a: 1, b: 'x' },
      }));
      try {
        const res = await fetch(`${url}/api/v1/events`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ events }),
        });
        if (res.status === 200)
          for (const id of ((await res.json()) as { requestIds: string[] }).requestIds) acked.add(id);
      } catch {
        // The server died mid-request: that batch was never acknowledged.
      }
    }
  });
  return { acked, stop: async () => ((stop = true), await Promise.all(loops)) };
}

async function storedIds(url: string, model: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/api/v1/events?model=${model}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: auth,
    });
    const page = (await res.json()) as { events: Array<{ requestId: string }>; nextCursor: string | null };
    for (const e of page.events) ids.add(e.requestId);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function rollupCalls(url: string, model: string): Promise<number> {
  const res = await fetch(
    `${url}/api/v1/metrics/timeseries?model=${model}&metric=calls&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}&step=1h`,
    { headers: auth },
  );
  const body = (await res.json()) as { series: Array<{ points: Array<[number, number]> }> };
  return body.series[0]!.points.reduce((a, p) => a + p[1], 0);
}

for (const how of ['SIGKILL', 'SIGTERM'] as const) {
  test(`every acknowledged event survives ${how} during ingest, and rollups count each stored event exactly once`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-durable-'));
    const env = { VIGIL_ADMIN_KEY: KEY, VIGIL_DATA_DIR: dataDir, VIGIL_FLUSH_INTERVAL_MS: '200' };
    const model = `dur-${how.toLowerCase()}`;
    try {
      const first = await spawnServer([], env);
      const load = loadUntilStopped(first.url, model, 4);
      await new Promise((r) => setTimeout(r, 1500));
      first.child.kill(how);
      const exit = await first.exited;
      await load.stop();
      if (how === 'SIGTERM') assert.equal(exit.code, 0, first.output());
      else assert.equal(exit.signal, 'SIGKILL');
      assert.ok(load.acked.size >= 1000, `only ${load.acked.size} events acknowledged before the ${how}`);

      const second = await spawnServer([], env);
      try {
        const stored = await storedIds(second.url, model);
        const lost = [...load.acked].filter((id) => !stored.has(id));
        assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged events lost`);
        // Rollups were rebuilt from the watermark: every stored event counted once, none twice.
        assert.equal(await rollupCalls(second.url, model), stored.size);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
