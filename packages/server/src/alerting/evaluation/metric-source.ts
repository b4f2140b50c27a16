/** One metric lookup: the value of `metric` over events in [from, to) matching the scope. Times in epoch ms. */
export interface MetricQuery {
  metric: string;
  model?: string;
  endpoint?: string;
  tags?: Readonly<Record<string, string>>;
  from: number;
  to: number;
}

/**
 * Where rule evaluation gets numbers. Storage implements it; tests use {@link createInMemoryMetricSource}.
 * `fetchMany` receives each distinct query of an evaluation round once (rules that share metric, scope and
 * window share one entry) and returns values in the same order; `null` means "no data".
 * It may answer synchronously (an in-memory cache) or asynchronously (SQL).
 */
export interface MetricSource {
  fetchMany(queries: readonly MetricQuery[]): readonly (number | null)[] | Promise<readonly (number | null)[]>;
}

/**
 * Adapts a one-query-at-a-time lookup to {@link MetricSource}; lookups run concurrently.
 * @example
 * const source = createMetricSourceFromLookup((q) => store.aggregate(q));
 */
export function createMetricSourceFromLookup(
  lookup: (query: MetricQuery) => Promise<number | null> | number | null,
): MetricSource {
  return { fetchMany: (queries) => Promise.all(queries.map((q) => lookup(q))) };
}

/**
 * The identity of a query: equal keys ⇔ same metric, scope and window. Tag order does not matter.
 * @example metricQueryKey({ metric: 'calls', model: 'm', from: 0, to: 60000 })
 */
export function metricQueryKey(q: MetricQuery): string {
  return `${metricScopeKey(q.metric, q.model, q.endpoint, q.tags)}\u0001${q.from}\u0001${q.to}`;
}

/** The part of {@link metricQueryKey} without the window. */
export function metricScopeKey(
  metric: string,
  model?: string,
  endpoint?: string,
  tags?: Readonly<Record<string, string>>,
): string {
  let tagKey = '';
  if (tags) {
    const names = Object.keys(tags).sort();
    for (const name of names) tagKey += `${name}\u0002${tags[name]}\u0003`;
  }
  return `${metric}\u0001${model ?? ''}\u0001${endpoint ?? ''}\u0001${tagKey}`;
}

/**
 * A metric source over fixed values keyed by scope and window length, for tests and benchmarks:
 * `value(scopeKey, windowMs, toMsAgo)` picks the number. Counts each `fetchMany` call and query.
 * @example
 * const source = createInMemoryMetricSource(({ metric }) => (metric === 'calls' ? 100 : null));
 */
export function createInMemoryMetricSource(
  valueOf: (query: MetricQuery) => number | null,
): MetricSource & { calls: number; queries: number } {
  const source = {
    calls: 0,
    queries: 0,
    fetchMany(queries: readonly MetricQuery[]): (number | null)[] {
      source.calls += 1;
      source.queries += queries.length;
      return queries.map(valueOf);
    },
  };
  return source;
}
