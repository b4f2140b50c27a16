import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

/** Addresses no notification may reach: link-local (cloud metadata lives there), unspecified, multicast. */
const NEVER = new BlockList();
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('169.254.0.0', 16, 'ipv4');
NEVER.addSubnet('224.0.0.0', 4, 'ipv4');
NEVER.addSubnet('240.0.0.0', 4, 'ipv4');
NEVER.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud metadata
NEVER.addAddress('::', 'ipv6');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('ff00::', 8, 'ipv6');
NEVER.addSubnet('fd00:ec2::', 32, 'ipv6'); // AWS metadata over IPv6
/** Loopback: refused unless the `allowLoopbackTargets` setting allows it (tests, a local relay). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.internal']);

export interface TargetPolicy {
  allowLoopback: boolean;
  /** Resolves a host name to its addresses (defaults to the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

/** Why this address may not be a target, or null. IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function refuseAddress(address: string, allowLoopback: boolean): string | null {
  let ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (NEVER.check(ip, family)) return `${ip} is a link-local, metadata, unspecified or multicast address`;
  if (!allowLoopback && LOOPBACK.check(ip, family))
    return `${ip} is a loopback address (allowed only with allowLoopbackTargets / VIGIL_ALLOW_LOOPBACK_TARGETS)`;
  return null;
}

/**
 * Checks a notification target before Vigil sends anything there (SSRF): http(s) only, no credentials in the
 * URL, no integer, octal or hex IPv4 forms ("2130706433", "0x7f.1"), no link-local or metadata address, no
 * loopback unless allowed; a host name is resolved and every address it has is checked.
 * @example await checkTarget('https://hooks.slack.com/services/…', { allowLoopback: false }) // null: fine
 */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `scheme ${url.protocol} is not allowed; use https:// or http://`;
  if (url.username || url.password)
    return 'credentials in the URL are not allowed; use a header or the channel settings';
  // WHATWG URL turns "2130706433", "0177.1" or "0x7f.1" into 127.0.0.1; the written form says what was meant.
  const written = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(raw)?.[1] ?? '';
  if (!written.startsWith('[') && /^[0-9a-fx.]+$/i.test(written) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(written))
    return `host "${written}" is a numeric address in a non-standard form; write it as a.b.c.d`;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata service`;
  if (host === 'localhost' || host.endsWith('.localhost'))
    return policy.allowLoopback ? null : `${host} is loopback (allowed only with allowLoopbackTargets)`;
  if (isIP(host)) return refuseAddress(host, policy.allowLoopback);
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? defaultResolve)(host);
  } catch {
    // An unresolvable name reaches nothing; delivery reports the failure.
    return null;
  }
  for (const a of addresses) {
    const why = refuseAddress(a, policy.allowLoopback);
    if (why) return `${host} resolves to ${why}`;
  }
  return null;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((a) => a.address);
}

/** Checks an SMTP host the same way (no scheme: a host name or address). */
export function checkSmtpHost(host: string, policy: TargetPolicy): Promise<string | null> {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return checkTarget(`http://${h}/`, policy);
}

/** A URL as error messages show it: origin only (the path of a webhook URL is its secret), no credentials. */
export function describeTarget(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** Removes a URL's path, query and credentials from a text (delivery errors may quote the URL). */
export function scrubUrl(text: string, raw: string): string {
  let out = text;
  try {
    const u = new URL(raw);
    for (const s of [raw, u.href, u.pathname + u.search, u.password, u.username].filter((x) => x && x !== '/'))
      out = out.split(s).join('…');
  } catch {
    out = out.split(raw).join('…');
  }
  return out.replace(/\/\/[^/\s@]+:[^/\s@]+@/g, '//…@');
}
