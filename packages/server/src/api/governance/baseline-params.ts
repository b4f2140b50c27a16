import { VigilError } from '../../errors/index.js';
import type { Baseline } from '../../governance/index.js';
import { checkQuerySpan, parseTimeParam } from '../http/time-params.js';

const DAY = 86_400_000;

/** The MTTR baseline from `baselineFrom` / `baselineTo` (default 30 days); undefined when none is given. */
export function parseBaseline(q: { baselineFrom?: string; baselineTo?: string }): Baseline | undefined {
  if (q.baselineFrom === undefined) return undefined;
  const fromMs = parseTimeParam('baselineFrom', q.baselineFrom);
  const toMs = q.baselineTo !== undefined ? parseTimeParam('baselineTo', q.baselineTo) : fromMs + 30 * DAY;
  if (toMs <= fromMs)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.baselineTo: must be after baselineFrom');
  checkQuerySpan('baselineTo', fromMs, toMs);
  return { fromMs, toMs };
}
