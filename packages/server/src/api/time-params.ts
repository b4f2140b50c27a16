import { VigilError } from '../errors/index.js';

/** Parses an ISO-8601 or epoch-ms query parameter; the error names the parameter and the accepted forms. */
export function parseTimeParam(name: string, value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: "${value}" is not a time; use ISO-8601 (2026-11-27T10:00:00Z) or epoch milliseconds`,
    );
  return ms;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "90s", "5m", "1h", "7d" or plain milliseconds. */
export function parseDurationParam(name: string, value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m || Number(m[1]) <= 0)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.${name}: "${value}" is not a duration; use e.g. 60s, 5m, 1h, 1d or milliseconds`,
    );
  return Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!;
}
