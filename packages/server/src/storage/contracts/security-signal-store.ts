/**
 * Security signals counted per minute (docs/security-signals.md): `signal` names what happened
 * (`failedLogins`, `rejectedKeys`, `keyNewAddress`, `keyRequests`, `promptInjections`, `llmOutputPii`),
 * `subject` whom it concerns (a model, an API key id, or '' when it concerns no one in particular).
 */
export interface SecuritySignalCount {
  signal: string;
  subject: string;
  /** Start of the minute, epoch ms (a multiple of 60,000). */
  minuteMs: number;
  count: number;
}

export interface SecuritySignalStore {
  /** Adds the counts to the stored ones (several nodes add to one minute: never read-then-overwrite). */
  add(counts: readonly SecuritySignalCount[]): Promise<void>;
  /** Per subject, the sum of `signal` over the minutes starting in [fromMs, toMs); subjects with no count left out. */
  sumBySubject(signal: string, fromMs: number, toMs: number): Promise<Array<{ subject: string; count: number }>>;
  /** Removes the minutes before `beforeMs`; answers how many rows went. */
  prune(beforeMs: number): Promise<number>;
}
