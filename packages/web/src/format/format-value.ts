// One formatter per kind of number, shared by the pages and the browser tests (which compare the
// rendered text with the API's answer run through these same functions). null is always "—".

export const NONE = '—';

const grouped = (v: number, digits: number) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 0.4 → "0.40", 12.34 → "12.3", 1234.5 → "1,235". */
export function formatRate(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  const a = Math.abs(v);
  return grouped(v, a === 0 ? 0 : a < 10 ? 2 : a < 100 ? 1 : 0);
}

export function formatCount(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  return grouped(v, 0);
}

/** 4.25 → "4.3 ms", 123.4 → "123 ms", 1234 → "1.23 s". */
export function formatMs(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  if (v >= 1000) return `${grouped(v / 1000, 2)} s`;
  return `${grouped(v, v > 0 && v < 10 ? 1 : 0)} ms`;
}

/** A ratio as a percentage: 0.01234 → "1.23%". */
export function formatPercent(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  return `${grouped(v * 100, 2)}%`;
}

/** Dollars with three significant digits below $1 (cost per prediction is often fractions of a cent). */
export function formatUsd(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  if (v === 0) return '$0';
  if (Math.abs(v) < 1) {
    // Three significant digits in plain decimals: 0.0000323 → "$0.0000323", never "3.23e-5".
    const digits = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(v)))));
    return `$${v.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
  }
  return `$${grouped(v, 2)}`;
}

/** "3 min ago", "2 h ago", "5 d ago" relative to `now`. */
export function formatAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return NONE;
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return `${Math.floor(ms / 86_400_000)} d ago`;
}

export function formatStep(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${ms / 60_000} min`;
}
