import type { FastifyInstance } from 'fastify';
import { ErrorBody, EscalationPolicyAnswer, EscalationPolicyPut, type Answer } from '@vigil/protocol';
import type { EscalationPolicy } from '../../incidents/index.js';
import type { AlertingService } from '../../alerting/service/index.js';
import { VigilError } from '../../errors/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** Below this a level would page the next one before anyone could open the notification. */
const MIN_ACK_TIMEOUT_MS = 60_000;

/** Problems the schema cannot express: unique level names, a usable timeout on every level but the last. */
function checkPolicy(p: EscalationPolicy): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  p.levels.forEach((level, i) => {
    if (p.levels.findIndex((l) => l.name === level.name) !== i)
      problems.push({
        path: `/policy/levels/${i}/name`,
        message: `"${level.name}" names two levels; names must be unique`,
      });
    if (i < p.levels.length - 1 && level.ackTimeoutMs < MIN_ACK_TIMEOUT_MS) {
      problems.push({
        path: `/policy/levels/${i}/ackTimeoutMs`,
        message: `must be at least ${MIN_ACK_TIMEOUT_MS} (1 minute) on every level but the last`,
      });
    }
  });
  return problems;
}

/** GET / PUT /api/v1/escalation-policy: the chain escalation reads at every step (docs/alerting.md "Escalation"). */
export function registerAlertingEscalationRoutes(app: FastifyInstance, alerting: AlertingService): void {
  const tags = ['alerting'];
  const read = async (): Promise<Answer<EscalationPolicyAnswer>> => {
    const { policy, isStored } = await alerting.incidents.readEscalationPolicy();
    return { policy, isDefault: !isStored };
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
      const { policy } = req.body as { policy: EscalationPolicy };
      const problems = checkPolicy(policy);
      if (problems.length) {
        const first = problems[0]!;
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body${first.path.replaceAll('/', '.')}: ${first.message}`,
          problems,
        );
      }
      await alerting.store.setEscalationPolicy(policy);
      return read();
    },
  );
}
