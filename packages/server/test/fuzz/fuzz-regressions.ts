/**
 * Every failure the fuzzing (and the hostile probing of issue 13 that led to it) ever found, as the literal
 * request that failed, replayed by fuzz-regressions.test.ts on every run. Add a case here whenever a fuzz run
 * fails: the fast-check seed and path of the run are in `found`, the counterexample is the request.
 */
export interface RegressionCase {
  name: string;
  /** Where it was found: a fuzz property with its seed and path, or the probe that found it. */
  found: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** JSON text, sent as application/json (built as text: some are too deep for JSON.stringify). */
  body?: string;
  /** The status it must get now. */
  status: number;
  /** For batch answers: how many items are stored. */
  accepted?: number;
}

const deep = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

export const REGRESSIONS: RegressionCase[] = [
  {
    name: 'a reference row that is a 4,000-character string was quoted whole in the 400 message',
    found: 'fuzz-routes write property, seed 1468119572, path 13:1:0:5:4:5:7:4:9:5:5',
    method: 'POST',
    url: '/api/v1/models/a/reference',
    body: JSON.stringify({ rows: ['y'.repeat(4000)] }),
    status: 400,
  },
  {
    name: 'a 20-digit window froze the server in coverage planning (a loop over ~10^12 days)',
    found: 'issue 13 probe',
    method: 'GET',
    url: '/api/v1/models?window=99999999999999999999',
    status: 400,
  },
  {
    name: 'limit=1e999 was coerced to Infinity by Ajv and reached SQLite (datatype mismatch, 500)',
    found: 'issue 13 probe',
    method: 'GET',
    url: '/api/v1/incidents?limit=1e999',
    status: 400,
  },
  {
    name: 'limit=1e999 on the audit trail',
    found: 'issue 13 probe',
    method: 'GET',
    url: '/api/v1/use-cases/x/audit?limit=1e999',
    status: 400,
  },
  {
    name: 'a 10,000-deep prediction was stored (200) and then broke GET /api/v1/events for everyone (500)',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: `{"events":[{"model":"rg-deep","prediction":{"x":${deep(10_000)}}},{"model":"rg-deep"}]}`,
    status: 207,
    accepted: 1,
  },
  {
    name: 'deep nesting in features failed the whole batch with 500 instead of rejecting that item',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: `{"events":[{"model":"rg-deep","features":{"x":${deep(10_000)}}},{"model":"rg-deep"}]}`,
    status: 207,
    accepted: 1,
  },
  {
    name: 'deep nesting in vision',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: `{"events":[{"model":"rg-deep","vision":{"x":${deep(10_000)}}},{"model":"rg-deep"}]}`,
    status: 207,
    accepted: 1,
  },
  {
    name: 'deep nesting in a label',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/labels',
    body: `{"labels":[{"model":"rg-deep","requestId":"r","label":${deep(10_000)}},{"model":"rg-deep","requestId":"r2","label":1}]}`,
    status: 207,
    accepted: 1,
  },
  {
    name: 'a body of 2.5 million brackets held the event loop for half a second in JSON.parse',
    found: 'issue 13 review of the body parser',
    method: 'POST',
    url: '/api/v1/events',
    body: `{"events":[${deepArray(2_000_000)}]}`,
    status: 400,
  },
  {
    name: 'a 1 MB feature name was accepted (TypeBox leaves a Record key unchecked)',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: `{"events":[{"model":"rg-names","features":{"${'x'.repeat(1 << 20)}":1}}]}`,
    status: 207,
    accepted: 0,
  },
  {
    name: 'token counts of 1e300 were accepted',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: '{"events":[{"model":"rg-num","llm":{"inputTokens":1e300}}]}',
    status: 207,
    accepted: 0,
  },
  {
    name: 'an unreal date (2026-02-30) was accepted and rolled over to March',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/api/v1/events',
    body: '{"events":[{"model":"rg-date","timestamp":"2026-02-30T10:00:00Z"}]}',
    status: 207,
    accepted: 0,
  },
  {
    name: 'an unreal date in a query parameter',
    found: 'issue 13 probe',
    method: 'GET',
    url: '/api/v1/metrics/timeseries?from=2026-02-30T00:00:00Z',
    status: 400,
  },
  {
    name: 'OTLP with a null body answered 200 {} instead of an error in the documented shape',
    found: 'issue 13 probe',
    method: 'POST',
    url: '/v1/traces',
    body: 'null',
    status: 400,
  },
  {
    name: 'OTLP: a deeply nested arrayValue overflowed the stack while reading attributes',
    found: 'issue 13 review of otlp-traces.ts',
    method: 'POST',
    url: '/v1/traces',
    body: `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"gen_ai.x","value":{"arrayValue":{"values":[${'{"arrayValue":{"values":['.repeat(5000)}${']}}'.repeat(5000)}]}}}]}]}]}]}`,
    status: 200,
  },
  {
    name: 'a weekly maintenance window of "52300372960h" looped over its days for every evaluation and hung the request',
    found: 'fuzz-routes.test.ts, every write route (POST /api/v1/maintenance-windows)',
    method: 'POST',
    url: '/api/v1/maintenance-windows',
    body: '{"description":"b","scope":{"models":["m"],"areas":["Infrastructure"]},"schedule":{"kind":"weekly","weekdays":[6,6,6],"startTime":"21:41","duration":"52300372960h","activeFrom":7.458189157239085e-114,"activeUntil":-2.8250545954906706e-236},"id":"w_-"}',
    status: 201,
  },
  {
    name: 'a 404 echoed a 5,000-character path back in its message',
    found: 'fuzz-routes.test.ts, every query parameter (seed -675901858, path "3:1:1:1:1:1:1")',
    method: 'GET',
    url: `/api/v1/models/${'a'.repeat(5000)}/quality?reference=stored`,
    status: 404,
  },
  {
    name: 'a lone surrogate in a query parameter',
    found: 'fuzz-routes.test.ts, every query parameter (seed -2120409844, path "7:0:0:2:2:2")',
    method: 'GET',
    url: '/api/v1/metrics/timeseries?metric=%ED%A0%80',
    status: 400,
  },
];
