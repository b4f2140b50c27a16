import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  GenAiClientQuery,
  GenAiClientSummary,
  INFRA_METRICS,
  InfraLinkList,
  InfraResourceList,
  InfraResourceQuery,
  InfraTimeseriesQuery,
  InfraTimeseriesResult,
  type InfraMetricName,
} from '@vigil/protocol';
import { MAX_INFRA_BUCKETS, type InfraService } from '../../health/index.js';
import { VigilError } from '../../errors/index.js';
import { checkQuerySpan, parseTimeParam } from '../http/time-params.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['health'];
const MINUTE = 60_000;

/**
 * Infrastructure beside the models: resources (service, host, pod, container) with their linked model, and CPU,
 * memory, disk, network and restart series (docs/infrastructure.md).
 * @example await app.register(infraRoutes, { infra: createInfraService({ store }), now });
 */
export const infraRoutes: FastifyPluginAsyncTypebox<{ infra: InfraService; now: () => number }> = async (
  app,
  { infra, now },
) => {
  app.get(
    '/api/v1/infra/resources',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Hosts, pods and containers sending infrastructure metrics, with the model each serves',
        tags,
        querystring: InfraResourceQuery,
        response: { 200: InfraResourceList, ...errors },
      },
    },
    async (req) =>
      infra.resources(
        req.query.since === undefined ? now() - 86_400_000 : parseTimeParam('since', req.query.since),
        req.query.kind,
      ),
  );

  app.get(
    '/api/v1/infra/links',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'Links from hosts, pods and services to the models they serve, in order',
        tags,
        response: { 200: InfraLinkList, ...errors },
      },
    },
    async () => infra.links(),
  );

  app.put(
    '/api/v1/infra/links',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the links from hosts, pods and services to models',
        description:
          'Each link names the model the resources matching all its attributes serve (a trailing * matches any suffix). The first matching link wins; a vigil.model attribute on the resource wins over all.',
        tags,
        body: InfraLinkList,
        response: { 200: InfraLinkList, ...errors },
      },
    },
    async (req) => infra.putLinks(req.body.links),
  );

  app.get(
    '/api/v1/infra/genai',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'OpenTelemetry GenAI client metrics per service and LLM: tokens, calls, errors, mean and p95 duration',
        description:
          'Client-reported aggregates from gen_ai.client.token.usage, gen_ai.client.operation.duration, gen_ai.server.request.duration and gen_ai.server.time_to_first_token sent to /v1/metrics; p50/p95 are estimated from the histogram buckets (docs/infrastructure.md).',
        tags,
        querystring: GenAiClientQuery,
        response: { 200: GenAiClientSummary, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const to = Math.ceil((q.to === undefined ? now() : parseTimeParam('to', q.to)) / MINUTE) * MINUTE;
      const from =
        Math.floor((q.from === undefined ? to - 86_400_000 : parseTimeParam('from', q.from)) / MINUTE) * MINUTE;
      if (from >= to) throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.from: must be before `to`');
      checkQuerySpan('from', from, to);
      return infra.genAi({ from, to, ...(q.model !== undefined && { model: q.model }) });
    },
  );

  app.get(
    '/api/v1/infra/timeseries',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'CPU, memory, filesystem, disk, network and restarts per resource, bucketed',
        tags,
        querystring: InfraTimeseriesQuery,
        response: { 200: InfraTimeseriesResult, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const metrics = q.metric.split(',').map((m) => m.trim());
      for (const m of metrics)
        if (!(INFRA_METRICS as readonly string[]).includes(m))
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `querystring.metric: "${m}" is not one of ${INFRA_METRICS.join(', ')}`,
          );
      const to = Math.ceil((q.to === undefined ? now() : parseTimeParam('to', q.to)) / MINUTE) * MINUTE;
      const from =
        Math.floor((q.from === undefined ? to - 6 * 3_600_000 : parseTimeParam('from', q.from)) / MINUTE) * MINUTE;
      if (from >= to) throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.from: must be before `to`');
      checkQuerySpan('from', from, to);
      const step =
        q.step !== undefined
          ? Math.ceil(q.step / MINUTE) * MINUTE
          : Math.max(MINUTE, Math.ceil((to - from) / 240 / MINUTE) * MINUTE);
      if ((to - from) / step > MAX_INFRA_BUCKETS)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `querystring.step: more than ${MAX_INFRA_BUCKETS} buckets; ask for a larger step`,
        );
      let resourceKeys = q.resource?.split(',').filter((k) => k !== '');
      if (q.service !== undefined || q.host !== undefined) {
        const { resources } = await infra.resources(from);
        const chosen = resources
          .filter(
            (r) => (q.service === undefined || r.service === q.service) && (q.host === undefined || r.host === q.host),
          )
          .map((r) => r.key);
        resourceKeys = resourceKeys ? resourceKeys.filter((k) => chosen.includes(k)) : chosen;
      }
      return infra.timeseries({
        metrics: metrics as InfraMetricName[],
        from,
        to,
        step,
        ...(resourceKeys && { resourceKeys }),
      });
    },
  );
};
