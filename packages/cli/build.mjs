// Bundles the client commands (packages/server/src/cli/client-cli.ts) and everything they import into
// dist/vigil.js: the published package has no runtime dependencies, so `npm i -D @vigil/cli` installs from
// the tarball alone. Runs on `npm pack` (prepack). Node built-ins stay imports.
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = `${here}dist`;
rmSync(outdir, { recursive: true, force: true });
await build({
  stdin: {
    contents:
      "import { runClientCli } from '../server/src/cli/client-cli.ts';\nprocess.exitCode = await runClientCli(process.argv.slice(2), process.env);\n",
    resolveDir: here,
    sourcefile: 'vigil.ts',
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: `${outdir}/vigil.js`,
  conditions: ['vigil-source'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
});
chmodSync(`${outdir}/vigil.js`, 0o755);
writeFileSync(`${outdir}/BUILT`, `${new Date().toISOString()}\n`);
