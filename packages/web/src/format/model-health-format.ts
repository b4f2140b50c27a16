// Formatters of the model-health pages, shared with the browser test (which compares the rendered text
// with the API's answer run through these same functions). null is "—".
import { NONE } from './format-value.js';

/** A drift statistic or p-value: 4 significant digits, scientific below 0.0001. */
export function formatStatistic(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A ratio in [0, 1] as a percentage with one decimal: 0.8123 → "81.2%". */
export function formatShare(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  return `${(v * 100).toFixed(1)}%`;
}

/** A metric value (MAE, RMSE, R², AUC, log loss): 4 significant digits. */
export function formatMetric(v: number | null): string {
  return formatStatistic(v);
}
