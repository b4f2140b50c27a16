import { formatDate, formatTime, formatUtc } from '../format/format-time.js';

/** A moment in the viewer's time zone, with UTC on hover: the one way the dashboard shows times. */
export function Time({ value, dateOnly = false }: { value: number | string | null | undefined; dateOnly?: boolean }) {
  if (value === null || value === undefined) return <>—</>;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return <>—</>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatUtc(ms)}>
      {dateOnly ? formatDate(ms) : formatTime(ms)}
    </time>
  );
}
