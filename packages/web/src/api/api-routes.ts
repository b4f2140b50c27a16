// Types only: which path answers what, from the route table in @vigil/protocol (API_ROUTES). `import type` is
// erased at build, so the bundle pays nothing for TypeBox.
import type { ApiBody, ApiResponse, ApiRouteKey } from '@vigil/protocol';

/** "/api/v1/models/:model/quality" → `/api/v1/models/${string}/quality`. */
type PathPattern<P extends string> = P extends `${infer Head}:${string}/${infer Rest}`
  ? `${Head}${string}/${PathPattern<Rest>}`
  : P extends `${infer Head}:${string}`
    ? `${Head}${string}`
    : P;
type MethodOf<K> = K extends `${infer M} ${string}` ? M : never;
type PathOf<K> = K extends `${string} ${infer P}` ? PathPattern<P> : never;

export type SendMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type GetKey = Extract<ApiRouteKey, `GET ${string}`>;
type SendKey = Extract<ApiRouteKey, `${SendMethod} ${string}`>;

/**
 * The GET paths whose answer has every field of `T`: a page asking for a shape the server does not send finds
 * no path it may call, and `npm run typecheck` fails there.
 */
export type GetPathFor<T> = { [K in GetKey]: [ApiResponse<K>] extends [T] ? PathOf<K> : never }[GetKey];

/** The paths a method may be sent to. */
export type SendPath<M extends SendMethod> = { [K in SendKey]: MethodOf<K> extends M ? PathOf<K> : never }[SendKey];

/** The route a method and a concrete path reach. */
export type SendRoute<M extends SendMethod, P extends string> = {
  [K in SendKey]: MethodOf<K> extends M ? (P extends PathOf<K> ? K : never) : never;
}[SendKey];

/** The body argument of a route: none for a route without a body. */
export type BodyArgs<K extends ApiRouteKey> = [ApiBody<K>] extends [never] ? [] : [body: ApiBody<K>];

export type SendAnswer<M extends SendMethod, P extends string> = ApiResponse<SendRoute<M, P>>;
