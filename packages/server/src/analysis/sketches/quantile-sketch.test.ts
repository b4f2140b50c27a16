import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuantileSketch } from './quantile-sketch.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

test('quantiles stay within 1% relative error of the exact order statistic', () => {
  const r = seededRandom(1);
  const values = Array.from({ length: 20_000 }, () => Math.exp(r() * 8));
  const s = new QuantileSketch();
  for (const v of values) s.add(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
    const exact = exactQuantile(sorted, q);
    const est = s.quantile(q);
    assert.ok(Math.abs(est - exact) / exact <= 0.0101, `q=${q}: ${est} vs ${exact}`);
  }
  assert.equal(s.quantile(0), sorted[0]);
  assert.equal(s.quantile(1), sorted.at(-1));
});

test('merge keeps zeros, negatives, min, max, sum and count', () => {
  const a = new QuantileSketch();
  const b = new QuantileSketch();
  for (const v of [0, 0, 0, 5, 10]) a.add(v);
  for (const v of [-3, -1, 0, 20]) b.add(v);
  a.merge(b);
  assert.equal(a.count, 9);
  assert.equal(a.sum, 31);
  assert.equal(a.min, -3);
  assert.equal(a.max, 20);
  // 9 values sorted: -3 -1 0 0 0 0 5 10 20 → rank 4 (median) is 0.
  assert.equal(a.quantile(0.5), 0);
  assert.ok(a.quantile(0.05) < 0, 'negative values survive the merge');
});

test('merge is associative and equals adding everything to one sketch', () => {
  const r = seededRandom(7);
  const parts = [0, 1, 2].map(() => Array.from({ length: 3000 }, () => (r() < 0.05 ? 0 : r() * 1000 - 100)));
  const make = (vals: number[]) => {
    const s = new QuantileSketch();
    for (const v of vals) s.add(v);
    return s;
  };
  const left = make(parts[0]!);
  const ab = make(parts[1]!);
  left.merge(ab);
  left.merge(make(parts[2]!));
  const bc = make(parts[1]!);
  bc.merge(make(parts[2]!));
  const right = make(parts[0]!);
  right.merge(bc);
  const all = make(parts.flat());
  for (const q of [0.1, 0.5, 0.9, 0.99]) {
    assert.equal(left.quantile(q), right.quantile(q));
    assert.equal(left.quantile(q), all.quantile(q));
  }
  assert.equal(left.count, all.count);
  assert.equal(left.min, all.min);
  assert.equal(left.max, all.max);
});

test('encode/decode round-trips every statistic, including min/max/sum the proto codec drops', () => {
  const s = new QuantileSketch();
  for (const v of [0, 0.5, 3, 3, 250, -7, 1e6]) s.add(v);
  s.add(42, 2.5);
  const back = QuantileSketch.decode(s.encode());
  assert.equal(back.count, s.count);
  assert.equal(back.sum, s.sum);
  assert.equal(back.min, -7);
  assert.equal(back.max, 1e6);
  for (const q of [0.1, 0.3, 0.5, 0.7, 0.9]) assert.equal(back.quantile(q), s.quantile(q));
  const empty = QuantileSketch.decode(new QuantileSketch().encode());
  assert.equal(empty.count, 0);
  assert.ok(Number.isNaN(empty.quantile(0.5)));
});

test('a minute of latencies encodes compactly', () => {
  const r = seededRandom(3);
  const s = new QuantileSketch();
  for (let i = 0; i < 5000; i++) s.add(20 * Math.exp(r() * 2));
  assert.ok(s.encode().length < 600, `encoded ${s.encode().length} bytes`);
});

test('mergeEncoded equals decode-then-merge', () => {
  const r = seededRandom(11);
  const a = new QuantileSketch();
  const b = new QuantileSketch();
  for (let i = 0; i < 2000; i++) a.add(r() * 100 - 10);
  for (let i = 0; i < 3000; i++) b.add(r() * 1000);
  const viaDecode = new QuantileSketch();
  viaDecode.merge(a);
  viaDecode.merge(QuantileSketch.decode(b.encode()));
  const direct = new QuantileSketch();
  direct.merge(a);
  direct.mergeEncoded(b.encode());
  assert.deepEqual(direct.encode(), viaDecode.encode());
  const empty = new QuantileSketch();
  empty.mergeEncoded(new QuantileSketch().encode());
  assert.equal(empty.count, 0);
  assert.equal(empty.min, Infinity);
});
