// Replays every failure the fuzzing ever found (fuzz-regressions.ts) against a real server: each gets its
// documented answer now, and afterwards the server still answers and every stored event still reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/test-server.js';
import { checkAnswer, startFuzzServer } from './fuzz-support.js';
import { REGRESSIONS } from './fuzz-regressions.js';

let s: TestServer;
before(async () => {
  s = await startFuzzServer();
});
after(() => s.close());

for (const c of REGRESSIONS) {
  test(`regression: ${c.name}`, async () => {
    const r = await s.vigil.app.inject({
      method: c.method,
      url: c.url,
      headers: { ...s.auth, ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: c.body,
    });
    checkAnswer(r, `${c.method} ${c.url.slice(0, 100)}`);
    assert.equal(r.statusCode, c.status, r.body.slice(0, 300));
    if (c.accepted !== undefined) assert.equal((r.json() as { accepted: number }).accepted, c.accepted);
    assert.equal((await s.vigil.app.inject({ url: '/healthz' })).statusCode, 200);
    const read = await s.vigil.app.inject({ url: '/api/v1/events?limit=1000', headers: s.auth });
    assert.equal(read.statusCode, 200, 'every stored event still reads back');
  });
}
