/** Text forms of a drift report shared by the CLI table, JUnit and HTML outputs. */
import { isPValueMethod } from './compute-drift.js';
import type { ColumnDrift } from './drift-types.js';

export function formatNumber(x: number | null): string {
  if (x === null) return '-';
  if (Number.isNaN(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}

/** One line saying why a column did or did not drift, e.g. "ks p-value 0.0012 < 0.05". */
export function explainColumn(c: ColumnDrift): string {
  if (Number.isNaN(c.statistic))
    return `${c.method}: no values to compare (reference ${c.referenceSize}, current ${c.currentSize})`;
  if (isPValueMethod(c.method)) {
    return `${c.method} p-value ${formatNumber(c.pValue)} ${c.drifted ? '<' : '>='} ${c.threshold} (statistic ${formatNumber(c.statistic)})`;
  }
  return `${c.method} ${formatNumber(c.statistic)} ${c.drifted ? '>=' : '<'} ${c.threshold}`;
}
