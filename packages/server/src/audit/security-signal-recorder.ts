import type { SecuritySignalCount, SecuritySignalStore } from '../storage/index.js';

/**
 * What the security signals count (docs/security-signals.md). Subjects: '' for logins and rejected keys, the API
 * key id for key signals, the model for LLM signals.
 */
export type SecuritySignal =
  'failedLogins' | 'rejectedKeys' | 'keyNewAddress' | 'keyRequests' | 'promptInjections' | 'llmOutputPii';

/** Distinct (signal, subject, minute) counts held between flushes; beyond it new subjects fold into "(other)". */
const MAX_PENDING = 10_000;
/** Addresses remembered per key (a key seen from more rotates the oldest out, and counts it as new again). */
const MAX_ADDRESSES_PER_KEY = 32;
const MAX_KEYS_REMEMBERED = 10_000;

/**
 * Counts security signals per minute in memory and adds them to the store on `flush` (every second while
 * started): logins and key checks are on the request path and must not wait for a write. A crash loses at most
 * the last second's counts — these are alerting signals, not the audit trail (which records every login).
 * @example recorder.count('failedLogins', ''); await recorder.flush();
 */
export class SecuritySignalRecorder {
  private pending = new Map<string, SecuritySignalCount>();
  private readonly addresses = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SecuritySignalStore,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  count(signal: SecuritySignal, subject: string, n = 1, atMs = this.now()): void {
    if (n <= 0) return;
    const minuteMs = Math.floor(atMs / 60_000) * 60_000;
    let key = `${signal}\u0001${subject}\u0001${minuteMs}`;
    let entry = this.pending.get(key);
    if (!entry && this.pending.size >= MAX_PENDING) {
      subject = '(other)';
      key = `${signal}\u0001${subject}\u0001${minuteMs}`;
      entry = this.pending.get(key);
    }
    if (entry) entry.count += n;
    else this.pending.set(key, { signal, subject, minuteMs, count: n });
  }

  /**
   * Counts a request by an API key, and `keyNewAddress` when the key has not been seen from this address since
   * the process started (seeded with the key's stored last address, so a restart does not flag every key).
   */
  countKeyUse(keyId: string, ip: string | null, lastStoredIp: string | null, atMs = this.now()): void {
    this.count('keyRequests', keyId, 1, atMs);
    if (ip === null) return;
    let seen = this.addresses.get(keyId);
    if (!seen) {
      if (this.addresses.size >= MAX_KEYS_REMEMBERED) this.addresses.clear();
      seen = lastStoredIp ? [lastStoredIp] : [];
      this.addresses.set(keyId, seen);
      // A key's first use ever is not a "new address": there is nothing to compare with.
      if (seen.length === 0) {
        seen.push(ip);
        return;
      }
    }
    if (seen.includes(ip)) return;
    seen.push(ip);
    if (seen.length > MAX_ADDRESSES_PER_KEY) seen.shift();
    this.count('keyNewAddress', keyId, 1, atMs);
  }

  /** Writes the counts held so far; counts that fail to write are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.store.add([...batch.values()]);
      } catch (err) {
        for (const c of batch.values()) this.count(c.signal as SecuritySignal, c.subject, c.count, c.minuteMs);
        this.onError(err);
      }
    });
    return this.flushing;
  }

  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
