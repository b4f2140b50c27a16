export * from './raci-matrix.js';
export * from './on-call-rotation.js';
export * from './team-directory.js';
export * from './alert-router.js';
export * from './digest-schedule.js';
