import { VigilError } from '../../errors/index.js';
import type { ReferenceSpec } from '../../health/index.js';
import { checkQuerySpan, parseTimeParam } from '../http/time-params.js';

const MODEL_SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** `params.model` must be a model slug as events carry it. */
export function checkModelSlug(model: string): void {
  if (!MODEL_SLUG.test(model))
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `params.model: "${model}" is not a model slug; use lower-case letters, digits, ".", "_" or "-"`,
    );
}

/** `reference=stored`, `reference=previous` or `reference=window:<from>,<to>` (ISO-8601 or epoch ms). */
export function parseReferenceParam(value: string | undefined): ReferenceSpec {
  if (value === undefined || value === 'stored') return { kind: 'stored' };
  if (value === 'previous') return { kind: 'previous' };
  const m = /^window:([^,]+),(.+)$/.exec(value);
  if (!m)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `querystring.reference: "${value}" is not "stored", "previous" or "window:<from>,<to>" (e.g. window:2026-11-01T00:00:00Z,2026-11-08T00:00:00Z)`,
    );
  const from = parseTimeParam('reference', m[1]!);
  const to = parseTimeParam('reference', m[2]!);
  if (from >= to)
    throw new VigilError('VIGIL_ERR_VALIDATION', `querystring.reference: the window's start must be before its end`);
  checkQuerySpan('reference', from, to);
  return { kind: 'window', from, to };
}
