// <input type="datetime-local"> holds no zone; the alerting pages read and write it as UTC, as they show times.

/** Epoch ms → "2026-11-27T10:04" (UTC), the value of a datetime-local input. */
export function toUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** "2026-11-27T10:04" (seconds optional) read as UTC → epoch ms; NaN when empty or malformed. */
export function fromUtcInput(value: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value) ? Date.parse(`${value}Z`) : NaN;
}
