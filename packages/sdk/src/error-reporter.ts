import { VigilError, type VigilErrorCode } from './vigil-error.js';

export type OnError = (error: VigilError) => void;

/** The default sink: a warning on stderr, so nothing is ever silent when no onError is given. */
export function warnOnConsole(error: VigilError): void {
  console.warn(`[vigil] ${error.code}: ${error.message}`);
}

/**
 * Hands errors to the user's onError without ever throwing back into the SDK, and rate-limits the
 * per-item kinds (overflow, invalid) to one report per code per interval carrying the count, because
 * a full queue at 50k events/s would otherwise call onError 50k times a second.
 */
export class ErrorReporter {
  lastError: string | null = null;
  private readonly pending = new Map<
    VigilErrorCode,
    { count: number; message: string; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly lastReportAt = new Map<VigilErrorCode, number>();

  constructor(
    private readonly onError: OnError,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reports now: for batch-level problems, which are naturally bounded by the send rate. */
  report(code: VigilErrorCode, message: string, count = 1, details?: unknown): void {
    this.lastError = message;
    try {
      this.onError(new VigilError(code, message, count, details));
    } catch {
      // A throwing onError must not break delivery; there is nowhere left to report it.
    }
  }

  /**
   * Reports the first occurrence at once, then at most one summary per interval with the number of
   * occurrences since. A summary still pending fires on a timer, so a burst is never left unreported.
   */
  reportThrottled(code: VigilErrorCode, message: string): void {
    this.lastError = message;
    const open = this.pending.get(code);
    if (open) {
      open.count++;
      open.message = message;
      return;
    }
    const now = this.now();
    const last = this.lastReportAt.get(code);
    if (last === undefined || now - last >= this.intervalMs) {
      this.lastReportAt.set(code, now);
      this.report(code, message, 1);
      return;
    }
    const timer = setTimeout(() => this.releasePending(code), this.intervalMs - (now - last));
    timer.unref?.();
    this.pending.set(code, { count: 1, message, timer });
  }

  /** Sends every pending summary now (at shutdown). */
  drain(): void {
    for (const code of [...this.pending.keys()]) this.releasePending(code);
  }

  private releasePending(code: VigilErrorCode): void {
    const open = this.pending.get(code);
    if (!open) return;
    clearTimeout(open.timer);
    this.pending.delete(code);
    this.lastReportAt.set(code, this.now());
    this.report(
      code,
      `${open.message} (${open.count} occurrence${open.count === 1 ? '' : 's'} since the last report)`,
      open.count,
    );
  }
}
