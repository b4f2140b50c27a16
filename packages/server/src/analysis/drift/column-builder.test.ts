import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnBuilder } from './column-builder.js';
import { decimalToSortedFloat64 } from './decimal-values.js';

function read(cells: string[]): { values: Float64Array; builder: ColumnBuilder } {
  const b = new ColumnBuilder('x', false, 4);
  for (const c of cells) b.addText(c);
  const v = b.numerical();
  return { values: v instanceof Float64Array ? Float64Array.from(v).sort() : decimalToSortedFloat64(v), builder: b };
}

test('decimal storage gives exactly the doubles Number() gives, through rescaling', () => {
  const cells = ['1.5', '2', '-0.125', '1e-3', '-7.25', '3.000001', '12e2', '0.1', '0.2', '0.30000000', '', 'NA'];
  const { values, builder } = read(cells);
  assert.ok(builder.ints !== null, 'stayed decimal');
  assert.equal(builder.missing, 2);
  const expected = Float64Array.from(cells.filter((c) => c && c !== 'NA').map(Number)).sort();
  assert.deepEqual([...values], [...expected]);
});

test('values that do not fit int32 at the column scale switch to float64 without changing any value', () => {
  for (const cells of [
    ['0.000000001', '3'],
    ['2147483647', '0.5'],
    ['1.0000000001', '2'],
    ['123456789012345678', '1'],
    ['5', '-3000000000'],
  ]) {
    const { values, builder } = read(cells);
    assert.equal(builder.ints, null, cells.join(','));
    assert.deepEqual(
      [...values],
      cells.map(Number).sort((a, b) => a - b),
    );
  }
});

test('a non-numeric value turns the column categorical and flags a re-read', () => {
  const b = new ColumnBuilder('x', false, 4);
  b.addText('1');
  b.addText('blue');
  assert.equal(b.categorical, true);
  assert.equal(b.flipped, true);
});

test('columns read side by side keep their own parse state (no module-level out-parameter)', () => {
  const a = new ColumnBuilder('a', false, 4);
  const b = new ColumnBuilder('b', false, 4);
  // Long mantissas take the general parser; interleaving must not hand one column the other's digits.
  const cellsA = ['1.25', '2.125000', '-3.5e-2'];
  const cellsB = ['7.75e1', ' 0.001 ', '12345.678'];
  for (let i = 0; i < cellsA.length; i++) {
    a.addText(cellsA[i]!);
    b.addText(cellsB[i]!);
  }
  const values = (c: ColumnBuilder) => {
    const v = c.numerical();
    return [...(v instanceof Float64Array ? Float64Array.from(v).sort() : decimalToSortedFloat64(v))];
  };
  assert.deepEqual(
    values(a),
    cellsA.map(Number).sort((x, y) => x - y),
  );
  assert.deepEqual(
    values(b),
    cellsB.map(Number).sort((x, y) => x - y),
  );
});
