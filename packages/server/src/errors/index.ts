export { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js';
export { VigilError, toErrorBody, type ErrorBodyShape } from './vigil-error.js';
