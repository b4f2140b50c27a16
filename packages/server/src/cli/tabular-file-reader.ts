/**
 * Streaming reader of CSV (header row, RFC 4180 quoting) and JSON Lines files into drift columns.
 * CSV is parsed from 1 MiB chunks straight out of the byte buffer: numbers into Float64Arrays,
 * categories counted by bytes, no per-row objects (1M rows × 10 columns in well under a second).
 *
 * @example
 *   const ref = readTabularFile('ref.csv', { columns: ['age', 'plan'] });
 *   ref.columns.get('age'); // { name: 'age', kind: 'numerical', values: Float64Array }
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  ColumnBuilder,
  type ColumnData,
  type ColumnKind,
  decimalToSortedFloat64,
  MISSING_TOKENS,
} from '../analysis/drift/index.js';

export class TabularInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabularInputError';
  }
}

export interface ReadOptions {
  /** Columns to read (default: all). Unknown names are an error naming the file. */
  columns?: string[];
  /** Columns to read as categorical even when every value is a number. */
  categorical?: ReadonlySet<string>;
}

export interface TabularFile {
  path: string;
  header: string[];
  rowCount: number;
  kinds: Map<string, ColumnKind>;
  /**
   * The drift input for one column. Numerical values are built on demand and sorted; for columns stored
   * as decimals they are written into one buffer per file, so the result is only valid until the next
   * call (drift runs one column pair at a time; a million-row file then needs 8 MB, not 8 MB per column).
   */
  column(name: string): ColumnData;
  /** Missing cells per column (empty, NA, N/A, NaN, nan, null, NULL, None; JSON null or absent key). */
  missing: Map<string, number>;
}

const CHUNK = 1 << 20;
const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((err as Error).message);
    throw new TabularInputError(`${path}: cannot read (${why})`);
  }
}

function formatKind(path: string): 'csv' | 'jsonl' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new TabularInputError(`${path}: unknown file type (use .csv, .jsonl or .ndjson)`);
}

/** Reads a CSV or JSON Lines file (chosen by extension). Columns whose values are not all numbers are categorical. */
export function readTabularFile(path: string, options: ReadOptions = {}): TabularFile {
  const kind = formatKind(path);
  let file = kind === 'csv' ? readCsv(path, options) : readJsonl(path, options);
  // A column that turned categorical after numbers were read lost their text: read those columns again.
  const flipped = file.flipped.filter((n) => !options.categorical?.has(n));
  if (flipped.length) {
    const categorical = new Set([...(options.categorical ?? []), ...flipped]);
    file = kind === 'csv' ? readCsv(path, { ...options, categorical }) : readJsonl(path, { ...options, categorical });
  }
  return file.result;
}

function selectColumns(path: string, header: string[], wanted: string[] | undefined): string[] {
  if (!wanted) return header;
  for (const w of wanted) {
    if (!header.includes(w)) {
      throw new TabularInputError(`${path}: unknown column "${w}" (columns are: ${header.join(', ')})`);
    }
  }
  return wanted;
}

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

/** Receives each data row of a CSV: field i is bytes [starts[i], ends[i]) of buf, or text(i) when escaped[i]. */
interface CsvRowSink {
  row(buf: Buffer, starts: Int32Array, ends: Int32Array, escaped: Uint8Array, text: (i: number) => string): void;
  /** Called once after 1,000 rows with the estimated total row count. */
  estimate?(rows: number): void;
}

function readCsv(path: string, options: ReadOptions) {
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

function scanCsv(path: string, onHeader: (header: string[]) => CsvRowSink): number {
  const fd = openFile(path);
  try {
    const fileSize = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(fileSize, 1)) + 1);
    let len = 0;
    let eof = false;
    const fill = (keepFrom: number): void => {
      const keep = len - keepFrom;
      if (keep > 0 && keepFrom > 0) buf.copy(buf, 0, keepFrom, len);
      len = keep;
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) eof = true;
      len += n;
    };
    fill(0);
    let pos = 0;
    if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3; // UTF-8 BOM

    let starts = new Int32Array(64);
    let ends = new Int32Array(64);
    let escaped = new Uint8Array(64);
    let line = 1;
    let nFields = 0;
    let rowLines = 0;
    let errorCol = -1;
    let errorWhat = '';

    /** Scans one row from `from`; returns the position after it, -1 when the buffer ends first, -2 on a quoting error. */
    const scanRow = (from: number): number => {
      // Locals, not the closure's variables, in the per-byte loops (measured ~25% faster).
      const b = buf;
      const n = len;
      const atEof = eof;
      let st = starts;
      let en = ends;
      let p = from;
      let k = 0;
      let lines = 0;
      let result = 0;
      for (;;) {
        if (k === st.length) {
          const grow = <T extends Int32Array | Uint8Array>(a: T, ctor: new (n: number) => T): T => {
            const g = new ctor(a.length * 2);
            g.set(a);
            return g;
          };
          starts = st = grow(st, Int32Array);
          ends = en = grow(en, Int32Array);
          escaped = grow(escaped, Uint8Array);
        }
        if (p < n && b[p] === QUOTE) {
          let q = p + 1;
          let esc = 0;
          for (;;) {
            while (q < n && b[q] !== QUOTE) {
              if (b[q] === LF) lines++;
              q++;
            }
            if (q >= n) {
              if (!atEof) return -1;
              errorCol = k;
              errorWhat = 'unterminated quoted field';
              return -2;
            }
            if (q + 1 >= n && !atEof) return -1;
            if (q + 1 < n && b[q + 1] === QUOTE) {
              esc = 1;
              q += 2;
              continue;
            }
            break;
          }
          st[k] = p + 1;
          en[k] = q;
          escaped[k] = esc;
          k++;
          p = q + 1;
          if (p < n && b[p] !== COMMA && b[p] !== LF && b[p] !== CR) {
            errorCol = k - 1;
            errorWhat = 'unexpected character after a closing quote';
            return -2;
          }
        } else {
          const s0 = p;
          let c = 0;
          while (p < n && (c = b[p]) !== COMMA && c !== LF && c !== CR) p++;
          if (p >= n && !atEof) return -1;
          st[k] = s0;
          en[k] = p;
          escaped[k] = 0;
          k++;
        }
        if (p >= n) {
          result = p;
          break;
        }
        const c = b[p];
        if (c === COMMA) {
          p++;
          continue;
        }
        if (c === CR) {
          if (p + 1 >= n && !atEof) return -1;
          result = p + 1 < n && b[p + 1] === LF ? p + 2 : p + 1;
          break;
        }
        result = p + 1;
        break;
      }
      nFields = k;
      rowLines = lines;
      return result;
    };

    const fieldText = (i: number): string => {
      const raw = buf.toString('utf8', starts[i], ends[i]);
      return escaped[i] ? raw.replaceAll('""', '"') : raw;
    };
    const fail = (what: string, col: number, names?: string[]): never => {
      const name = names && col >= 0 && col < names.length ? ` ("${names[col]}")` : '';
      throw new TabularInputError(`${path}:${line}: column ${col + 1}${name}: ${what}`);
    };

    let next = scanRow(pos);
    while (next === -1) {
      fill(pos);
      pos = 0;
      next = scanRow(pos);
    }
    if (next === -2) fail(errorWhat, errorCol);
    if (len === 0 || (nFields === 1 && starts[0] === ends[0]))
      throw new TabularInputError(`${path}: empty file (a CSV needs a header row)`);
    const header: string[] = [];
    for (let i = 0; i < nFields; i++) header.push(fieldText(i));
    const seen = new Set<string>();
    header.forEach((h, i) => {
      if (seen.has(h)) fail(`duplicate column name "${h}" in the header`, i);
      seen.add(h);
    });
    const sink = onHeader(header);
    line += rowLines + 1;
    const dataStart = next;
    pos = next;

    let rows = 0;
    let consumed = 0;
    const width = header.length;
    for (;;) {
      if (pos >= len) {
        if (eof) break;
        fill(pos);
        pos = 0;
        if (len === 0) break;
      }
      next = scanRow(pos);
      if (next === -1) {
        fill(pos);
        pos = 0;
        continue;
      }
      if (next === -2) fail(errorWhat, errorCol, header);
      if (nFields === 1 && starts[0] === ends[0] && !escaped[0] && buf[starts[0] - 1] !== QUOTE) {
        // Blank line.
        line += rowLines + 1;
        pos = next;
        continue;
      }
      if (nFields !== width) {
        if (nFields < width) fail(`missing (the row has ${nFields} fields, the header ${width})`, nFields, header);
        fail(`unexpected extra field (the row has ${nFields} fields, the header ${width})`, width, header);
      }
      sink.row(buf, starts, ends, escaped, fieldText);
      rows++;
      line += rowLines + 1;
      consumed += next - pos;
      pos = next;
      if (rows === 1000) {
        // Size the columns once from the average row length, so a million rows are not re-grown ~20 times.
        const estimate = Math.ceil(((fileSize - dataStart) / consumed) * rows * 1.05) + 16;
        sink.estimate?.(estimate);
      }
    }
    return rows;
  } finally {
    closeSync(fd);
  }
}

function jsonColumnOf(message: string): number | null {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) + 1 : null;
}

function readJsonl(path: string, options: ReadOptions) {
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

function parseJsonl(path: string): { records: Record<string, unknown>[]; header: string[] } {
  const fd = openFile(path);
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let carry = '';
    let lineNo = 0;
    const records: Record<string, unknown>[] = [];
    const header: string[] = [];
    const known = new Set<string>();
    const handleLine = (text: string): void => {
      lineNo++;
      if (text.trim() === '') return;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch (err) {
        const col = jsonColumnOf((err as Error).message);
        throw new TabularInputError(`${path}:${lineNo}:${col ?? 1}: invalid JSON (${(err as Error).message})`);
      }
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
        throw new TabularInputError(`${path}:${lineNo}:1: each line must be a JSON object`);
      }
      for (const k of Object.keys(rec)) {
        if (!known.has(k)) {
          known.add(k);
          header.push(k);
        }
      }
      records.push(rec as Record<string, unknown>);
    };
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = carry + chunk.toString('utf8', 0, n);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const l of lines) handleLine(l.endsWith('\r') ? l.slice(0, -1) : l);
    }
    if (carry) handleLine(carry);
    return { records, header };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a reference and a current file so that each column has the same kind on both sides
 * (a column numerical in one file and not in the other is read as categorical in both).
 */
export function readFilePair(
  referencePath: string,
  currentPath: string,
  columns?: string[],
): { reference: TabularFile; current: TabularFile } {
  let reference = readTabularFile(referencePath, { columns });
  const wanted = columns ?? reference.header;
  let current = readTabularFile(currentPath, { columns: wanted });
  const mixed = new Set(wanted.filter((n) => reference.kinds.get(n) !== current.kinds.get(n)));
  if (mixed.size) {
    if ([...mixed].some((n) => reference.kinds.get(n) === 'numerical'))
      reference = readTabularFile(referencePath, { columns, categorical: mixed });
    if ([...mixed].some((n) => current.kinds.get(n) === 'numerical'))
      current = readTabularFile(currentPath, { columns: wanted, categorical: mixed });
  }
  return { reference, current };
}

/**
 * Reads the named columns row by row as text (null where missing), for checks that pair values of the
 * same row (prediction and label). Slower than readTabularFile; meant for evaluation-sized files.
 * @example readTextColumns('preds.csv', ['prediction', 'label'])
 */
export function readTextColumns(path: string, names: string[]): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>(names.map((n) => [n, []]));
  const isMissing = (t: string) => t === '' || MISSING_TOKENS.includes(t);
  if (formatKind(path) === 'csv') {
    scanCsv(path, (header) => {
      selectColumns(path, header, names);
      const idx = names.map((n) => header.indexOf(n));
      const lists = names.map((n) => out.get(n)!);
      return {
        row(_buf, _s, _e, _x, text) {
          for (let k = 0; k < idx.length; k++) {
            const t = text(idx[k]);
            lists[k].push(isMissing(t) ? null : t);
          }
        },
      };
    });
    return out;
  }
  const { records, header } = parseJsonl(path);
  selectColumns(path, header, names);
  for (const rec of records) {
    for (const n of names) {
      const v = rec[n];
      const t = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
      out.get(n)!.push(t === null || isMissing(t) ? null : t);
    }
  }
  return out;
}
