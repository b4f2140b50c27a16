import { VigilError } from '../../errors/index.js';
import type { Baseline } from '../../governance/index.js';
import { checkQuerySpan, parseTimeParam } from '../http/time-params.js';

const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The MTTR baseline from `baselineFrom` / `baselineTo` (default 30 days), which must have ended by `nowMs`;
 * undefined when none is given.
 */
export function parseBaseline(q: { baselineFrom?: string; baselineTo?: string }, nowMs: number): Baseline | undefined {
  if (q.baselineFrom === undefined) return undefined;
  const fromMs = parseTimeParam('baselineFrom', q.baselineFrom);
  const toMs = q.baselineTo !== undefined ? parseTimeParam('baselineTo', q.baselineTo) : fromMs + 30 * DAY;
  if (toMs <= fromMs)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.baselineTo: must be after baselineFrom');
  checkQuerySpan('baselineTo', fromMs, toMs);
  if (toMs > nowMs)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.baselineTo: the baseline period must have ended (it ends ${iso(toMs)}, now is ${iso(nowMs)}); pass an earlier baselineTo${q.baselineTo === undefined ? ' (it defaults to 30 days after baselineFrom)' : ''}`,
    );
  return { fromMs, toMs };
}
