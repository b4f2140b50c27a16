import { STATUS_CODES } from 'node:http';
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js';

/**
 * The one error class. Its status comes from the catalogue; its message is what the client sees,
 * so for 4xx it names the field and the fix.
 *
 * @example
 *   throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.from: "yesterday" is not a date; use ISO-8601 or epoch ms');
 */
export class VigilError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'VigilError';
    this.statusCode = ERROR_CATALOGUE[code].status;
  }
}

export interface ErrorBodyShape {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** Longest message an answer carries: a message quoting what the client sent must not echo megabytes back. */
export const MAX_ERROR_MESSAGE = 1000;

export function toErrorBody(err: VigilError, requestId: string): ErrorBodyShape {
  const message =
    err.message.length > MAX_ERROR_MESSAGE ? `${err.message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : err.message;
  const body: ErrorBodyShape = {
    statusCode: err.statusCode,
    code: err.code,
    error: STATUS_CODES[err.statusCode] ?? 'Error',
    message,
    requestId,
  };
  if (err.details !== undefined) body.details = err.details;
  return body;
}
