import { useEffect, useState } from 'react';
import { ApiError, fetchApi, type QueryParams } from './api-client.js';
import type { GetPathFor } from './api-routes.js';

export type ApiState<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError | Error } | { status: 'ok'; data: T };

/**
 * Fetches an API path and re-fetches whenever the path or its parameters change; a stale answer
 * never overwrites a newer one. `path: null` waits (dependent queries). `T` must be a shape the path answers
 * (packages/protocol API_ROUTES), or the call does not type-check.
 * @example const cost = useApi<CostResult>('/api/v1/cost', { groupBy: 'team' });
 */
export function useApi<T>(path: GetPathFor<T> | null, params: QueryParams = {}, reloadToken = 0): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const key = path === null ? null : JSON.stringify([path, params, reloadToken]);
  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setState({ status: 'loading' });
    fetchApi<T>(path, params, ctrl.signal).then(
      (data) => setState({ status: 'ok', data }),
      (error: unknown) => {
        if (ctrl.signal.aborted) return;
        setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => ctrl.abort();
    // `key` stands for path + params: callers pass fresh objects on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
