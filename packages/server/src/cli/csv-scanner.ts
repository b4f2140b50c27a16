import { closeSync, fstatSync, readSync } from 'node:fs';
import { CHUNK, openFile, TabularInputError } from './tabular-input.js';

/**
 * A CSV scanner (header row, RFC 4180 quoting) that reads 1 MiB chunks and hands each data row to a sink as
 * field offsets into the byte buffer, so the caller decides what to decode: no per-row objects.
 */

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export /** Receives each data row of a CSV: field i is bytes [starts[i], ends[i]) of buf, or text(i) when escaped[i]. */
interface CsvRowSink {
  row(buf: Buffer, starts: Int32Array, ends: Int32Array, escaped: Uint8Array, text: (i: number) => string): void;
  /** Called once after 1,000 rows with the estimated total row count. */
  estimate?(rows: number): void;
}

/**
 * Scans the CSV at `path`: the header goes to `onHeader`, which returns the sink of the data rows; returns the
 * number of data rows. Malformed quoting, a duplicate column name or a row of the wrong width is a
 * TabularInputError naming the line and column.
 */
export function scanCsv(path: string, onHeader: (header: string[]) => CsvRowSink): number {
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
