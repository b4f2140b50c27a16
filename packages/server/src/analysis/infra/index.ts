export * from './infra-links.js';
