import { useEffect, useRef, useState } from 'react';
import { ApiError, fetchApi, type QueryParams } from './api-client.js';
import type { GetPathFor } from './api-routes.js';
import { markUpdated, useRefresh } from './refresh.js';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError | Error }
  | { status: 'ok'; data: T; isRefreshing?: boolean };

/**
 * Fetches an API path and re-fetches whenever the path or its parameters change, and on every auto-refresh
 * tick (refresh.ts); a stale answer never overwrites a newer one. While a refresh of the same query is in
 * flight the previous answer stays on screen (`isRefreshing`), so nothing flickers and no form loses what was
 * typed. `path: null` waits (dependent queries). `T` must be a shape the path answers (packages/protocol
 * API_ROUTES), or the call does not type-check.
 * @example const cost = useApi<CostResult>('/api/v1/cost', { groupBy: 'team' });
 */
export function useApi<T>(path: GetPathFor<T> | null, params: QueryParams = {}, reloadToken = 0): ApiState<T> {
  const { tick } = useRefresh();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const key = path === null ? null : JSON.stringify([path, params, reloadToken]);
  // The query without its time range: a refresh moves from/to with the clock but asks the same question.
  const { from: _from, to: _to, ...rest } = params;
  const identity = path === null ? null : JSON.stringify([path, rest, reloadToken]);
  const shown = useRef<{ identity: string | null; tick: number }>({ identity: null, tick: -1 });
  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    // A refresh of what is on screen keeps showing its answer; anything the viewer changed shows loading.
    const isRefresh = shown.current.identity === identity && shown.current.tick !== tick;
    if (isRefresh) setState((s) => (s.status === 'ok' ? { ...s, isRefreshing: true } : s));
    else setState({ status: 'loading' });
    fetchApi<T>(path, params, ctrl.signal).then(
      (data) => {
        if (ctrl.signal.aborted) return;
        shown.current = { identity, tick };
        setState({ status: 'ok', data });
        markUpdated();
      },
      (error: unknown) => {
        if (ctrl.signal.aborted) return;
        shown.current = { identity, tick };
        setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => ctrl.abort();
    // `key` stands for path + params: callers pass fresh objects on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return state;
}
