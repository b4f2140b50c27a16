import { useMemo } from 'react';
import { useNow } from '../../api/refresh.js';
import { resolveRange, type RangeSpec } from '../../routing/time-range.js';

/** The absolute window of a range spec; presets end at the dashboard's "now" (moved by auto-refresh). */
export function useWindow(spec: RangeSpec): { from: number; to: number } {
  const key = JSON.stringify(spec);
  const now = useNow();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => resolveRange(spec, now), [key, now]);
}
