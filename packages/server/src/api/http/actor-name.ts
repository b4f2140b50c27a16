import type { FastifyRequest } from 'fastify';

/**
 * How a change is attributed on the wire: the signed-in person as "Display Name (username)", else the API
 * key's name ("VIGIL_ADMIN_KEY" for the configured key); null when nobody is known.
 */
export function actorName(req: FastifyRequest): string | null {
  const p = req.principal;
  if (!p) return null;
  return p.kind === 'user' ? `${p.displayName} (${p.name})` : p.name;
}
