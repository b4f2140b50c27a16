import { useMemo } from 'react';
import { resolveRange, type RangeSpec } from '../../routing/time-range.js';

/** The absolute window of a range spec, fixed while the spec is unchanged (presets end at page load). */
export function useWindow(spec: RangeSpec): { from: number; to: number } {
  const key = JSON.stringify(spec);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => resolveRange(spec, Date.now()), [key]);
}
