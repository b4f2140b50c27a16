import { formatTime } from '../format/format-time.js';
/** Preset ranges of the time-range picker; each is also a `window` the /api/v1/models route accepts. */
export const PRESET_RANGES = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
export type PresetRange = keyof typeof PRESET_RANGES;

export type RangeSpec = { kind: 'preset'; range: PresetRange } | { kind: 'custom'; from: number; to: number };

export function isPresetRange(s: string | null): s is PresetRange {
  return s !== null && Object.hasOwn(PRESET_RANGES, s);
}

function parseInstant(s: string | null): number | null {
  if (!s) return null;
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Reads `range=1h|24h|7d|30d` or `from=…&to=…` (ISO-8601 or epoch ms) from a URL query.
 * A custom range wins when both ends parse and from < to; anything else falls back to `fallback`.
 */
export function parseRangeQuery(query: URLSearchParams, fallback: PresetRange): RangeSpec {
  const from = parseInstant(query.get('from'));
  const to = parseInstant(query.get('to'));
  if (from !== null && to !== null && from < to) return { kind: 'custom', from, to };
  const range = query.get('range');
  return { kind: 'preset', range: isPresetRange(range) ? range : fallback };
}

/** Absolute [from, to) of a range, ending at `now` for presets. */
export function resolveRange(spec: RangeSpec, now: number): { from: number; to: number } {
  return spec.kind === 'custom' ? { from: spec.from, to: spec.to } : { from: now - PRESET_RANGES[spec.range], to: now };
}

export function describeRange(spec: RangeSpec): string {
  if (spec.kind === 'preset') return `last ${spec.range}`;
  return `${formatTime(spec.from)} – ${formatTime(spec.to)}`;
}
