export * from './infra-links.js';
export * from './histogram-quantile.js';
