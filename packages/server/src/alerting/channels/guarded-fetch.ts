import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { refuseAddress } from './target-check.js';

/** The fetch deliveries use (channels and exporters); a guarded one refuses private targets at connection time. */
export type DeliveryFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The check of a target repeated when Vigil connects (DNS rebinding: a name that resolved to a public address
 * when the channel was saved may resolve to loopback or a metadata address at delivery). Every address the
 * name resolves to is checked before connecting, and the peer address of the socket actually connected is
 * checked again before a byte of the request is sent (this also covers IP literals, which skip the resolver).
 * @example const send = createGuardedFetch({ allowLoopback: false }); await send(url, { method: 'POST', body });
 */
export function createGuardedFetch(policy: { allowLoopback: boolean }): DeliveryFetch {
  const lookup = createGuardedLookup(policy);
  const connect = buildConnector({ lookup } as Parameters<typeof buildConnector>[0]);
  const agent = new Agent({
    connect(options, callback) {
      connect(options, (err, socket) => {
        if (err || !socket) return callback(err ?? refusal('no connection'), null);
        const why = socket.remoteAddress ? refuseAddress(socket.remoteAddress, policy.allowLoopback) : null;
        if (why) {
          socket.destroy();
          return callback(refusal(why), null);
        }
        callback(null, socket);
      });
    },
  });
  // Node's global fetch takes an undici dispatcher (the same major version it bundles).
  return (url, init) => fetch(url, { ...init, dispatcher: agent } as RequestInit);
}

/**
 * A `dns.lookup` replacement that refuses a name resolving to an address the target check refuses: for the
 * clients that connect through Node's sockets rather than fetch (nodemailer's SMTP socket, the AWS SDK's HTTPS
 * agent). IP literals skip resolvers; they cannot change after the check at save.
 * @example net.connect({ host: 'smtp.example.com', port: 587, lookup: createGuardedLookup({ allowLoopback: false }) })
 */
export function createGuardedLookup(policy: { allowLoopback: boolean }): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => refuseAddress(a.address, policy.allowLoopback)).find((w) => w !== null);
      if (refused) return callback(refusal(`${hostname}: ${refused}`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function refusal(why: string): Error {
  return Object.assign(new Error(`target refused at delivery: ${why}`), { code: 'VIGIL_TARGET_REFUSED' });
}
