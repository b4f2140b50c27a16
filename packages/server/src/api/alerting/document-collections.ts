import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyTypeProviderDefault } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorBody, type Answer } from '@vigil/protocol';
import type { DocumentCollection } from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';

/** The server a route plugin registers on (typed through the TypeBox type provider). */
type App = Parameters<FastifyPluginAsyncTypebox>[0];

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });

interface CollectionBase<T extends { id: string }, S extends TSchema> {
  path: string;
  plural: string;
  singular: string;
  /** POST and PUT bodies (from @vigil/protocol). */
  body: TSchema;
  /** One document as answered (from @vigil/protocol); lists answer `{ [plural]: item[] }`. */
  item: S;
  collection: DocumentCollection<T>;
  /** Extra checks after the schema; throw VigilError. Returns the document to store. */
  prepare?: (doc: T) => T | Promise<T>;
  /** Runs first on POST and PUT bodies (e.g. derive the id). */
  normalize?: (doc: T) => T;
  /** Creating without an id assigns a random one (silences, maintenance windows). */
  isIdGenerated?: boolean;
}

/** What GET returns for a stored document: needed unless the document already is the wire shape. */
export type CollectionRoutes<T extends { id: string }, S extends TSchema> = CollectionBase<T, S> &
  (T extends Answer<Static<S>>
    ? { present?: (doc: T) => Answer<Static<S>> }
    : { present: (doc: T) => Answer<Static<S>> });

/**
 * GET list, GET one, POST (201; 409 when the id exists), PUT (create or replace), DELETE (204) of one keyed
 * collection of documents (teams, channels, silences, maintenance windows, SLOs). Not a route plugin itself:
 * the alerting route plugins call it. Bodies are typed by the caller's schema, hence the casts to `T`.
 */
export function registerCollection<T extends { id: string }, S extends TSchema>(
  typedApp: App,
  r: CollectionRoutes<T, S>,
  now: () => number,
): void {
  // The schemas are the caller's, known at run time only: typed here by hand, not by the type provider.
  const app = typedApp.withTypeProvider<FastifyTypeProviderDefault>();
  // The type of `r` already demands `present` when a stored document is not the wire shape.
  const present = (r.present ?? ((d: T) => d)) as (doc: T) => Answer<Static<S>>;
  const response = r.item;
  const tags = ['alerting'];
  const get = async (id: string) => {
    const doc = await r.collection.get(id);
    if (!doc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `${r.singular} "${id}" does not exist`);
    return doc;
  };
  const bodySchema = r.body;

  app.get(
    r.path,
    {
      config: { auth: 'read' },
      schema: {
        summary: `List ${r.plural}`,
        tags,
        response: { 200: Type.Object({ [r.plural]: Type.Array(response) }), ...errors },
      },
    },
    async () => ({
      [r.plural]: (await r.collection.list()).map(present),
    }),
  );
  app.get(
    `${r.path}/:id`,
    {
      config: { auth: 'read' },
      schema: {
        summary: `One ${r.singular}`,
        tags,
        params: IdParams,
        response: { 200: Type.Object({ [r.singular]: response }), ...errors },
      },
    },
    async (req) => ({
      [r.singular]: present(await get((req.params as { id: string }).id)),
    }),
  );
  app.post(
    r.path,
    {
      config: { auth: 'admin' },
      schema: {
        summary: `Create a ${r.singular}`,
        tags,
        body: bodySchema,
        response: { 201: Type.Object({ [r.singular]: response }), 409: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const body = r.normalize ? r.normalize({ ...(req.body as T) }) : { ...(req.body as T) };
      if (r.isIdGenerated && !body.id) body.id = randomUUID();
      if (await r.collection.get(body.id))
        throw new VigilError(
          'VIGIL_ERR_ALREADY_EXISTS',
          `body.id: ${r.singular} "${body.id}" already exists; PUT ${r.path}/${encodeURIComponent(body.id)} to change it`,
        );
      const doc = r.prepare ? await r.prepare(body) : body;
      await r.collection.put(doc, now());
      return reply.code(201).send({ [r.singular]: present(doc) });
    },
  );
  app.put(
    `${r.path}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        summary: `Create or replace a ${r.singular}`,
        tags,
        params: IdParams,
        body: bodySchema,
        response: { 200: Type.Object({ [r.singular]: response }), ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      let body = { ...(req.body as T) };
      if (body.id === undefined && !r.normalize) body.id = id;
      if (r.normalize) body = r.normalize(body);
      if (body.id !== id)
        throw new VigilError('VIGIL_ERR_VALIDATION', `body.id: "${body.id}" differs from the id in the path ("${id}")`);
      const doc = r.prepare ? await r.prepare(body) : body;
      await r.collection.put(doc, now());
      return { [r.singular]: present(doc) };
    },
  );
  app.delete(
    `${r.path}/:id`,
    {
      config: { auth: 'admin' },
      schema: { summary: `Delete a ${r.singular}`, tags, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!(await r.collection.delete(id)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `${r.singular} "${id}" does not exist`);
      return reply.code(204).send();
    },
  );
}
