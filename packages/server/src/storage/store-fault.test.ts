import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyStoreFault } from './store-fault.js';

const withCode = (code: string) => Object.assign(new Error(code), { code });

test('store faults are told apart by SQLite result code and errno; other errors are not faults', () => {
  assert.equal(classifyStoreFault(withCode('SQLITE_FULL')), 'disk full');
  assert.equal(classifyStoreFault(withCode('ENOSPC')), 'disk full');
  assert.equal(classifyStoreFault(withCode('SQLITE_READONLY')), 'read-only');
  assert.equal(classifyStoreFault(withCode('SQLITE_READONLY_DBMOVED')), 'read-only');
  assert.equal(classifyStoreFault(withCode('EROFS')), 'read-only');
  assert.equal(classifyStoreFault(withCode('SQLITE_CORRUPT')), 'corrupt');
  assert.equal(classifyStoreFault(withCode('SQLITE_NOTADB')), 'corrupt');
  assert.equal(classifyStoreFault(withCode('SQLITE_IOERR_WRITE')), 'i/o error');
  assert.equal(classifyStoreFault(withCode('SQLITE_BUSY')), null);
  assert.equal(classifyStoreFault(withCode('SQLITE_CONSTRAINT_PRIMARYKEY')), null);
  assert.equal(classifyStoreFault(new RangeError('x')), null);
  assert.equal(classifyStoreFault(null), null);
});

test('a write to a database opened read-only fails with a code classified as read-only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ro-'));
  try {
    const file = join(dir, 'x.db');
    new Database(file).exec('CREATE TABLE t (a)');
    const ro = new Database(file, { readonly: true });
    assert.throws(
      () => ro.prepare('INSERT INTO t VALUES (1)').run(),
      (err: unknown) => classifyStoreFault(err) === 'read-only',
    );
    ro.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
