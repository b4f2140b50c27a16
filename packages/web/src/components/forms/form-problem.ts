// A refused save, as the forms show it: the server's message, under the field it names.

/** A failed save: the API's message and the body path it names ("settings.webhookUrl"), or null. */
export interface SaveProblem {
  message: string;
  path: string | null;
}

/**
 * Reads the field out of an API validation message (`body.<path>: …`, docs/errors.md).
 * @example toSaveProblem(new Error('body.endsAt: must be after startsAt')) // { message: '…', path: 'endsAt' }
 */
export function toSaveProblem(err: unknown): SaveProblem {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^body\.([A-Za-z0-9_.]+):/.exec(message);
  return { message, path: m ? m[1]! : null };
}

/** The message when the problem is about `field` or something inside it ("matchers.0.value" is about "matchers"). */
export function problemAt(problem: SaveProblem | null, field: string): string | null {
  if (!problem?.path) return null;
  return problem.path === field || problem.path.startsWith(`${field}.`) ? problem.message : null;
}

/** The message when no field of the form claims it (shown once, below the form). */
export function problemElsewhere(problem: SaveProblem | null, fields: readonly string[]): string | null {
  if (!problem) return null;
  return fields.some((f) => problemAt(problem, f)) ? null : problem.message;
}

/**
 * The first field whose typed value is not a number (NaN), as a problem shown like the server's. Checked in the
 * page because the server's JSON parsing turns the null that NaN becomes into 0, which may be valid.
 * @example findUnreadable({ startsAt: NaN }) // { message: 'body.startsAt: enter a number', path: 'startsAt' }
 */
export function findUnreadable(values: Record<string, number | undefined>, what = 'a number'): SaveProblem | null {
  const bad = Object.entries(values).find(([, v]) => v !== undefined && !Number.isFinite(v));
  return bad ? { message: `body.${bad[0]}: enter ${what}`, path: bad[0] } : null;
}
