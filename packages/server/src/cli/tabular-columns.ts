import { ColumnBuilder, type ColumnData, type ColumnKind, decimalToSortedFloat64 } from '../analysis/drift/index.js';
import { scanCsv } from './csv-scanner.js';
import { parseJsonl } from './jsonl-parser.js';
import { selectColumns, TabularInputError, type ReadOptions, type TabularFile } from './tabular-input.js';

/**
 * Reading whole files into drift columns: CSV cells straight from the scanner's bytes, JSON Lines values by
 * type. A column that turns categorical after numbers were read is reported in `flipped`, to be read again.
 */

function finish(path: string, header: string[], rows: number, builders: ColumnBuilder[]) {
  const kinds = new Map<string, ColumnKind>();
  const missing = new Map<string, number>();
  const byName = new Map(builders.map((b) => [b.name, b]));
  for (const b of builders) {
    missing.set(b.name, b.missing);
    kinds.set(b.name, b.categorical ? 'categorical' : 'numerical');
  }
  let expanded = new Float64Array(0);
  const column = (name: string): ColumnData => {
    const b = byName.get(name);
    if (!b) throw new TabularInputError(`${path}: unknown column "${name}"`);
    if (b.categorical) return { name, kind: 'categorical', counts: b.counter.toMap() };
    const v = b.numerical();
    if (v instanceof Float64Array) return { name, kind: 'numerical', values: v };
    if (expanded.length < v.ints.length) expanded = new Float64Array(Math.max(...builders.map((x) => x.size)));
    return { name, kind: 'numerical', values: decimalToSortedFloat64(v, expanded) };
  };
  const result: TabularFile = { path, header, rowCount: rows, kinds, missing, column };
  return { result, flipped: builders.filter((b) => b.flipped).map((b) => b.name) };
}

/** Reads the CSV's columns into drift columns. */
export function readCsv(path: string, options: ReadOptions) {
  let builders: ColumnBuilder[] = [];
  let header: string[] = [];
  const rows = scanCsv(path, (h) => {
    header = h;
    const selected = selectColumns(path, header, options.columns);
    const byField: (ColumnBuilder | null)[] = header.map(() => null);
    builders = selected.map((name) => {
      const b = new ColumnBuilder(name, options.categorical?.has(name) ?? false, 1024);
      byField[header.indexOf(name)] = b;
      return b;
    });
    let scratch = Buffer.alloc(0);
    return {
      row(buf, starts, ends, escaped, text) {
        for (let i = 0; i < byField.length; i++) {
          const b = byField[i];
          if (b === null) continue;
          if (escaped[i]) {
            scratch = Buffer.from(text(i), 'utf8');
            b.addBytes(scratch, 0, scratch.length);
          } else {
            b.addBytes(buf, starts[i], ends[i]);
          }
        }
      },
      estimate(n) {
        for (const b of builders) b.reserve(n);
      },
    };
  });
  return finish(path, header, rows, builders);
}

/** Reads the JSON Lines file's columns into drift columns. */
export function readJsonl(path: string, options: ReadOptions) {
  const { records, header } = parseJsonl(path);
  const selected = selectColumns(path, header, options.columns);
  const builders = selected.map(
    (name) => new ColumnBuilder(name, options.categorical?.has(name) ?? false, records.length),
  );
  for (const rec of records) {
    for (const b of builders) {
      const v = rec[b.name];
      if (v === null || v === undefined) b.missing++;
      else if (typeof v === 'number' && !b.categorical) b.addNumber(v);
      else if (typeof v === 'string') b.addText(v);
      else if (typeof v === 'number') b.addText(String(v));
      else {
        if (!b.categorical) b.flipToCategorical();
        b.addText(typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    }
  }
  return finish(path, header, records.length, builders);
}
