import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ApplyRulesBody,
  ApplyRulesResult,
  ErrorBody,
  RuleList,
  RuleOne,
  RulePreviewBody,
  RulePreviewResult,
  RuleHistoryResult,
  RulePutQuery,
  RulePutResult,
} from '@vigil/protocol';
import {
  AlertRuleSchema,
  canonical,
  checkRuleAgainstRollups,
  planRuleApply,
  previewRule,
  validateRules,
  type AlertingService,
  type AlertRule,
  type RuleProblem,
} from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import { actorName } from '../http/actor-name.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });
// Rule bodies are checked by validateRules (every problem with a JSON pointer) rather than Ajv, whose
// union errors name no field; the schema stays on the route for the OpenAPI document.
const skipAjv: FastifySchemaCompiler<unknown> = () => (data) => ({ value: data });

/**
 * Validates rule bodies against the schema and against what the rollups can answer; throws one
 * VIGIL_ERR_VALIDATION naming the first problem, with all of them (JSON pointers) in `details`.
 * Rules come back with their keys in canonical order, so equal rules store equal text.
 */
function assertValidRules(input: unknown, basePath: string): AlertRule[] {
  const v = validateRules(input, basePath);
  const problems: RuleProblem[] = v.ok
    ? v.rules.flatMap((r, i) => checkRuleAgainstRollups(r, `${basePath}/${i}`))
    : v.problems;
  throwProblems(problems);
  return (v as { rules: AlertRule[] }).rules.map((r) => JSON.parse(canonical(r)) as AlertRule);
}

/** {@link assertValidRules} for one rule at `basePath` ("" for a whole body). */
function assertValidRule(input: unknown, basePath: string): AlertRule {
  try {
    return assertValidRules([input], '\u0000')[0]!;
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    throwProblems((err.details as RuleProblem[]).map((p) => ({ ...p, path: p.path.replace(/^\u0000\/0/, basePath) })));
    throw err;
  }
}

function throwProblems(problems: readonly RuleProblem[]): void {
  if (!problems.length) return;
  const first = problems[0]!;
  const where = `body${first.path.replaceAll('/', '.')}`;
  throw new VigilError(
    'VIGIL_ERR_VALIDATION',
    `${where}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems in details)` : ''}`,
    problems,
  );
}

/**
 * Alert rules: list, read, create, replace, delete, apply a rule file (`vigil rules apply`) and preview over
 * past rollups. Every change makes the scheduler reload the rules for its next round.
 * @example await app.register(alertRuleRoutes, { alerting });
 */
export const alertRuleRoutes: FastifyPluginAsyncTypebox<{ alerting: AlertingService }> = async (app, { alerting }) => {
  const { store, scheduler } = alerting;

  app.get(
    '/api/v1/alerts/rules',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'List alert rules',
        tags: ['alerting'],
        response: { 200: RuleList, ...errors },
      },
    },
    async () => ({ rules: await store.listRules() }),
  );

  app.get(
    '/api/v1/alerts/rules/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'One alert rule',
        tags: ['alerting'],
        params: IdParams,
        response: { 200: RuleOne, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      const stored = await store.getRule(id);
      if (!stored) throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert rule "${id}" does not exist`);
      return { rule: stored };
    },
  );

  app.post(
    '/api/v1/alerts/rules',
    {
      config: { auth: 'admin' },
      validatorCompiler: skipAjv,
      schema: {
        summary: 'Create an alert rule',
        tags: ['alerting'],
        body: AlertRuleSchema,
        response: { 201: RuleOne, 409: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const rule = assertValidRule(req.body, '');
      assertRuleArea(req, rule.area);
      if (await store.getRule(rule.id))
        throw new VigilError(
          'VIGIL_ERR_ALREADY_EXISTS',
          `body.id: alert rule "${rule.id}" already exists; PUT /api/v1/alerts/rules/${encodeURIComponent(rule.id)} to change it`,
        );
      const { stored } = await alerting.rules.put(rule, 'api', { actor: actorOf(req) }, alerting.now());
      scheduler.invalidateRules();
      return reply.code(201).send({ rule: stored });
    },
  );

  app.put(
    '/api/v1/alerts/rules/:id',
    {
      config: { auth: 'admin' },
      validatorCompiler: skipAjv,
      schema: {
        summary: 'Create or replace an alert rule',
        tags: ['alerting'],
        params: IdParams,
        querystring: RulePutQuery,
        body: AlertRuleSchema,
        response: { 200: RulePutResult, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      const rule = assertValidRule(req.body, '');
      if (rule.id !== id)
        throw new VigilError('VIGIL_ERR_VALIDATION', `body.id: "${rule.id}" differs from the id in the path ("${id}")`);
      const existing = await store.getRule(id);
      assertRuleArea(req, rule.area);
      if (existing) assertRuleArea(req, existing.rule.area);
      const who = { actor: actorOf(req), reason: parseReason(req.query) };
      const result = await alerting.rules.put(rule, existing?.source ?? 'api', who, alerting.now());
      scheduler.invalidateRules();
      return { rule: result.stored, change: result.change };
    },
  );

  app.delete(
    '/api/v1/alerts/rules/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete an alert rule (its alerts resolve next round)',
        tags: ['alerting'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const existing = await store.getRule(id);
      if (existing) assertRuleArea(req, existing.rule.area);
      if (!(await alerting.rules.delete(id, { actor: actorOf(req) }, alerting.now())))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert rule "${id}" does not exist`);
      scheduler.invalidateRules();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/alerts/rules/apply',
    {
      config: { auth: 'admin' },
      validatorCompiler: skipAjv,
      schema: {
        summary:
          'Apply a rule file (what `vigil rules apply` sends): create, update, delete rules from files; idempotent',
        tags: ['alerting'],
        body: ApplyRulesBody,
        response: { 200: ApplyRulesResult, ...errors },
      },
    },
    async (req) => {
      // Not checked by Ajv (skipAjv): whatever was sent, narrowed here.
      const body: { rules?: unknown; dryRun?: unknown } = isObject(req.body) ? req.body : {};
      if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean')
        throw new VigilError('VIGIL_ERR_VALIDATION', 'body.dryRun: must be a boolean');
      const rules = assertValidRules(body.rules, '/rules');
      const current = await store.listRules();
      const changes = planRuleApply(rules, current);
      const areaOf = new Map([...current.map((c) => c.rule), ...rules].map((r) => [r.id, r.area]));
      for (const c of changes) if (c.change !== 'unchanged') assertRuleArea(req, areaOf.get(c.id)!);
      if (body.dryRun !== true) {
        const byId = new Map(rules.map((r) => [r.id, r]));
        const who = { actor: actorOf(req), reason: 'rule file applied' };
        for (const c of changes) {
          if (c.change === 'delete') await alerting.rules.delete(c.id, who, alerting.now());
          else if (c.change !== 'unchanged') await alerting.rules.put(byId.get(c.id)!, 'yaml', who, alerting.now());
        }
        scheduler.invalidateRules();
      }
      const counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
      for (const c of changes) counts[c.change]++;
      return { dryRun: body.dryRun === true, changes, counts };
    },
  );

  app.get(
    '/api/v1/alerts/rules/:id/history',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The rule change history: every create, update and delete, who made it and why (newest first)',
        tags: ['alerting'],
        params: IdParams,
        response: { 200: RuleHistoryResult, ...errors },
      },
    },
    async (req) => ({ changes: await alerting.rules.list(req.params.id) }),
  );

  app.post(
    '/api/v1/alerts/rules/preview',
    {
      config: { auth: 'read' },
      validatorCompiler: skipAjv,
      schema: {
        summary: 'How often a rule would have fired: re-evaluated over past rollups at the evaluation interval',
        tags: ['alerting'],
        body: RulePreviewBody,
        response: { 200: RulePreviewResult, ...errors },
      },
    },
    async (req) => {
      const body: { rule?: unknown; range?: unknown } = isObject(req.body) ? req.body : {};
      const rule = assertValidRule(body.rule, '/rule');
      const range = body.range === undefined ? '7d' : String(body.range);
      const m = /^([0-9]+)(h|d)$/.exec(range);
      const rangeMs = m ? Number(m[1]) * (m[2] === 'h' ? 3_600_000 : 86_400_000) : NaN;
      if (!(rangeMs > 0 && rangeMs <= 14 * 86_400_000))
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.range: "${range}" must be hours or days up to 14d, e.g. "7d" or "36h"`,
        );
      const started = performance.now();
      const preview = await previewRule(rule, alerting.rollups, {
        to: alerting.now(),
        rangeMs,
        stepMs: alerting.evalStepMs,
        references: alerting.references ?? undefined,
        infra: alerting.infra ?? undefined,
      });
      return { ...preview, durationMs: performance.now() - started };
    },
  );
};

// The route skips Ajv (skipAjv), so the query is checked here against RulePutQuery's bound.
function parseReason(query: unknown): string | null {
  const reason = isObject(query) ? query.reason : undefined;
  if (reason === undefined) return null;
  if (typeof reason !== 'string' || reason.length > 500)
    throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.reason: must be one string of at most 500 characters');
  return reason;
}

function actorOf(req: FastifyRequest): string {
  return actorName(req) ?? 'unknown';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rules are edited by the teams responsible for their monitoring area (identity/permissions.ts ROLE_RULE_AREAS). */
function assertRuleArea(req: FastifyRequest, area: string): void {
  const p = req.principal;
  if (!p || p.ruleAreas.has(area)) return;
  const may = [...p.ruleAreas];
  throw new VigilError(
    'VIGIL_ERR_FORBIDDEN',
    `body.area: ${p.kind === 'user' ? p.name : `API key "${p.name}"`} edits alert rules in ${may.length ? may.join(', ') : 'no area'}, not "${area}"`,
  );
}
