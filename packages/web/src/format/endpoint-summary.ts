import type { Series, TimeseriesResult } from '@vigil/protocol';

export interface EndpointRow {
  endpoint: string;
  calls: number;
  errors: number;
  /** errors / calls over the whole range; null without calls. */
  errorRate: number | null;
  /** Highest per-step p95 in the range, and the p95 of the latest step that had calls. */
  peakP95: number | null;
  latestP95: number | null;
}

const sum = (s: Series | undefined) => (s ? s.points.reduce((a, p) => a + (p[1] ?? 0), 0) : 0);

/**
 * Table rows from one `groupBy=endpoint` answer with metrics calls, errors, latency.p95. Totals are exact
 * sums of the buckets; a p95 of the whole range is not derivable from per-step p95s, so the table shows
 * the peak and the latest step instead of inventing one.
 */
export function summarizeEndpoints(res: TimeseriesResult): EndpointRow[] {
  const byEndpoint = new Map<string, Map<string, Series>>();
  for (const s of res.series) {
    const key = s.endpoint ?? '';
    let m = byEndpoint.get(key);
    if (!m) byEndpoint.set(key, (m = new Map()));
    m.set(s.metric, s);
  }
  const rows: EndpointRow[] = [];
  for (const [endpoint, m] of byEndpoint) {
    const calls = sum(m.get('calls'));
    const errors = sum(m.get('errors'));
    const p95 = (m.get('latency.p95')?.points ?? []).filter((p): p is [number, number] => p[1] !== null);
    rows.push({
      endpoint,
      calls,
      errors,
      errorRate: calls === 0 ? null : errors / calls,
      peakP95: p95.length ? Math.max(...p95.map((p) => p[1])) : null,
      latestP95: p95.length ? p95[p95.length - 1]![1] : null,
    });
  }
  return rows.sort((a, b) => (b.errorRate ?? -1) - (a.errorRate ?? -1) || b.calls - a.calls);
}
