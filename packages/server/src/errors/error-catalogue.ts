/**
 * Every error code Vigil returns, with its HTTP status. docs/errors.md lists the same codes;
 * test/errors-doc.test.ts keeps the two equal both ways.
 */
export const ERROR_CATALOGUE = {
  VIGIL_ERR_VALIDATION: {
    status: 400,
    summary: 'A request field is missing or has the wrong type or value; the message names it.',
  },
  VIGIL_ERR_MALFORMED_JSON: {
    status: 400,
    summary: 'The body is not valid JSON (or not valid gzip when Content-Encoding: gzip).',
  },
  VIGIL_ERR_MALFORMED_REQUEST: {
    status: 400,
    summary: 'The request is not valid HTTP or its URL cannot be decoded (e.g. a stray "%").',
  },
  VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: 'Content-Type is not application/json, or Content-Encoding is not gzip/identity.',
  },
  VIGIL_ERR_UNAUTHORIZED: {
    status: 401,
    summary: 'No API key, or an unknown or revoked one. Send Authorization: Bearer <key>.',
  },
  VIGIL_ERR_FORBIDDEN: { status: 403, summary: 'The API key is valid but its role may not do this.' },
  VIGIL_ERR_NOT_FOUND: { status: 404, summary: 'No such route or resource.' },
  VIGIL_ERR_UNKNOWN_MODEL: {
    status: 404,
    summary: 'Vigil has no events and no stored reference for this model; send events with its slug first.',
  },
  VIGIL_ERR_NO_REFERENCE: {
    status: 404,
    summary: 'The model has no stored reference baseline; POST one to /api/v1/models/{model}/reference.',
  },
  VIGIL_ERR_METHOD_NOT_ALLOWED: { status: 405, summary: 'The route exists but not for this HTTP method.' },
  VIGIL_ERR_CONFLICT: {
    status: 409,
    summary: 'The resource is in a state that does not allow this (e.g. the incident is already resolved).',
  },
  VIGIL_ERR_ALREADY_EXISTS: {
    status: 409,
    summary: 'Creating with an id that is taken; PUT to that id to replace it, or choose another.',
  },
  VIGIL_ERR_VERSION_CONFLICT: {
    status: 409,
    summary: 'The resource changed since it was read (a concurrent write); read it again and retry.',
  },
  VIGIL_ERR_CHECKPOINTS_NOT_MET: {
    status: 409,
    summary: 'A use-case transition or approval was refused: `details.missing` lists the checkpoints not met.',
  },
  VIGIL_ERR_USE_CASE_RETIRED: { status: 409, summary: 'The use case is retired; it takes no sign-offs or changes.' },
  VIGIL_ERR_PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body exceeds the limit (5 MB after decompression).' },
  VIGIL_ERR_BATCH_TOO_LARGE: {
    status: 413,
    summary: 'A batch holds more items than the endpoint takes (1,000 events or labels); split it.',
  },
  VIGIL_ERR_REQUEST_TIMEOUT: {
    status: 408,
    summary: 'The client did not send the whole request in time (Node closes the connection after this answer).',
  },
  VIGIL_ERR_HEADERS_TOO_LARGE: { status: 431, summary: "The request headers exceed 16 KB (Node's limit)." },
  VIGIL_ERR_BATCH_ITEM_INVALID: {
    status: 400,
    summary: 'Per-item code in a batch answer: this item failed validation; the message names the field.',
  },
  VIGIL_ERR_CARDINALITY_LIMIT: {
    status: 400,
    summary:
      'Per-item code in a batch answer: the item would add a model, endpoint or feature past a configured cardinality limit; the message names the limit and its setting.',
  },
  VIGIL_ERR_RATE_LIMITED: { status: 429, summary: 'Too many requests; retry after the Retry-After header.' },
  VIGIL_ERR_OVERLOADED: {
    status: 503,
    summary: 'The server is shedding load or shutting down; retry after the Retry-After header.',
  },
  VIGIL_ERR_NOT_READY: {
    status: 503,
    summary:
      'The store cannot take writes (disk full, read-only, corrupt) or migrations are not applied; retry after the Retry-After header.',
  },
  VIGIL_ERR_INTERNAL: {
    status: 500,
    summary: 'An unexpected failure; the cause is in the server log under the requestId.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
