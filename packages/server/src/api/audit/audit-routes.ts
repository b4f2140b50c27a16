import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AuditTrailList, AuditVerifyResult, ErrorBody } from '@vigil/protocol';
import { Readable } from 'node:stream';
import type { AuditService } from '../../audit/index.js';
import type { AuditChainEntry } from '../../audit/index.js';
import { parseTimeParam } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['audit'];

/**
 * The audit trail: newest entries with filters, JSON Lines export for a SIEM (oldest first, every entry), and
 * a chain verification.
 * @example await app.register(auditRoutes, { audit });
 */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        summary: 'Audit trail, newest first',
        tags,
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 64 })),
          to: Type.Optional(Type.String({ maxLength: 64 })),
          actor: Type.Optional(Type.String({ maxLength: 200 })),
          action: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
        }),
        response: { 200: AuditTrailList, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const entries = await audit.list({
        fromMs: q.from === undefined ? undefined : parseTimeParam('from', q.from),
        toMs: q.to === undefined ? undefined : parseTimeParam('to', q.to),
        actor: q.actor,
        action: q.action,
        limit: q.limit,
      });
      return { entries: entries.map(presentAudit) };
    },
  );

  app.get(
    '/api/v1/audit/export',
    {
      schema: {
        summary: 'The whole trail as JSON Lines (application/x-ndjson), oldest first, for a SIEM',
        tags,
        produces: ['application/x-ndjson'],
      },
    },
    async (req, reply) => {
      await audit.record({
        actor: req.principal ? `${req.principal.kind}:${req.principal.name}` : 'anonymous',
        action: 'audit.exported',
        target: null,
        outcome: 'success',
        sourceIp: req.ip,
        before: null,
        after: null,
      });
      async function* lines() {
        for await (const e of audit.scanAll()) yield `${JSON.stringify(presentAudit(e))}\n`;
      }
      return reply.type('application/x-ndjson').send(Readable.from(lines()));
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        summary: 'Check the hash chain; names the first entry that was edited, deleted or moved',
        tags,
        response: { 200: AuditVerifyResult, ...errors },
      },
    },
    async () => audit.verify(),
  );
};

export function presentAudit(e: AuditChainEntry) {
  return {
    seq: e.seq,
    at: new Date(e.atMs).toISOString(),
    actor: e.actor,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    sourceIp: e.sourceIp,
    before: e.before,
    after: e.after,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
