import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ExecutiveReport, RoiCalculateBody, RoiInputsAnswer, RoiInputsStored } from '@vigil/protocol';
import type { ReportService } from '../../governance/index.js';
import { parseQueryRange } from '../http/time-params.js';
import { parseBaseline } from './baseline-params.js';
import { actorName } from '../http/actor-name.js';

const DAY = 86_400_000;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['report'];

/**
 * The executive report (`GET /api/v1/report/executive`) and its stored ROI inputs (`/api/v1/report/roi-inputs`):
 * scorecard, coverage and shadow AI, the ROI calculator, ROI measured from Vigil's incidents, incidents over
 * $10K impact, and spend with budgets. docs/cost.md.
 * @example await app.register(reportRoutes, { report, now });
 */
export const reportRoutes: FastifyPluginAsyncTypebox<{ report: ReportService; now: () => number }> = async (
  app,
  { report, now },
) => {
  app.get(
    '/api/v1/report/roi-inputs',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The ROI inputs of the executive report',
        tags,
        response: { 200: RoiInputsAnswer, ...errors },
      },
    },
    async () => report.roiInputs(),
  );

  app.put(
    '/api/v1/report/roi-inputs',
    {
      config: { auth: 'admin' },
      schema: {
        summary:
          'Store the ROI inputs: `calculator` (a POST /api/v1/roi/calculate body) and `measured` (cost per incident, cost per hour, Vigil running cost)',
        tags,
        // The inputs are read field by field, naming the first bad one (parseReportInputs).
        body: RoiCalculateBody,
        response: { 200: RoiInputsStored, ...errors },
      },
    },
    async (req) => report.putRoiInputs(req.body, actorName(req)),
  );

  app.get(
    '/api/v1/report/executive',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          'Executive report: scorecard, coverage and shadow AI, ROI (calculator and measured), incidents over $10K impact, spend and budgets',
        tags,
        querystring: Type.Object({
          from: Type.Optional(
            Type.String({ description: 'Period start (ISO-8601 or epoch ms); default 30 days before `to`.' }),
          ),
          to: Type.Optional(Type.String({ description: 'Period end; default now.' })),
          baselineFrom: Type.Optional(
            Type.String({ description: 'MTTR baseline start; default: the first incident.' }),
          ),
          baselineTo: Type.Optional(
            Type.String({ description: 'MTTR baseline end; default 30 days after baselineFrom.' }),
          ),
        }),
        response: { 200: ExecutiveReport, ...errors },
      },
    },
    async (req) =>
      report.executive({ ...parseQueryRange(req.query, now(), 30 * DAY), baseline: parseBaseline(req.query, now()) }),
  );
};
