import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, EscalationPolicyAnswer, EscalationPolicyPut } from '@vigil/protocol';
import type { IncidentService } from '../../incidents/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['alerting'];

/**
 * GET / PUT /api/v1/escalation-policy: the chain escalation reads at every step (docs/alerting.md "Escalation").
 * @example await app.register(escalationPolicyRoutes, { incidents });
 */
export const escalationPolicyRoutes: FastifyPluginAsyncTypebox<{ incidents: IncidentService }> = async (
  app,
  { incidents },
) => {
  const read = async () => {
    const { policy, isStored } = await incidents.escalationPolicy();
    return { policy: { ...policy, levels: [...policy.levels] }, isDefault: !isStored };
  };
  app.get(
    '/api/v1/escalation-policy',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The escalation policy: levels, acknowledgement timeouts, executive threshold, reminders',
        tags,
        response: { 200: EscalationPolicyAnswer, ...errors },
      },
    },
    read,
  );
  app.put(
    '/api/v1/escalation-policy',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the escalation policy; open incidents follow it from their next step',
        tags,
        body: EscalationPolicyPut,
        response: { 200: EscalationPolicyAnswer, ...errors },
      },
    },
    async (req) => {
      await incidents.setEscalationPolicy(req.body.policy);
      return read();
    },
  );
};
