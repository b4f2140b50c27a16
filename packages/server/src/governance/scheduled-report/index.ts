export * from './report-period.js';
export * from './report-html.js';
