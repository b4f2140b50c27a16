// Bundles the server and the `vigil` CLI into packages/server/dist with esbuild, so the CLI starts in
// plain Node (~0.1 s) instead of compiling TypeScript through tsx on every run (~1 s). Runs on `npm ci`
// (the root "prepare" script). bin/vigil.js uses the bundle only while it is newer than every source file.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = JSON.parse(readFileSync(`${root}/packages/server/package.json`, 'utf8'));
// Our own workspace packages export TypeScript sources, so they are bundled; everything else stays a
// runtime import from node_modules (native modules like better-sqlite3 cannot be bundled anyway).
const external = Object.keys(server.dependencies ?? {}).filter((d) => !d.startsWith('@vigil/'));
const outdir = `${root}/packages/server/dist`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}/packages/server/src/cli/vigil-cli.ts`],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  external: [...external, 'tsx', 'tsx/*'],
  // Workspace packages from their TypeScript sources (see packages/sdk/package.json).
  conditions: ['vigil-source'],
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
  },
});
writeFileSync(`${outdir}/BUILT`, `${new Date().toISOString()}\n`);
