import { parseRetryAfterMs } from './retry-policy.js';

export type PostOutcome =
  | { kind: 'response'; status: number; retryAfterMs: number | undefined; bodyText: string }
  | { kind: 'network'; error: Error };

export interface PostOptions {
  timeoutMs: number;
  fetch: typeof fetch;
  /** Aborted when shutdown() runs out of time. */
  signal: AbortSignal;
}

// zlib's Buffers are backed by a plain ArrayBuffer, which is what fetch's BodyInit asks for.
type Gzip = (body: string) => Promise<Uint8Array<ArrayBuffer>>;
let gzipLoader: Promise<Gzip | null> | undefined;

/**
 * node:zlib is loaded on first use and is optional: where it is missing (an edge runtime) bodies go
 * uncompressed, which the server accepts just the same.
 */
function loadGzip(): Promise<Gzip | null> {
  gzipLoader ??= import('node:zlib').then(
    (zlib) => (body: string) =>
      new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) =>
        zlib.gzip(body, (err, out) => (err ? reject(err) : resolve(out as Uint8Array<ArrayBuffer>))),
      ),
    () => null,
  );
  return gzipLoader;
}

export interface PreparedBody {
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/** Builds headers and compresses once per batch, so retries resend the same bytes. */
export async function prepareBody(
  json: string,
  bytes: number,
  apiKey: string | undefined,
  gzipThresholdBytes: number,
): Promise<PreparedBody> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'vigil-sdk/0.1' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (bytes >= gzipThresholdBytes) {
    const gzip = await loadGzip();
    const compressed = gzip ? await gzip(json).catch(() => null) : null;
    if (compressed) {
      headers['content-encoding'] = 'gzip';
      return { body: compressed, headers };
    }
  }
  return { body: json, headers };
}

/**
 * One POST; never throws. A network failure, a timeout and an abort all come back as
 * `{kind: 'network'}`; any HTTP answer as `{kind: 'response'}` with its body read to the end so the
 * keep-alive socket is reused.
 */
export async function postJson(
  url: string,
  { body, headers }: PreparedBody,
  options: PostOptions,
): Promise<PostOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`request timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  timer.unref?.();
  const onAbort = (): void => controller.abort(new Error('delivery abandoned at shutdown'));
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await options.fetch(url, { method: 'POST', headers, body, signal: controller.signal });
    const bodyText = await res.text();
    return {
      kind: 'response',
      status: res.status,
      retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), Date.now()),
      bodyText,
    };
  } catch (err) {
    const reason = controller.signal.aborted ? controller.signal.reason : err;
    return { kind: 'network', error: describeNetworkError(reason) };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** undici says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND…) is in `cause`. */
function describeNetworkError(reason: unknown): Error {
  if (!(reason instanceof Error)) return new Error(String(reason));
  const cause = (reason as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? new Error(`${reason.message}: ${detail}`, { cause }) : reason;
}
