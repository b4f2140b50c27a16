import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '@vigil/protocol';
import { readCliConfig } from '../main.js';
import { openStore } from '../storage/index.js';
import { createAuditService } from '../audit/index.js';
import { createIdentityService } from '../identity/index.js';

const HELP = `vigil users — people who sign in to the dashboard (reads the store --data-dir / --database-url name)

  vigil users add USERNAME --role ROLE[,ROLE] [--team TEAM]... [--name "Display Name"] [--email E] [--password-stdin]
      Without --password-stdin a random password is generated and printed once.
  vigil users list [--json]
  vigil users disable USERNAME          ends their sessions; they can no longer sign in
  vigil users enable USERNAME

Roles: ${ROLES.join(', ')}
`;

const OPTIONS = {
  help: { type: 'boolean' },
  role: { type: 'string' },
  team: { type: 'string', multiple: true },
  name: { type: 'string' },
  email: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** `vigil users add|list|disable|enable`: for the first admin and for automation. */
export async function run(argv: string[]): Promise<number> {
  const read = readCliConfig(argv, OPTIONS);
  if (typeof read === 'number') return read;
  const { config, values, positionals } = read;
  const [verb, username] = positionals;
  if (values.help || !verb) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const fail = (msg: string, code = 2) => {
    process.stderr.write(`vigil users: ${msg}\n`);
    return code;
  };
  const store = await openStore(config);
  try {
    const audit = createAuditService({
      store: store.audit,
      now: Date.now,
      retentionDays: config.auditRetentionDays,
      log: { error: (obj, msg) => process.stderr.write(`${msg}: ${String((obj as { err?: unknown }).err)}\n`) },
    });
    const identity = createIdentityService({
      users: store.users,
      keys: store.keys,
      audit,
      now: Date.now,
      options: { sessionTtlMs: 3_600_000, maxLoginFailures: 5, loginWindowMs: 900_000 },
    });
    const origin = { ip: null };
    if (verb === 'list') {
      const users = await identity.listUsers();
      if (values.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
      else
        for (const u of users)
          process.stdout.write(
            `${u.username}\t${u.roles.join(',')}\t${u.teams.join(',') || '-'}\t${u.isDisabled ? 'disabled' : 'active'}\t${u.source}\n`,
          );
      return 0;
    }
    if (!username) return fail(`${verb}: give the username`);
    if (verb === 'add') {
      const roles = String(values.role ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (roles.length === 0 || unknown.length)
        return fail(
          `--role: give one or more of ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
        );
      const typed = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : null;
      if (typed !== null && typed.length < 12)
        return fail('--password-stdin: the password needs at least 12 characters');
      const password = typed ?? randomBytes(15).toString('base64url');
      try {
        await identity.addUser(
          {
            username,
            password,
            roles: roles as Role[],
            teams: (values.team as string[] | undefined) ?? [],
            displayName: values.name as string | undefined,
            email: values.email as string | undefined,
          },
          undefined,
          origin,
        );
      } catch (err) {
        return fail((err as Error).message, 1);
      }
      process.stdout.write(
        typed === null
          ? `Added ${username} (${roles.join(', ')}). Password, shown this once: ${password}\n`
          : `Added ${username} (${roles.join(', ')}).\n`,
      );
      return 0;
    }
    if (verb === 'disable' || verb === 'enable') {
      try {
        await identity.updateUser(username, { isDisabled: verb === 'disable' }, undefined, origin);
      } catch (err) {
        return fail((err as Error).message, 1);
      }
      process.stdout.write(`${username} ${verb}d.\n`);
      return 0;
    }
    return fail(`unknown action "${verb}"; use add, list, disable or enable`);
  } finally {
    await store.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
