import { ModelProfile } from '../profile/index.js';

/** What one endpoint sent in a window: its rows and the columns (features, `output:<name>`) it had values for. */
export interface EndpointColumns {
  endpoint: string;
  rows: number;
  columns: string[];
}

/** Rows that should carry a column: of the endpoints that send it, now and in the reference. */
export interface ColumnRows {
  current: number;
  /** Null: the reference has no per-endpoint record (a dataset or an older reference), use all its rows. */
  reference: number | null;
  /** The endpoints counted as sending the column. */
  sentBy: string[];
}

/**
 * The columns each endpoint of a profile had values for (features by name, outputs as `output:<name>`).
 * @example listColumns(profileOfPopularEndpoint) // ['output:prediction']
 */
export function listColumns(profile: ModelProfile): string[] {
  const out: string[] = [];
  for (const [name, c] of profile.features) if (c.present > 0) out.push(name);
  for (const [name, c] of profile.outputs) if (c.present > 0) out.push(`output:${name}`);
  return out.sort();
}

/**
 * Which rows should carry each column, given what each endpoint sends. An endpoint sends a column when the
 * reference says so (its record of that endpoint lists it) or, for an endpoint the reference does not know
 * (or without a reference record), when it sent at least one value of it in the current window. So a
 * `GET /popular` that never sends `weather` does not make `weather` look 100 % missing, while an endpoint
 * that stopped sending a column it sent in the reference still does.
 *
 * @example
 *   expectedColumnRows([{ endpoint: 'POST /r', rows: 90, columns: ['a'] }, { endpoint: 'GET /p', rows: 10, columns: [] }], null)
 *   // { a: { current: 90, reference: null, sentBy: ['POST /r'] } }
 */
export function expectedColumnRows(
  current: readonly EndpointColumns[],
  reference: Readonly<Record<string, { rows: number; columns: readonly string[] }>> | null,
): Record<string, ColumnRows> {
  const out: Record<string, ColumnRows> = {};
  const sends = (e: EndpointColumns, column: string) =>
    reference?.[e.endpoint] ? reference[e.endpoint]!.columns.includes(column) : e.columns.includes(column);
  const names = new Set<string>();
  for (const e of current) for (const c of e.columns) names.add(c);
  if (reference) for (const r of Object.values(reference)) for (const c of r.columns) names.add(c);
  for (const column of [...names].sort()) {
    const sentBy = current.filter((e) => sends(e, column));
    out[column] = {
      current: sentBy.reduce((n, e) => n + e.rows, 0),
      reference: reference
        ? Object.values(reference)
            .filter((r) => r.columns.includes(column))
            .reduce((n, r) => n + r.rows, 0)
        : null,
      sentBy: sentBy.map((e) => e.endpoint),
    };
  }
  return out;
}

/**
 * What each endpoint sent over some hourly windows (one entry per endpoint, sorted): the rows and columns of
 * its windows merged.
 * @example describeEndpointColumns(await store.rollups.readWindows(model, from, to))
 */
export function describeEndpointColumns(
  windows: ReadonlyArray<{ endpoint: string; profile: ModelProfile }>,
): EndpointColumns[] {
  const byEndpoint = new Map<string, ModelProfile>();
  for (const w of windows) {
    let p = byEndpoint.get(w.endpoint);
    if (!p)
      byEndpoint.set(w.endpoint, (p = new ModelProfile(w.profile.model, { ...w.profile.window }, w.profile.options)));
    p.merge(w.profile);
  }
  return [...byEndpoint.entries()]
    .map(([endpoint, p]) => ({ endpoint, rows: p.rows, columns: listColumns(p) }))
    .sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}
