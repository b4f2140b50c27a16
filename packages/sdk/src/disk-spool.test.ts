import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from './disk-spool.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-spool-'));
}

test('segments come back in the order they were written, also to the next process; sizes add up', async () => {
  const dir = tempDir();
  try {
    const a = new DiskSpool(dir, 1e6);
    for (let i = 0; i < 12; i++) assert.equal(await a.append(`{"events":[${i}]}`, 1), true);
    assert.equal(a.size, 12);
    const b = new DiskSpool(dir, 1e6);
    assert.equal(b.size, 12);
    assert.equal(b.sizeBytes, a.sizeBytes);
    const read: string[] = [];
    for (let s = b.first(); s; s = b.first()) {
      read.push(await b.read(s));
      await b.remove(s);
    }
    assert.deepEqual(
      read,
      Array.from({ length: 12 }, (_, i) => `{"events":[${i}]}`),
    );
    assert.equal(b.size, 0);
    assert.deepEqual(readdirSync(dir), []);
    // Numbering continues after what a previous process used, so order holds across restarts.
    await b.append('{"events":[12]}', 1);
    assert.match(b.first()!.path, /0000000000000013-1\.json$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the spool is bounded: an append past maxBytes writes nothing and says so', async () => {
  const dir = tempDir();
  try {
    const spool = new DiskSpool(dir, 100);
    assert.equal(await spool.append('x'.repeat(60), 3), true);
    assert.equal(await spool.append('y'.repeat(60), 3), false);
    assert.equal(spool.size, 3);
    assert.equal(readdirSync(dir).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a half-written segment left by a crash (the temporary file) is discarded when the spool opens', async () => {
  const dir = tempDir();
  try {
    const spool = new DiskSpool(dir, 1e6);
    await spool.append('{"events":[1]}', 1);
    writeFileSync(join(dir, '0000000000000002-5.json.tmp'), '{"events":[1,2');
    const reopened = new DiskSpool(dir, 1e6);
    assert.equal(reopened.size, 1);
    assert.deepEqual(readdirSync(dir), ['0000000000000001-1.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
