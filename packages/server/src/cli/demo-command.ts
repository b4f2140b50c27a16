import { parseArgs } from 'node:util';
import { startServerFromCli } from '../main.js';
import type { PreparedDemo } from '../demo/index.js';

const DEMO_OPTIONS = {
  rate: { type: 'string' },
  'no-backfill': { type: 'boolean' },
  'backfill-days': { type: 'string' },
  'raw-minutes': { type: 'string' },
  seed: { type: 'string' },
} as const;

const DEMO_HELP = `vigil demo — the server with the coffee-company demo traffic (docs/demo.md)

Demo options:
  --rate N            calls per minute over the four AI APIs, averaged over a weekday (default 10000)
  --backfill-days N   days of history written on an empty store (default 30)
  --no-backfill       no history: only live traffic
  --raw-minutes N     of the history, the last N minutes are sent as raw events (default 10)
  --seed N            seed of the traffic, incidents and drift (default 20251127)

`;

interface DemoFlags {
  rate: number;
  backfillDays: number;
  rawMinutes: number;
  seed: number;
}

/** `vigil demo [--rate N] [--backfill-days N | --no-backfill] [serve options]`: see docs/demo.md. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DEMO_HELP);
    return startServerFromCli(['--help']) as Promise<number>;
  }
  const flags = readDemoFlags(argv);
  if (typeof flags === 'string') {
    process.stderr.write(`vigil demo: ${flags}\n`);
    return 2;
  }
  // Loaded here, not at the top: `vigil demo --help` does not pay for the SDK and the simulator.
  const { prepareCoffeeDemo } = await import('../demo/index.js');
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let demo: PreparedDemo | undefined;
  const { DEMO_PEOPLE, DEMO_PASSWORD } = await import('../demo/index.js');
  const started = await startServerFromCli(argv, { ...DEMO_OPTIONS }, async (vigil) => {
    demo = await prepareCoffeeDemo(vigil, {
      rate: flags.rate,
      backfillDays: flags.backfillDays,
      rawMinutes: flags.rawMinutes,
      seed: flags.seed,
      utcOffsetMinutes: -new Date().getTimezoneOffset(),
      print,
    });
  });
  if (typeof started === 'number') return started;
  const wildcard = started.config.host === '0.0.0.0' || started.config.host === '::';
  const address = started.vigil.app.server.address();
  const url = wildcard && address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : started.url;
  const simulator = await demo!.startTraffic(url);
  print(
    `Vigil demo listening on ${started.url}: ${flags.rate.toLocaleString('en-US')} calls/min (weekday average) to four coffee-company AI APIs.`,
  );
  print(
    `Open ${url} and sign in as one of the demo people — ${DEMO_PEOPLE.map((p) => `${p.username} (${p.roles.join(', ')})`).join(', ')} — with the password "${DEMO_PASSWORD}".`,
  );
  print(
    'Operators can also sign in with the admin key (printed above at first start and kept in <data-dir>/admin-key.txt, or your VIGIL_ADMIN_KEY). Stop with Ctrl-C.',
  );
  // Teams, rules, SLOs, use cases, budgets and dashboards through the public API, once the simulator caught up.
  demo!.configure(url).catch((err: unknown) => process.stderr.write(`Demo setup failed: ${(err as Error).message}\n`));
  const report = setInterval(() => {
    const s = simulator.stats();
    const rate =
      s.liveRatePerMinute === null
        ? 'catching up'
        : `${Math.round(s.liveRatePerMinute).toLocaleString('en-US')} calls/min`;
    print(
      `Demo: ${rate}; ${s.events.toLocaleString('en-US')} events, ${s.labels.toLocaleString('en-US')} labels sent, ${s.dropped} dropped.`,
    );
  }, 60_000);
  report.unref();
  return new Promise<number>(() => {});
}

function readDemoFlags(argv: string[]): DemoFlags | string {
  // Only the demo's own flags are read here; startServerFromCli checks the whole command line strictly.
  const { values } = parseArgs({ args: argv, options: DEMO_OPTIONS, strict: false, allowPositionals: true });
  const num = (name: string, raw: unknown, def: number, min: number): number | string => {
    if (raw === undefined) return def;
    const n = Number(raw);
    return typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(n) && n >= min
      ? n
      : `--${name}: expected a number ≥ ${min}, got ${JSON.stringify(raw)}`;
  };
  const rate = num('rate', values.rate, 10_000, 1);
  const days = num('backfill-days', values['backfill-days'], 30, 0);
  const raw = num('raw-minutes', values['raw-minutes'], 10, 0);
  const seed = num('seed', values.seed, 20251127, 0);
  if (typeof rate === 'string') return rate;
  if (typeof days === 'string') return days;
  if (typeof raw === 'string') return raw;
  if (typeof seed === 'string') return seed;
  if (!Number.isInteger(days) || days > 400)
    return `--backfill-days: expected a whole number of days from 0 to 400, got ${String(values['backfill-days'])}`;
  return {
    rate,
    backfillDays: values['no-backfill'] ? 0 : days,
    rawMinutes: Math.min(raw, 24 * 60),
    seed: Math.floor(seed),
  };
}
