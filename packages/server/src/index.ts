// The package entry (`import { buildApp, loadConfig } from '@vigil/server'`): the same server `vigil serve`
// runs, built without listening, for embedding and tests (fastify's testing guide).
export { buildApp, type AppDeps, type VigilApp } from './app.js';
export { loadConfig, type Config } from './config/index.js';
