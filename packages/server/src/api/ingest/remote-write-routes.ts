import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@vigil/protocol';
import { VigilError } from '../../errors/index.js';
import type { InfraIngestService } from '../../ingest/index.js';

/**
 * Prometheus remote-write 1.0 at the Prometheus path (`remote_write: [{url: http://vigil:8080/api/v1/write}]`):
 * a snappy-compressed `WriteRequest` (the protobuf body parser undoes the snappy). 204 once the node_exporter /
 * kube-state-metrics series Vigil maps are committed as infrastructure metrics (docs/infrastructure.md).
 * @example await app.register(remoteWriteRoutes, { infraIngest: createInfraIngestService({ infra: store.infra }) });
 */
export const remoteWriteRoutes: FastifyPluginAsyncTypebox<{ infraIngest: InfraIngestService }> = async (
  app,
  { infraIngest },
) => {
  app.post(
    '/api/v1/write',
    {
      config: { auth: 'ingest', shedLoad: true, validatesItems: true },
      schema: {
        summary: 'Prometheus remote-write (protobuf + snappy)',
        description:
          'A Prometheus remote-write 1.0 WriteRequest, Content-Type application/x-protobuf, Content-Encoding snappy. Host and container series (node_exporter, kube-state-metrics) are stored as infrastructure metrics; see docs/infrastructure.md.',
        tags: ['ingest'],
        response: {
          204: Type.Null(),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          429: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new VigilError(
          'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE',
          'Content-Type: send application/x-protobuf with Content-Encoding: snappy (Prometheus remote-write 1.0)',
        );
      await infraIngest.writePrometheus(req.body);
      return reply.code(204).send(null);
    },
  );
};
