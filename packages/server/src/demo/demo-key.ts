import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey } from '../plugins/auth.js';
import type { KeyStore } from '../storage/index.js';

const KEY_NAME = 'demo simulator';

/**
 * Creates the ingest key the simulator sends with, as an operator would for a service (least privilege:
 * role "ingest"). The key of a previous run is revoked first, so restarts do not pile up live keys.
 */
export async function createSimulatorKey(keys: KeyStore, nowMs: number): Promise<string> {
  for (const k of await keys.list()) {
    if (k.name === KEY_NAME && k.revokedAtMs === null) await keys.revoke(k.id, nowMs);
  }
  const key = generateApiKey();
  await keys.create({
    id: randomUUID(),
    name: KEY_NAME,
    role: 'ingest',
    hash: hashApiKey(key),
    createdAtMs: nowMs,
    revokedAtMs: null,
  });
  return key;
}
