import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  RetentionPolicy,
  RetentionPolicyInput,
  RetentionPolicyList,
  SubjectErasure,
  SubjectExport,
  SubjectId,
} from '@vigil/protocol';
import type { RetentionPolicyService, SubjectService } from '../../privacy/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const SubjectParams = Type.Object({ id: SubjectId });
const tags = ['privacy'];

/** The audit trail's name for who asks (as the audit hook writes it). */
const requester = (req: FastifyRequest) => ({
  actor: req.principal ? `${req.principal.kind}:${req.principal.name}` : 'anonymous',
  sourceIp: req.ip ?? null,
});

/**
 * Data subjects (GDPR): export everything held for one (`?download=true` answers it as a file) and erase it; and
 * retention per use case. InfoSec and Admin only (identity/permissions.ts). docs/gdpr.md.
 * @example await app.register(privacyRoutes, { subjects, retention });
 */
export const privacyRoutes: FastifyPluginAsyncTypebox<{
  subjects: SubjectService;
  retention: RetentionPolicyService;
}> = async (app, { subjects, retention }) => {
  app.get(
    '/api/v1/subjects/:id',
    {
      schema: {
        summary: 'Everything held for a data subject: events, labels, erasures recorded (GDPR access and portability)',
        tags,
        params: SubjectParams,
        querystring: Type.Object({
          download: Type.Boolean({ default: false, description: 'Answer as a JSON file to save.' }),
        }),
        response: { 200: SubjectExport, ...errors },
      },
    },
    async (req, reply) => {
      const held = await subjects.exportSubject(req.params.id, requester(req));
      if (req.query.download) {
        // The file name carries no subject id (it may be personal data); the date tells exports apart.
        const day = held.exportedAt.slice(0, 10);
        void reply.header('content-disposition', `attachment; filename="vigil-subject-export-${day}.json"`);
      }
      return held;
    },
  );

  app.delete(
    '/api/v1/subjects/:id',
    {
      schema: {
        summary:
          'Erase a data subject: its events (blocks rewritten without them) and labels, from the store and its files',
        tags,
        params: SubjectParams,
        response: { 200: SubjectErasure, ...errors },
      },
    },
    async (req) => subjects.eraseSubject(req.params.id, requester(req)),
  );

  app.get(
    '/api/v1/retention-policies',
    {
      schema: {
        summary: 'Retention per use case: raw-event days and rollup days, and what the retention job applies',
        tags,
        response: { 200: RetentionPolicyList, ...errors },
      },
    },
    async () => retention.list(),
  );

  app.put(
    '/api/v1/retention-policies/:useCaseId',
    {
      schema: {
        summary: 'Set one use case’s retention (null days = the global default)',
        tags,
        params: Type.Object({ useCaseId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: RetentionPolicyInput,
        response: { 200: RetentionPolicy, ...errors },
      },
    },
    async (req) => retention.put(req.params.useCaseId, req.body, requester(req).actor),
  );
};
