import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HyperLogLog } from './hyperloglog.js';

test('estimates are within the stated error: every run within 4σ, RMS within 1.5σ (σ = 1.04/√4096 = 1.63 %)', () => {
  const sigma = new HyperLogLog().standardError;
  assert.ok(Math.abs(sigma - 0.01625) < 1e-12);
  for (const n of [100, 1000, 10_000, 100_000]) {
    let squares = 0;
    const trials = n >= 100_000 ? 4 : 16;
    for (let t = 0; t < trials; t++) {
      const numbers = new HyperLogLog();
      const strings = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        numbers.addNumber(t * 1e7 + i * 0.37);
        strings.addString(`req-${t}-${i}`);
      }
      for (const estimate of [numbers.estimate(), strings.estimate()]) {
        const rel = (estimate - n) / n;
        assert.ok(Math.abs(rel) < 4 * sigma, `n=${n} estimate ${estimate}`);
        squares += rel * rel;
      }
    }
    const rms = Math.sqrt(squares / (2 * trials));
    assert.ok(rms < 1.5 * sigma, `n=${n} rms ${rms}`);
  }
});

test('small cardinalities are near exact and duplicates do not count', () => {
  const h = new HyperLogLog();
  assert.equal(h.estimate(), 0);
  for (let r = 0; r < 50; r++) for (let i = 0; i < 5; i++) h.addString(`v${i}`);
  assert.equal(Math.round(h.estimate()), 5);
  h.addNumber(0);
  h.addNumber(-0);
  h.addBoolean(true);
  h.addBoolean(true);
  assert.equal(Math.round(h.estimate()), 7);
});

test('merge is the union: equal to one sketch over both streams, commutative, idempotent', () => {
  const a = new HyperLogLog();
  const b = new HyperLogLog();
  const both = new HyperLogLog();
  for (let i = 0; i < 30_000; i++) {
    const target = i % 3 === 0 ? a : b;
    target.addNumber(i);
    both.addNumber(i);
    if (i % 2 === 0) a.addNumber(i);
  }
  const ab = a.clone();
  ab.merge(b);
  const ba = b.clone();
  ba.merge(a);
  assert.deepEqual(ab.registers, both.registers);
  assert.deepEqual(ba.registers, both.registers);
  ab.merge(a);
  assert.deepEqual(ab.registers, both.registers);
  assert.ok(Math.abs(ab.estimate() - 30_000) / 30_000 < 0.065);
  assert.throws(() => ab.merge(new HyperLogLog(10)), RangeError);
});

test('serialises sparse when few registers are set, dense otherwise, and round-trips exactly', () => {
  const small = new HyperLogLog();
  for (let i = 0; i < 20; i++) small.addString(`x${i}`);
  const sj = small.toJSON();
  assert.ok(sj.s !== undefined && sj.d === undefined);
  assert.ok(sj.s.length < 100, `sparse size ${sj.s.length}`);
  assert.deepEqual(HyperLogLog.fromJSON(sj).registers, small.registers);
  const big = new HyperLogLog();
  for (let i = 0; i < 20_000; i++) big.addNumber(i);
  const bj = big.toJSON();
  assert.ok(bj.d !== undefined);
  assert.deepEqual(HyperLogLog.fromJSON(JSON.parse(JSON.stringify(bj))).registers, big.registers);
  assert.throws(() => new HyperLogLog(3), RangeError);
});
