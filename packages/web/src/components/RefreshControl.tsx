import { REFRESH_INTERVALS, refreshNow, setRefreshInterval, useRefresh } from '../api/refresh.js';
import { formatClock, formatUtc, localZoneName } from '../format/format-time.js';

/** The header's auto-refresh picker, a refresh button and when the data on screen was last updated. */
export function RefreshControl() {
  const { intervalMs, updatedAt } = useRefresh();
  return (
    <div className="refresh-control" data-testid="refresh-control">
      <label title="Fetch every number on the page again at this interval">
        <span className="sr-only">Auto-refresh</span>
        <select
          value={intervalMs}
          onChange={(e) => setRefreshInterval(Number(e.target.value))}
          aria-label="Auto-refresh interval"
          data-testid="refresh-interval"
        >
          {REFRESH_INTERVALS.map((i) => (
            <option key={i.ms} value={i.ms}>
              {i.ms === 0 ? 'Refresh: off' : `Refresh: ${i.label}`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="link-button" onClick={refreshNow} aria-label="Refresh now" title="Refresh now">
        ↻
      </button>
      <span
        className="updated-at"
        data-testid="updated-at"
        title={updatedAt === null ? undefined : `${formatUtc(updatedAt)} · times are shown in ${localZoneName()}`}
      >
        {updatedAt === null ? 'updating…' : `updated ${formatClock(updatedAt)}`}
      </span>
    </div>
  );
}
