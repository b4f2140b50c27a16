import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** packages/web/dist, found from the server package's root (this file runs from src/ or from the dist bundle). */
function findWebDist(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@vigil/server'
    )
      return join(dir, '..', 'web', 'dist');
    const parent = dirname(dir);
    if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');
    dir = parent;
  }
}

/** The built dashboard (packages/web/dist), served at `/` with an SPA fallback for client-side routes. */
export const WEB_DIST = findWebDist();

export async function installWebUi(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(root)) {
    app.log.warn({ root }, 'dashboard not built (npm run build:web); serving the API only');
    return false;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'], decorateReply: true });
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, (req, reply) => {
    // Only client-side routes get the dashboard: anything that names the API, however spelled, is a 404.
    const path = req.url
      .split('?')[0]!
      .toLowerCase()
      .replace(/\/{2,}/g, '/');
    if (/^\/(api|v1|metrics|healthz|readyz)(\/|\.|$)/.test(path)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
  return true;
}
