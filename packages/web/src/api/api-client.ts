import { dropSession, readCsrfToken } from './session-store.js';
import type { BodyArgs, GetPathFor, SendAnswer, SendMethod, SendPath, SendRoute } from './api-routes.js';

/** An error answer of the Vigil API, carrying its wire `{statusCode, code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type QueryParams = Record<string, string | number | undefined>;

export function buildApiPath(path: string, params: QueryParams = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * GET a Vigil API path over the session cookie. A 401 ends the session, which sends the app back to login.
 * `T` must be a shape the path answers (packages/protocol API_ROUTES), or the path does not type-check.
 *
 * @example
 *   const { models } = await fetchApi<ModelList>('/api/v1/models', { window: '1h' }, signal);
 */
export async function fetchApi<T>(path: GetPathFor<T>, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
  // Panels asking the same question at the same moment (two panels of one model's performance) share one request.
  // One session per browser tab, so the URL alone names the question.
  const url = buildApiPath(path, params);
  let pending = inFlight.get(url) as Promise<T> | undefined;
  if (!pending) {
    pending = request<T>(url).finally(() => inFlight.delete(url));
    inFlight.set(url, pending);
  }
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const inFlight = new Map<string, Promise<unknown>>();

async function request<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (res.ok) return (await res.json()) as T;
  let code = `HTTP_${res.status}`;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { code?: string; message?: string };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  if (res.status === 401) dropSession();
  throw new ApiError(res.status, code, message);
}

/**
 * Sends a write over the session with its CSRF token; same error and 401 handling as fetchApi. The body and the answer are
 * typed by the route (packages/protocol API_ROUTES); routes without a body take none.
 * @example const { rule } = await sendApi('POST', '/api/v1/alerts/rules', rule)
 */
export async function sendApi<M extends SendMethod, P extends SendPath<M>>(
  method: M,
  path: P,
  ...[body]: BodyArgs<SendRoute<M, P>>
): Promise<SendAnswer<M, P>> {
  const csrf = readCsrfToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): keep the status line below.
  }
  if (res.ok) return json as SendAnswer<M, P>;
  const err = (json ?? {}) as { code?: string; message?: string };
  if (res.status === 401) dropSession();
  throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `${res.status} ${res.statusText}`);
}
