import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ModelParams, ReferenceRowsBody, ReferenceSummary, ReferenceWindowBody } from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import type { ModelHealthService, ReferenceInput } from '../../health/index.js';
import { parseQueryRange } from '../http/time-params.js';
import { checkModelSlug } from './model-health-params.js';

/** Uploaded CSV / JSON Lines references may be larger than an ingest batch. */
export const REFERENCE_BODY_LIMIT = 50 * 1024 * 1024;
const DATASET_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody };
const tags = ['model health'];

/**
 * POST/GET/DELETE /api/v1/models/{model}/reference. A plugin of its own, so the CSV and JSON Lines body
 * parsers apply to these routes only.
 * @example await app.register(modelHealthReferenceRoutes, { modelHealth });
 */
export const modelHealthReferenceRoutes: FastifyPluginAsyncTypebox<{ modelHealth: ModelHealthService }> = async (
  app,
  { modelHealth },
) => {
  app.addContentTypeParser(DATASET_TYPES, { parseAs: 'string', bodyLimit: REFERENCE_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/v1/models/:model/reference',
    {
      config: { auth: 'ingest' },
      bodyLimit: REFERENCE_BODY_LIMIT,
      schema: {
        summary: "Set a model's reference baseline: a window of its own traffic or an uploaded dataset",
        description:
          'JSON `{"window": {"from", "to"}}` merges the stored hourly profiles of that window. A dataset is profiled like ingested events: ' +
          'CSV with a header row (`Content-Type: text/csv`), JSON Lines (`application/x-ndjson`), or JSON `{"rows": [...]}`. ' +
          'Columns prediction, prediction.score, prediction.confidence, latencyMs, costUsd, llm.* and vision.* are outputs; the rest are features. Replaces any previous reference.',
        tags,
        params: ModelParams,
        body: {
          content: {
            'application/json': { schema: Type.Union([ReferenceWindowBody, ReferenceRowsBody]) },
            'text/csv': { schema: Type.String() },
            'application/x-ndjson': { schema: Type.String() },
          },
        },
        response: { 201: ReferenceSummary, ...errors },
      },
      // Fastify validates the JSON body against the union; this route gives better messages itself.
      attachValidation: true,
    },
    async (req, reply) => {
      const { model } = req.params;
      checkModelSlug(model);
      const contentType = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const body: unknown = req.body;
      let input: ReferenceInput;
      if (typeof body === 'string') input = { kind: contentType === 'text/csv' ? 'csv' : 'jsonl', text: body };
      else {
        const json = checkJsonBody(body);
        input =
          'rows' in json
            ? { kind: 'rows', rows: json.rows }
            : {
                kind: 'window',
                ...parseQueryRange(
                  { from: String(json.window.from), to: String(json.window.to) },
                  modelHealth.now(),
                  0,
                ),
              };
      }
      return reply.code(201).send(await modelHealth.setReference(model, input));
    },
  );

  app.get(
    '/api/v1/models/:model/reference',
    {
      config: { auth: 'read' },
      schema: {
        summary: "A model's stored reference: source, rows and columns",
        tags,
        params: ModelParams,
        response: { 200: ReferenceSummary, ...errors },
      },
    },
    async (req) => {
      checkModelSlug(req.params.model);
      return modelHealth.getReference(req.params.model);
    },
  );

  app.delete(
    '/api/v1/models/:model/reference',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Remove a model's stored reference",
        tags,
        params: ModelParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      checkModelSlug(req.params.model);
      await modelHealth.deleteReference(req.params.model);
      return reply.code(204).send(null);
    },
  );
};

type JsonBody = { window: { from: unknown; to: unknown } } | { rows: unknown[] };

/** The JSON body's shape, with a message naming the field (Ajv's union errors name none). */
function checkJsonBody(body: unknown): JsonBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      'body: send {"window": {"from", "to"}}, {"rows": [...]}, a CSV (text/csv) or JSON Lines (application/x-ndjson)',
    );
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => k !== 'window' && k !== 'rows');
  if (extra.length > 0)
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `body.${extra[0]}: is not a known field; send either "window" or "rows"`,
    );
  if ('window' in b && 'rows' in b)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'body: send either "window" or "rows", not both');
  if ('rows' in b) {
    if (!Array.isArray(b.rows) || b.rows.length === 0)
      throw new VigilError('VIGIL_ERR_VALIDATION', 'body.rows: must be a non-empty array of objects');
    return { rows: b.rows };
  }
  const w = b.window as Record<string, unknown> | undefined;
  if (typeof w !== 'object' || w === null)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'body.window: is required (an object {"from", "to"}), or send "rows"');
  for (const k of ['from', 'to'] as const)
    if (typeof w[k] !== 'string' && typeof w[k] !== 'number')
      throw new VigilError('VIGIL_ERR_VALIDATION', `body.window.${k}: is required, ISO-8601 or epoch milliseconds`);
  return { window: { from: w.from, to: w.to } };
}
