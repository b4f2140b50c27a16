export * from './card-numbers.js';
export * from './pii-detector.js';
export * from './pii-redaction.js';
