import type { MetricSummary } from '@vigil/protocol';

/** The metrics the Endpoints table shows, each over the whole range (GET /api/v1/metrics/summary). */
export const ENDPOINT_METRICS = [
  'calls',
  'callsPerMinute',
  'errorRate',
  'latency.p50',
  'latency.p95',
  'latency.p99',
  'cost',
] as const;

export interface EndpointRow {
  endpoint: string;
  calls: number;
  callsPerMinute: number | null;
  /** errors / calls over the whole range; null without calls. */
  errorRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** USD spent on the endpoint's calls in the range. */
  cost: number | null;
}

export type EndpointSortKey = Exclude<keyof EndpointRow, 'endpoint'> | 'endpoint';
export const ENDPOINT_SORT_KEYS: readonly EndpointSortKey[] = [
  'endpoint',
  'callsPerMinute',
  'calls',
  'errorRate',
  'p50',
  'p95',
  'p99',
  'cost',
];

/**
 * Table rows from one `groupBy=endpoint` summary: every number is over the exact range (a p99 of those
 * calls, not a peak of bucket p99s).
 */
export function endpointRows(res: MetricSummary): EndpointRow[] {
  return res.groups.map((g) => {
    const v = (m: string) => g.values[m] ?? null;
    return {
      endpoint: g.endpoint ?? '',
      calls: v('calls') ?? 0,
      callsPerMinute: v('callsPerMinute'),
      errorRate: v('errorRate'),
      p50: v('latency.p50'),
      p95: v('latency.p95'),
      p99: v('latency.p99'),
      cost: v('cost'),
    };
  });
}

/** Sorted copy; nulls ("—") always last, ties by endpoint. */
export function sortEndpointRows(rows: EndpointRow[], key: EndpointSortKey, dir: 'asc' | 'desc'): EndpointRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
    return c === 0 || Number.isNaN(c) ? a.endpoint.localeCompare(b.endpoint) : sign * c;
  });
}
