#!/usr/bin/env node
// The `vigil` CLI. Runs the bundle in ../dist (built on `npm ci` by scripts/build-cli.mjs) while it is
// newer than every source file; otherwise — during development — the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const stamp = here('../dist/BUILT');

function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.tsx'))
        newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

const sources = [here('../src'), here('../../protocol/src'), here('../../sdk/src')];
const useBundle =
  process.env.VIGIL_CLI_SOURCE !== '1' && existsSync(stamp) && statSync(stamp).mtimeMs > newestSource(sources);
let runCli;
if (useBundle) {
  ({ runCli } = await import('../dist/vigil-cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/vigil-cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2), process.env);
