import { openSync } from 'node:fs';
import type { ColumnData, ColumnKind } from '../analysis/drift/index.js';

/** A file that cannot be read as a table: the message names the file (and line and column when it can). */
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

/** Bytes read from a file at a time. */
export const CHUNK = 1 << 20;

/** Opens a file for reading; a missing file or a directory is a TabularInputError naming it. */
export function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((err as Error).message);
    throw new TabularInputError(`${path}: cannot read (${why})`);
  }
}

/** The format of a file, by its extension. */
export function formatKind(path: string): 'csv' | 'jsonl' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new TabularInputError(`${path}: unknown file type (use .csv, .jsonl or .ndjson)`);
}

/** The wanted columns (default all); an unknown one is a TabularInputError listing the file's columns. */
export function selectColumns(path: string, header: string[], wanted: string[] | undefined): string[] {
  if (!wanted) return header;
  for (const w of wanted) {
    if (!header.includes(w)) {
      throw new TabularInputError(`${path}: unknown column "${w}" (columns are: ${header.join(', ')})`);
    }
  }
  return wanted;
}
