import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** The built dashboard (packages/web/dist), served at `/` with an SPA fallback for client-side routes. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export async function installWebUi(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(root)) {
    app.log.warn({ root }, 'dashboard not built (npm run build:web); serving the API only');
    return false;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'], decorateReply: true });
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/api/') || path.startsWith('/v1/') || path === '/metrics') {
      return reply.callNotFound();
    }
    return reply.sendFile('index.html');
  });
  return true;
}
