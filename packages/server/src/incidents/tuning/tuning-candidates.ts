import { formatDurationMs, parseDurationMs, type AlertRule } from '../../alerting/index.js';

/** One change to try: the rule with one field moved. */
export interface TuningCandidateRule {
  field: 'value' | 'for' | 'window' | 'changePercent';
  before: string | number;
  after: string | number;
  description: string;
  rule: AlertRule;
}

const THRESHOLD_FACTORS = [1.1, 1.25, 1.5, 2, 3];
const FOR_STEPS_MS = [60_000, 120_000, 300_000, 600_000, 900_000];
const WINDOW_FACTORS = [2, 3];

/**
 * The changes a tuning proposal tries, smallest first within each field and interleaved across fields (a
 * threshold 10 % stricter, `for` 1 minute longer, the window twice as long, …), so that among candidates that
 * remove the same false positives the first is the smallest change. Stricter means: a `>` threshold higher,
 * a `<` threshold lower. Burn-rate rules only get a longer `for`; `==`/`!=` thresholds keep their value.
 * @example listTuningCandidates(rule).map((c) => c.description) // ['value 0.2 → 0.22', 'for 1m → 2m', …]
 */
export function listTuningCandidates(rule: AlertRule): TuningCandidateRule[] {
  const columns: TuningCandidateRule[][] = [];
  if (rule.kind === 'threshold' && rule.value !== 0 && !['==', '!='].includes(rule.comparator)) {
    const up = rule.comparator === '>' || rule.comparator === '>=';
    const stricter = (f: number) => round(rule.value * (up === rule.value > 0 ? f : 1 / f));
    columns.push(THRESHOLD_FACTORS.map((f) => change(rule, 'value', rule.value, stricter(f))));
  }
  if (rule.kind === 'relative_change' && rule.changePercent !== 0 && ['>', '>='].includes(rule.comparator))
    columns.push(
      THRESHOLD_FACTORS.map((f) => change(rule, 'changePercent', rule.changePercent, round(rule.changePercent * f))),
    );
  const forMs = parseDurationMs(rule.for ?? '0s');
  columns.push(FOR_STEPS_MS.map((step) => change(rule, 'for', rule.for ?? '0s', formatDurationMs(forMs + step))));
  if (rule.kind === 'threshold' || rule.kind === 'absence' || rule.kind === 'relative_change') {
    const current = rule.window ?? (rule.kind === 'relative_change' ? '1h' : '5m');
    const windowMs = parseDurationMs(current);
    columns.push(WINDOW_FACTORS.map((f) => change(rule, 'window', current, formatDurationMs(windowMs * f))));
  }
  const out: TuningCandidateRule[] = [];
  for (let i = 0; i < Math.max(...columns.map((c) => c.length)); i++)
    for (const column of columns) if (column[i]) out.push(column[i]!);
  return out;
}

function change(
  rule: AlertRule,
  field: TuningCandidateRule['field'],
  before: string | number,
  after: string | number,
): TuningCandidateRule {
  return {
    field,
    before,
    after,
    description: `${field} ${before} → ${after}`,
    rule: { ...rule, [field]: after } as AlertRule,
  };
}

// Thresholds people read: four significant digits.
function round(v: number): number {
  return Number(v.toPrecision(4));
}
