import { startServerFromCli } from '../main.js';

/** `vigil serve [--port N] [--host H] [--data-dir D] …` — see `vigil serve --help`. */
export async function run(argv: string[]): Promise<number> {
  const started = await startServerFromCli(argv);
  if (typeof started === 'number') return started;
  process.stdout.write(`Vigil listening on ${started.url}\n`);
  // Keep running until a signal arrives; main.ts exits the process.
  return new Promise<number>(() => {});
}
