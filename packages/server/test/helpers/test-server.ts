import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildApp, type VigilApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/index.js';

export interface TestServer {
  vigil: VigilApp;
  config: Config;
  /** http://127.0.0.1:PORT when `listen` was asked for. */
  url: string;
  adminKey: string;
  dataDir: string;
  auth: { authorization: string };
  close(): Promise<void>;
}

/**
 * A real Vigil server over a real SQLite file in a fresh temp dir, with a random admin key.
 * `listen: true` binds 127.0.0.1 on an ephemeral port; otherwise use `vigil.app.inject()`.
 */
export async function startTestServer(
  opts: { listen?: boolean; env?: Record<string, string>; dataDir?: string; now?: () => number; port?: number } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const adminKey = `test-${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    VIGIL_DATA_DIR: dataDir,
    VIGIL_ADMIN_KEY: adminKey,
    VIGIL_LOG_LEVEL: 'silent',
    VIGIL_FLUSH_INTERVAL_MS: '100',
    VIGIL_MAX_EVENT_LOOP_DELAY_MS: '0',
    VIGIL_PORT: String(opts.port ?? 0),
    // Tests deliver notifications to loopback receivers (production refuses loopback targets by default).
    VIGIL_ALLOW_LOOPBACK_TARGETS: 'true',
    ...opts.env,
  });
  const vigil = await buildApp(config, { now: opts.now });
  await vigil.start();
  let url = '';
  if (opts.listen) url = await vigil.app.listen({ port: config.port, host: '127.0.0.1' });
  return {
    vigil,
    config,
    url,
    adminKey,
    dataDir,
    auth: { authorization: `Bearer ${adminKey}` },
    async close() {
      await vigil.app.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
