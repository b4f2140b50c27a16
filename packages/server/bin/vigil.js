#!/usr/bin/env node
// The `vigil` CLI. Runs the TypeScript sources through tsx so `npx vigil …` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/vigil-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
