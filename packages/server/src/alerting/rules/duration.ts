const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export { DURATION_PATTERN } from '@vigil/protocol';

/**
 * Converts a duration string to milliseconds.
 * @example parseDurationMs('5m') // 300000
 */
export function parseDurationMs(text: string): number {
  const match = /^([0-9]+)(ms|s|m|h|d|w)$/.exec(text);
  if (!match)
    throw new RangeError(`invalid duration "${text}": use an integer and one of ms, s, m, h, d, w (e.g. "5m")`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/**
 * Formats milliseconds as the largest exact unit, the inverse of {@link parseDurationMs}.
 * @example formatDurationMs(300000) // '5m'
 */
export function formatDurationMs(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms !== 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
