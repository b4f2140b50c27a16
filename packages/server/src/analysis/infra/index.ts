export * from './infra-links.js';
export * from './histogram-quantile.js';
export * from './genai-client-metrics.js';
