import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PREFIX = 'enc:v1:';

/**
 * Encrypts secrets at rest (channel webhook URLs, routing keys, SMTP passwords, exporter credentials) with
 * AES-256-GCM: a fresh 96-bit IV per value, the tag checked on read. A value without the prefix is plaintext
 * from before encryption and is returned as is (and sealed at the next write).
 * @example const box = openSecretBox({ dataDir }); const sealed = box.seal('https://hooks.slack.com/…');
 */
export interface SecretBox {
  seal(plain: string): string;
  open(stored: string): string;
  isSealed(value: string): boolean;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('secrets key: 32 bytes needed');
  return {
    seal(plain) {
      if (plain.startsWith(PREFIX)) return plain;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, tag, ct] = stored.slice(PREFIX.length).split('.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct!, 'base64url')), decipher.final()]).toString('utf8');
    },
    isSealed: (v) => v.startsWith(PREFIX),
  };
}

export class SecretsKeyError extends Error {}

/**
 * The key, from (in order) the configured value, the configured file, or `<dataDir>/secrets.key` — created
 * with mode 0600 on first start. A key file readable by group or others is refused.
 */
export function loadSecretsKey(opts: { secretsKey?: string; secretsKeyFile?: string; dataDir: string }): Buffer {
  if (opts.secretsKey) return parseKey(opts.secretsKey);
  const file = opts.secretsKeyFile ?? join(opts.dataDir, 'secrets.key');
  if (!existsSync(file)) {
    if (opts.secretsKeyFile) throw new SecretsKeyError(`secretsKeyFile: ${file} does not exist`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077)
    throw new SecretsKeyError(
      `secrets key file ${file} has mode ${mode.toString(8)}; run "chmod 600 ${file}" (only its owner may read it)`,
    );
  return parseKey(readFileSync(file, 'utf8').trim());
}

function parseKey(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  const b64 = Buffer.from(text, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(text)) return b64;
  if (text.length < 32)
    throw new SecretsKeyError('secrets key: use 32 bytes as hex or base64, or a passphrase of at least 32 characters');
  // A passphrase: stretched, with a fixed salt so the same passphrase opens the same store.
  return scryptSync(text, 'vigil-secrets-v1', 32);
}
