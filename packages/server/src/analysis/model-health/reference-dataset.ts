import type { Event } from '@vigil/protocol';
import { addEventToProfile, ProfileBuilder, type ColumnValue, type ModelProfile } from '../profile/index.js';

/** Bad input in an uploaded reference dataset; the message names the line and column. */
export class ReferenceDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceDatasetError';
  }
}

/** Field texts read as missing in CSV (the same tokens as `vigil drift`, docs/drift.md). */
const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const OUTPUT_COLUMNS: ReadonlySet<string> = new Set([
  'prediction',
  'prediction.score',
  'prediction.confidence',
  'latencyMs',
  'costUsd',
]);

/** Whether a dataset column is one of the event's output columns (profiled with the outputs, not the features). */
export function isOutputColumn(name: string): boolean {
  return OUTPUT_COLUMNS.has(name) || name.startsWith('llm.') || name.startsWith('vision.');
}

/**
 * Types one CSV field like an event value: missing tokens → null, decimal numbers → number,
 * true/false (any case) → boolean, anything else → the text.
 */
export function typeCsvField(text: string): ColumnValue {
  if (MISSING_TOKENS.has(text.trim())) return null;
  if (NUMBER.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  return text;
}

/**
 * Profiles a CSV reference (header row, RFC 4180 quoting, LF or CRLF, optional BOM) into a model profile,
 * exactly as ingest profiles events: columns named `prediction`, `prediction.score`, `prediction.confidence`,
 * `latencyMs`, `costUsd`, `llm.*` and `vision.*` are outputs, every other column a feature.
 *
 * @example profileCsv('churn', 'tenure,plan\n3,pro\n14,free\n').rows // 2
 */
export function profileCsv(model: string, text: string): ModelProfile {
  const builder = new ProfileBuilder(model, { start: 0, end: 0 });
  let header: string[] | null = null;
  for (const { line, fields } of csvRecords(text)) {
    if (header === null) {
      header = fields.map((f) => f.trim());
      header.forEach((name, i) => {
        if (name === '')
          throw new ReferenceDatasetError(`line ${line}, column ${i + 1}: empty column name in the header`);
        if (header!.indexOf(name) !== i)
          throw new ReferenceDatasetError(
            `line ${line}, column ${i + 1}: column "${name}" appears twice in the header`,
          );
      });
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      throw new ReferenceDatasetError(
        `line ${line}: ${fields.length} fields, but the header has ${header.length} (${header.join(', ')})`,
      );
    }
    const features: Record<string, ColumnValue> = {};
    const outputs: Record<string, ColumnValue> = {};
    for (let i = 0; i < header.length; i++)
      (isOutputColumn(header[i]!) ? outputs : features)[header[i]!] = typeCsvField(fields[i]!);
    builder.add(features, outputs);
  }
  if (header === null || builder.profile.rows === 0)
    throw new ReferenceDatasetError('line 2: no data rows; send a header row and at least one data row');
  return builder.profile;
}

/**
 * Profiles JSON Lines: one object per line, either flat (`{"tenure": 3, "plan": "pro", "prediction": "stay"}`,
 * columns split as in {@link profileCsv}) or event-shaped (`{"features": {…}, "prediction": …, "llm": {…}}`).
 */
export function profileJsonLines(model: string, text: string): ModelProfile {
  const rows: Array<{ line: number; row: unknown }> = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    try {
      rows.push({ line: i + 1, row: JSON.parse(trimmed) });
    } catch (err) {
      throw new ReferenceDatasetError(`line ${i + 1}: invalid JSON (${(err as Error).message})`);
    }
  });
  return profileRows(model, rows, (n) => `line ${n}`);
}

/** Profiles `{"rows": [...]}` objects, flat or event-shaped like {@link profileJsonLines}. */
export function profileJsonRows(model: string, rows: readonly unknown[]): ModelProfile {
  return profileRows(
    model,
    rows.map((row, i) => ({ line: i, row })),
    (n) => `body.rows[${n}]`,
  );
}

/** A value as the message shows it: JSON, cut to 60 characters (a row can be megabytes). */
function preview(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 60)}… (${json.length} characters)` : json;
}

function profileRows(
  model: string,
  rows: ReadonlyArray<{ line: number; row: unknown }>,
  where: (n: number) => string,
): ModelProfile {
  const builder = new ProfileBuilder(model, { start: 0, end: 0 });
  for (const { line, row } of rows) {
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw new ReferenceDatasetError(
        `${where(line)}: expected a JSON object, got ${Array.isArray(row) ? 'an array' : preview(row)}`,
      );
    const obj = row as Record<string, unknown>;
    if (typeof obj.features === 'object' && obj.features !== null && !Array.isArray(obj.features)) {
      checkFlat(obj.features as Record<string, unknown>, (k) => `${where(line)}: features.${k}`);
      const pred = obj.prediction;
      if (typeof pred === 'object' && pred !== null) {
        const probs = (pred as { probabilities?: unknown }).probabilities;
        if (
          probs !== undefined &&
          (typeof probs !== 'object' || probs === null || Object.values(probs).some((v) => typeof v !== 'number'))
        ) {
          throw new ReferenceDatasetError(
            `${where(line)}: prediction.probabilities: expected an object of class → probability`,
          );
        }
      }
      for (const block of ['llm', 'vision'] as const) {
        const b = obj[block];
        if (b === undefined) continue;
        if (typeof b !== 'object' || b === null || Array.isArray(b))
          throw new ReferenceDatasetError(`${where(line)}: ${block}: expected an object of numbers and strings`);
        checkFlat(b as Record<string, unknown>, (k) => `${where(line)}: ${block}.${k}`);
      }
      addEventToProfile(builder, { ...obj, model } as Event);
      continue;
    }
    checkFlat(obj, (k) => `${where(line)}: field "${k}"`);
    const features: Record<string, ColumnValue> = {};
    const outputs: Record<string, ColumnValue> = {};
    for (const [k, v] of Object.entries(obj)) (isOutputColumn(k) ? outputs : features)[k] = v as ColumnValue;
    builder.add(features, outputs);
  }
  if (builder.profile.rows === 0)
    throw new ReferenceDatasetError(`${where(rows.length ? 0 : 1)}: empty dataset; send at least one row`);
  return builder.profile;
}

function checkFlat(obj: Record<string, unknown>, name: (k: string) => string): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object')
      throw new ReferenceDatasetError(
        `${name(k)}: nested values are not supported; use a number, string, boolean or null`,
      );
  }
}

/** RFC 4180 records with the line each starts on. */
function* csvRecords(input: string): Generator<{ line: number; fields: string[] }> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n)
            throw new ReferenceDatasetError(
              `line ${start}, column ${fields.length + 1}: a quoted field is never closed`,
            );
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new ReferenceDatasetError(
            `line ${line}, column ${fields.length + 1}: unexpected character after a closing quote`,
          );
        }
      } else {
        let end = i;
        while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      field = '';
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    yield { line: start, fields };
  }
}
