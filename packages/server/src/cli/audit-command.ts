import { createWriteStream } from 'node:fs';
import { readCliConfig } from '../main.js';
import { openStore } from '../storage/index.js';
import { createAuditService } from '../audit/index.js';

const HELP = `vigil audit — the audit trail in the store --data-dir / --database-url name

  vigil audit verify           check the hash chain; exit 1 naming the first edited, deleted or moved entry
  vigil audit export [--out F] every entry as JSON Lines, oldest first (stdout by default), for a SIEM
`;

/** `vigil audit verify | export`. */
export async function run(argv: string[]): Promise<number> {
  const read = readCliConfig(argv, { help: { type: 'boolean' }, out: { type: 'string' } });
  if (typeof read === 'number') return read;
  const { config, values, positionals } = read;
  const verb = positionals[0];
  if (values.help || (verb !== 'verify' && verb !== 'export')) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const store = await openStore(config);
  try {
    const audit = createAuditService({
      store: store.audit,
      now: Date.now,
      retentionDays: config.auditRetentionDays,
      log: { error: () => undefined },
    });
    if (verb === 'verify') {
      const v = await audit.verify();
      if (v.isIntact) {
        process.stdout.write(`audit trail intact: ${v.checked} entries checked\n`);
        return 0;
      }
      process.stderr.write(
        `audit trail BROKEN at entry ${v.firstBad!.seq}: ${v.firstBad!.reason} (${v.checked} entries before it verified)\n`,
      );
      return 1;
    }
    const out = values.out ? createWriteStream(String(values.out), { mode: 0o600 }) : process.stdout;
    for await (const e of audit.scanAll())
      out.write(
        `${JSON.stringify({ seq: e.seq, at: new Date(e.atMs).toISOString(), actor: e.actor, action: e.action, target: e.target, outcome: e.outcome, sourceIp: e.sourceIp, before: e.before, after: e.after, prevHash: e.prevHash, hash: e.hash })}\n`,
      );
    if (out !== process.stdout) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(r));
    return 0;
  } finally {
    await store.close();
  }
}
