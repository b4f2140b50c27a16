/**
 * Failed logins per username and per address in a sliding window: past the limit, logins for that name (or
 * from that address) are refused until the window passes, whether the password is right or not. In memory,
 * per process; @fastify/rate-limit also caps login requests per address.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until a login for this name from this address may be tried again; 0 when it may now. */
  retryAfterMs(username: string, ip: string, nowMs: number): number {
    let wait = 0;
    for (const k of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const times = this.#recent(k, nowMs);
      // An address gets more room than one name: several people may sit behind one NAT.
      const limit = k.startsWith('ip:') ? this.maxFailures * 4 : this.maxFailures;
      if (times.length >= limit) wait = Math.max(wait, times[times.length - limit]! + this.windowMs - nowMs);
    }
    return wait;
  }

  recordFailure(username: string, ip: string, nowMs: number): void {
    for (const k of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const times = this.#recent(k, nowMs);
      times.push(nowMs);
      this.#failures.set(k, times.slice(-this.maxFailures * 4));
    }
    if (this.#failures.size > 100_000) this.#failures.clear();
  }

  recordSuccess(username: string): void {
    this.#failures.delete(`u:${username.toLowerCase()}`);
  }

  #recent(key: string, nowMs: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
  }
}
