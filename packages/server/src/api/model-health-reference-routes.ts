import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  ModelParams,
  ReferenceRowsBody,
  ReferenceSummary,
  ReferenceWindowBody,
  type ReferenceSummary as ReferenceSummaryT,
} from '@vigil/protocol';
import {
  columnKind,
  profileCsv,
  profileJsonLines,
  profileJsonRows,
  ReferenceDatasetError,
} from '../analysis/model-health/index.js';
import { deserialiseProfile, ModelProfile, serialiseProfile } from '../analysis/profile/index.js';
import { VigilError } from '../errors/index.js';
import type { ReferenceRecord, Store } from '../storage/index.js';
import { checkModelSlug, parseHourRange } from './model-health-params.js';
import { noTraffic } from './model-health-loading.js';
import { describeEndpoints } from './model-health-comparison.js';
import { mergeWindows } from '../analysis/model-health/index.js';

/** Uploaded CSV / JSON Lines references may be larger than an ingest batch. */
export const REFERENCE_BODY_LIMIT = 50 * 1024 * 1024;
const DATASET_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody };

/**
 * POST/GET/DELETE /api/v1/models/{model}/reference. Registered inside its own plugin scope so the CSV
 * and JSON Lines body parsers apply to this route only.
 */
export async function registerReferenceRoutes(
  app: FastifyInstance,
  deps: { store: Store; now: () => number },
): Promise<void> {
  const { store, now } = deps;
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
        tags: ['model health'],
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
      const { model } = req.params as { model: string };
      checkModelSlug(model);
      const contentType = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const body = req.body;
      let profile: ModelProfile;
      let record: Pick<ReferenceRecord, 'source' | 'windowFrom' | 'windowTo' | 'endpointFeatures'>;
      if (typeof body === 'string') {
        profile = profileDataset(model, body, contentType === 'text/csv' ? 'csv' : 'jsonl');
        record = { source: 'dataset', windowFrom: null, windowTo: null, endpointFeatures: null };
      } else {
        const json = checkJsonBody(body);
        if ('rows' in json) {
          profile = profileDataset(model, json.rows, 'rows');
          record = { source: 'dataset', windowFrom: null, windowTo: null, endpointFeatures: null };
        } else {
          const range = parseHourRange({ from: String(json.window.from), to: String(json.window.to) }, now(), 0);
          const windows = await store.rollups.readWindows(model, range.from, range.to);
          profile = mergeWindows(windows)?.profile ?? new ModelProfile(model, { start: range.from, end: range.to });
          if (profile.rows === 0) throw noTraffic('body.window', model, range);
          // What each endpoint sent: quality checks judge a column only over the endpoints that send it.
          const endpointFeatures = Object.fromEntries(
            describeEndpoints(windows).map((e) => [e.endpoint, { rows: e.rows, columns: e.columns }]),
          );
          record = { source: 'window', windowFrom: range.from, windowTo: range.to, endpointFeatures };
        }
      }
      const stored: ReferenceRecord = {
        model,
        ...record,
        rows: profile.rows,
        profile: serialiseProfile(profile),
        createdAtMs: now(),
      };
      await store.references.put(stored);
      return reply.code(201).send(summarise(stored, profile));
    },
  );

  app.get(
    '/api/v1/models/:model/reference',
    {
      config: { auth: 'read' },
      schema: {
        summary: "A model's stored reference: source, rows and columns",
        tags: ['model health'],
        params: ModelParams,
        response: { 200: ReferenceSummary, ...errors },
      },
    },
    async (req) => {
      const { model } = req.params as { model: string };
      checkModelSlug(model);
      const r = await store.references.get(model);
      if (!r)
        throw new VigilError(
          'VIGIL_ERR_NOT_FOUND',
          `model "${model}" has no stored reference; POST /api/v1/models/${model}/reference to set one`,
        );
      return summarise(r, deserialiseProfile(r.profile));
    },
  );

  app.delete(
    '/api/v1/models/:model/reference',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "Remove a model's stored reference",
        tags: ['model health'],
        params: ModelParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { model } = req.params as { model: string };
      checkModelSlug(model);
      if (!(await store.references.delete(model)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `model "${model}" has no stored reference`);
      return reply.code(204).send();
    },
  );
}

type JsonBody = { window: { from: unknown; to: unknown } } | { rows: unknown[] };

function checkJsonBody(body: unknown): JsonBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      'body: send {"window": {"from", "to"}}, {"rows": [...]}, a CSV (text/csv) or JSON Lines (application/x-ndjson)',
    );
  }
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b);
  const extra = keys.filter((k) => k !== 'window' && k !== 'rows');
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
  for (const k of ['from', 'to'] as const) {
    if (typeof w[k] !== 'string' && typeof w[k] !== 'number')
      throw new VigilError('VIGIL_ERR_VALIDATION', `body.window.${k}: is required, ISO-8601 or epoch milliseconds`);
  }
  return { window: { from: w.from, to: w.to } };
}

function profileDataset(model: string, input: string | unknown[], format: 'csv' | 'jsonl' | 'rows'): ModelProfile {
  try {
    if (format === 'csv') return profileCsv(model, input as string);
    if (format === 'jsonl') return profileJsonLines(model, input as string);
    return profileJsonRows(model, input as unknown[]);
  } catch (err) {
    if (err instanceof ReferenceDatasetError)
      throw new VigilError('VIGIL_ERR_VALIDATION', format === 'rows' ? err.message : `body: ${err.message}`);
    throw err;
  }
}

function summarise(r: ReferenceRecord, profile: ModelProfile): ReferenceSummaryT {
  const columns: ReferenceSummaryT['columns'] = [];
  for (const [group, map] of [
    ['feature', profile.features],
    ['output', profile.outputs],
  ] as const) {
    for (const name of [...map.keys()].sort()) {
      const c = map.get(name)!;
      columns.push({
        name,
        group,
        kind: columnKind(c),
        present: c.present,
        missingRate: profile.rows > 0 ? profile.missing(c) / profile.rows : 0,
      });
    }
  }
  return {
    model: r.model,
    source: r.source,
    window: r.windowFrom !== null && r.windowTo !== null ? { from: r.windowFrom, to: r.windowTo } : null,
    rows: r.rows,
    createdAt: new Date(r.createdAtMs).toISOString(),
    columns,
  };
}
