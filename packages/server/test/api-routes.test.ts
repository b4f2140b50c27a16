import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_ROUTES, type ApiRoute } from '@vigil/protocol';
import { registerDemoRoute } from '../src/demo/demo-route.js';
import { boundSchema } from '../src/plugins/request-bounds.js';
import { startTestServer } from './helpers/test-server.js';

// The web app's types come from API_ROUTES (packages/web/src/api/api-routes.ts); this checks, route by route,
// that the server registered those very schemas, so what it serializes is what the web app is typed against.

const json = (schema: unknown) => JSON.parse(JSON.stringify(schema ?? null)) as unknown;

test('every route the web app calls answers with the wire schema @vigil/protocol declares for it', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const app = s.vigil.app;
  registerDemoRoute(app, {
    models: [],
    startedAtMs: 0,
    rate: 0,
    backfillDays: 0,
    incidentsBetween: () => [],
  });
  const seen = new Map<string, { response?: Record<string, unknown>; body?: unknown }>();
  app.addHook('onResponse', async (req) => {
    seen.set(`${req.method} ${req.routeOptions.url}`, req.routeOptions.schema as never);
  });

  for (const [key, route] of Object.entries(API_ROUTES) as Array<[string, ApiRoute]>) {
    const [method, path] = key.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    // No key: the auth hook answers 401 before any handler runs, and onResponse still sees the route.
    const res = await app.inject({ method, url: path.replaceAll(/:[a-z]+/g, 'x') });
    assert.notEqual(res.statusCode, 404, `${key}: the server has no such route`);
    const schema = seen.get(key);
    assert.ok(schema, `${key}: answered by another route (${res.statusCode})`);
    const status = route.status ?? 200;
    assert.deepEqual(json(schema.response?.[status]), json(route.response), `${key}: ${status} answer schema`);
    // Bodies carry the default bounds the server fills in where a schema states none (plugins/request-bounds.ts).
    assert.deepEqual(json(schema.body), json(boundSchema(route.body, 'body')), `${key}: body schema`);
  }
});
