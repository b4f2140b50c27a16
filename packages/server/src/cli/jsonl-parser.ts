import { closeSync, readSync } from 'node:fs';
import { CHUNK, openFile, TabularInputError } from './tabular-input.js';

function jsonColumnOf(message: string): number | null {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) + 1 : null;
}

/**
 * Parses a JSON Lines file into records and the union of their keys in first-seen order. A line that is not a
 * JSON object is a TabularInputError naming the line and column.
 */
export function parseJsonl(path: string): { records: Record<string, unknown>[]; header: string[] } {
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
